import {
  LIGHT_LABELS,
  parseWan,
  roundHalfUp,
  type BulletinContent,
  type BulletinProjectLine,
  type GroupFigures,
  type RankChange,
} from '@beacon/domain';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IRunOptions,
} from 'docx';
import { targetText } from '../indicators/excel.ts';
import { moneyCell, writeWorkbookSheets, type ExportCell, type ExportSheet } from '../projects/excel.ts';

/** What the bulletin prints around its content: who issues it, its number and date, the region names. */
export type BulletinHeader = {
  issuer: string;
  cityName: string;
  documentNumber: string | null;
  /** The issue date, YYYY-MM-DD: the publishing date, or the closing date of a draft. */
  issuedOn: string;
  edition: number;
  reason: string | null;
  regionNames: ReadonlyMap<string, string>;
};

const yi = (decimal: string) => roundHalfUp(parseWan(decimal), 'yi', 2);
const pct = (value: string | null) => (value === null ? '—' : `${value}%`);
const pts = (value: string | null) => (value === null ? '—' : value);
const ARROWS: Record<RankChange, string> = { up: '↑', down: '↓', same: '—', new: '新' };
const chineseDate = (iso: string) =>
  `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

export function bulletinTitle(content: BulletinContent, cityName: string) {
  const months = content.month === 1 ? '1月' : `1—${content.month}月`;
  return `关于${content.year}年${months}${cityName}重大项目推进情况的通报`;
}

function overview(content: BulletinContent): string {
  const h = content.headline;
  const gap =
    h.gapPts === null
      ? ''
      : Number(h.gapPts) >= 0
        ? `，快于序时进度 ${h.gapPts} 个百分点`
        : `，落后序时进度 ${h.gapPts.slice(1)} 个百分点`;
  const growth = h.growthPct === null ? '' : `，同比增长 ${h.growthPct}%`;
  const starts =
    h.plannedStarts === 0
      ? ''
      : `截至${content.month}月底计划新开工项目 ${h.plannedStarts} 个，已开工 ${h.starts} 个，开工率 ${pct(h.startRatePct)}。`;
  return (
    `全市纳入年度计划的重大项目 ${h.projects} 个，总投资 ${yi(h.totalInvestment)} 亿元，年度计划投资 ${yi(h.annualPlan)} 亿元。` +
    `1—${content.month}月累计完成投资 ${yi(h.cumulative)} 亿元${growth}，完成年度计划的 ${pct(h.completionPct)}` +
    `（序时进度 ${content.timeProgressPct}%）${gap}。${starts}` +
    `按预警规则，红灯项目 ${h.lights.red} 个、黄灯项目 ${h.lights.yellow} 个、绿灯项目 ${h.lights.green} 个。`
  );
}

const RANKING_HEADERS = [
  '排名',
  '地区',
  '项目数',
  '年度计划(亿元)',
  '累计完成(亿元)',
  '完成率(%)',
  '比序时(百分点)',
  '同比增长(%)',
  '红灯',
  '黄灯',
  '绿灯',
  '名次变化',
];
const PROJECT_HEADERS = ['序号', '项目名称', '所在地', '责任单位', '领办领导', '亮灯原因'];
const LIST_HEADERS = [
  '名单',
  '项目数',
  '年度计划(亿元)',
  '累计完成(亿元)',
  '完成率(%)',
  '比序时(百分点)',
  '计划开工',
  '已开工',
  '红灯',
  '黄灯',
  '绿灯',
];

const INDICATOR_HEADERS = [
  '指标',
  '累计完成',
  '同比增长(%)',
  '完成率(%)',
  '比序时(百分点)',
  '目标',
  '是否达标',
];

/** The city's row of each indicator: amounts in 亿元, counts in 个. */
function indicatorRows(content: BulletinContent): string[][] {
  const table = content.indicators;
  if (!table) return [];
  return table.indicators.map((indicator) => {
    const row = table.rows.find(
      (candidate) => candidate.indicator === indicator.code && candidate.region === null,
    );
    const figure =
      indicator.unit === 'count' ? `${row?.count ?? 0} 个` : `${yi(row?.cumulative ?? '0')} 亿元`;
    return [
      indicator.name,
      figure,
      pts(row?.growthPct ?? null),
      pts(row?.completionPct ?? null),
      pts(row?.gapPts ?? null),
      targetText(row?.target ?? null) ?? '—',
      row?.targetMet === undefined || row.targetMet === null ? '—' : row.targetMet ? '达标' : '未达标',
    ];
  });
}

function rankingRows(content: BulletinContent): string[][] {
  return [...content.regions]
    .sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER))
    .map((region) => [
      region.rank === null ? '—' : String(region.rank),
      region.name,
      String(region.projects),
      yi(region.annualPlan),
      yi(region.cumulative),
      pts(region.completionPct),
      pts(region.gapPts),
      pts(region.growthPct),
      String(region.lights.red),
      String(region.lights.yellow),
      String(region.lights.green),
      region.rankChange === null ? '—' : ARROWS[region.rankChange],
    ]);
}

function projectRows(lines: readonly BulletinProjectLine[], header: BulletinHeader): string[][] {
  return lines.map((line, index) => [
    String(index + 1),
    line.name,
    header.regionNames.get(line.regionCode) ?? line.regionCode,
    line.responsibleUnit ?? '—',
    line.leadingOfficial ?? '—',
    line.explanation,
  ]);
}

function listRows(content: BulletinContent): string[][] {
  return content.lists.map((list) => [
    list.name,
    String(list.projects),
    yi(list.annualPlan),
    yi(list.cumulative),
    pts(list.completionPct),
    pts(list.gapPts),
    String(list.plannedStarts),
    String(list.starts),
    String(list.lights.red),
    String(list.lights.yellow),
    String(list.lights.green),
  ]);
}

// Official documents (GB/T 9704): 小标宋 titles, 仿宋 body, 黑体 and 楷体 headings, 三号 = 16 pt.
// Word and LibreOffice substitute the nearest installed font when one is missing.
const FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading: '黑体',
  subheading: '楷体_GB2312',
  table: '宋体',
};
const run = (text: string, font: string, size: number, extra: Partial<IRunOptions> = {}) =>
  new TextRun({
    text,
    font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: font },
    size: size * 2,
    ...extra,
  });
const bodyParagraph = (text: string) =>
  new Paragraph({
    children: [run(text, FONTS.body, 16)],
    indent: { firstLine: 640 },
    spacing: { line: 560, lineRule: 'exact' },
    alignment: AlignmentType.JUSTIFIED,
  });
const heading = (text: string) =>
  new Paragraph({
    children: [run(text, FONTS.heading, 16)],
    indent: { firstLine: 640 },
    spacing: { line: 560, lineRule: 'exact' },
  });

/** Columns of prose (a reason) read better left-aligned; figures and names stay centred. */
const PROSE_HEADERS = new Set(['亮灯原因']);

function table(headers: readonly string[], rows: readonly string[][], widths: readonly number[]): Table {
  const cell = (text: string, bold: boolean, width: number, prose = false) =>
    new TableCell({
      width: { size: width, type: WidthType.PERCENTAGE },
      verticalAlign: VerticalAlign.CENTER,
      children: [
        new Paragraph({
          alignment: prose ? AlignmentType.LEFT : AlignmentType.CENTER,
          children: [run(text, FONTS.table, 9, { bold })],
        }),
      ],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true,
        children: headers.map((text, index) => cell(text, true, widths[index]!)),
      }),
      ...rows.map(
        (row) =>
          new TableRow({
            cantSplit: true,
            children: row.map((text, index) =>
              cell(text, false, widths[index]!, PROSE_HEADERS.has(headers[index]!)),
            ),
          }),
      ),
    ],
  });
}

const none = () => bodyParagraph('无。');

/**
 * A printed bulletin lists at most this many projects per table; a province's hundreds or
 * thousands of red lights are read in the workbook, which always has them all.
 */
const DOCUMENT_ROWS = 300;
const beyondDocument = (count: number) =>
  count > DOCUMENT_ROWS
    ? `本文列出按项目代码排序的前 ${DOCUMENT_ROWS} 个，完整名单见同期通报 Excel 附表。`
    : '';
const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** The bulletin as an official Word document: issuer in red, document number, title, numbered sections, tables. */
export async function bulletinDocx(content: BulletinContent, header: BulletinHeader): Promise<Buffer> {
  let sections = 0;
  const section = (title: string) => `${CHINESE_NUMERALS[sections++]}、${title}`;
  const children = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 200, after: 300 },
      children: [run(header.issuer, FONTS.title, 26, { color: 'C00000' })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: 'C00000', space: 6 } },
      spacing: { after: 400 },
      children: [run(header.documentNumber ?? '（未发布稿）', FONTS.body, 16)],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 400, line: 700, lineRule: 'exact' },
      children: [run(bulletinTitle(content, header.cityName), FONTS.title, 22)],
    }),
    ...(header.edition > 1
      ? [bodyParagraph(`（第 ${header.edition} 版，重新发布原因：${header.reason ?? ''}）`)]
      : []),
    new Paragraph({
      children: [run('各县（市、区）重大项目推进指挥部，市级有关单位：', FONTS.body, 16)],
      spacing: { line: 560, lineRule: 'exact' },
    }),
    bodyParagraph(
      `现将${content.year}年1—${content.month}月全市重大项目推进情况通报如下（数据截至${chineseDate(content.asOf)}，按预警规则亮灯）。`,
    ),
    heading(section('总体情况')),
    bodyParagraph(overview(content)),
    ...(content.indicators
      ? [
          heading(section('主要指标完成情况')),
          bodyParagraph(`全市各项指标 1—${content.month}月累计完成情况及与年度目标的比较如下。`),
          table(INDICATOR_HEADERS, indicatorRows(content), [24, 16, 12, 11, 12, 13, 12]),
        ]
      : []),
    heading(section('各地推进情况')),
    bodyParagraph('各地按年度计划完成率排名如下，名次变化与上月通报比较。'),
    table(RANKING_HEADERS, rankingRows(content), [6, 14, 7, 10, 10, 8, 9, 8, 6, 6, 6, 10]),
    heading(section('红灯项目')),
    ...(content.redProjects.length === 0
      ? [none()]
      : [
          bodyParagraph(
            `共 ${content.redProjects.length} 个项目亮红灯，请责任单位和领办领导抓紧协调推进。` +
              beyondDocument(content.redProjects.length),
          ),
          table(
            PROJECT_HEADERS,
            projectRows(content.redProjects.slice(0, DOCUMENT_ROWS), header),
            [6, 24, 10, 14, 10, 36],
          ),
        ]),
    heading(section('项目增减情况')),
    new Paragraph({ children: [run('（一）新增项目', FONTS.subheading, 16)], indent: { firstLine: 640 } }),
    ...(content.additions.length === 0
      ? [none()]
      : [
          ...(content.additions.length > DOCUMENT_ROWS
            ? [
                bodyParagraph(
                  `共 ${content.additions.length} 个。` + beyondDocument(content.additions.length),
                ),
              ]
            : []),
          table(
            PROJECT_HEADERS.slice(0, 5),
            projectRows(content.additions.slice(0, DOCUMENT_ROWS), header).map((row) => row.slice(0, 5)),
            [8, 40, 16, 20, 16],
          ),
        ]),
    new Paragraph({ children: [run('（二）减少项目', FONTS.subheading, 16)], indent: { firstLine: 640 } }),
    ...(content.removals.length === 0
      ? [none()]
      : [
          ...(content.removals.length > DOCUMENT_ROWS
            ? [bodyParagraph(`共 ${content.removals.length} 个。` + beyondDocument(content.removals.length))]
            : []),
          table(
            PROJECT_HEADERS.slice(0, 5),
            projectRows(content.removals.slice(0, DOCUMENT_ROWS), header).map((row) => row.slice(0, 5)),
            [8, 40, 16, 20, 16],
          ),
        ]),
    heading(section('重点名单项目推进情况')),
    ...(content.lists.length === 0
      ? [none()]
      : [table(LIST_HEADERS, listRows(content), [16, 7, 10, 10, 8, 10, 8, 7, 8, 8, 8])]),
    new Paragraph({
      spacing: { before: 600 },
      alignment: AlignmentType.RIGHT,
      children: [run(header.issuer, FONTS.body, 16)],
    }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      children: [run(chineseDate(header.issuedOn), FONTS.body, 16)],
    }),
  ];
  const document = new Document({
    creator: header.issuer,
    title: bulletinTitle(content, header.cityName),
    sections: [
      {
        // A4 with the margins of GB/T 9704: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}

const amount = (decimal: string): ExportCell => Number(roundHalfUp(parseWan(decimal), 'yi', 4));
const percent = (value: string | null): ExportCell => (value === null ? null : Number(value));

function figureCells(figures: GroupFigures): ExportCell[] {
  return [
    figures.projects,
    amount(figures.annualPlan),
    amount(figures.cumulative),
    percent(figures.completionPct),
    percent(figures.gapPts),
    percent(figures.growthPct),
    figures.plannedStarts,
    figures.starts,
    figures.lights.red,
    figures.lights.yellow,
    figures.lights.green,
  ];
}

const FIGURE_COLUMNS = [
  { header: '项目数', width: 9 },
  { header: '年度计划(亿元)', width: 15, format: '#,##0.0000' },
  { header: '累计完成(亿元)', width: 15, format: '#,##0.0000' },
  { header: '完成率(%)', width: 11, format: '0.0' },
  { header: '比序时(百分点)', width: 14, format: '0.0' },
  { header: '同比增长(%)', width: 12, format: '0.0' },
  { header: '计划开工', width: 10 },
  { header: '已开工', width: 9 },
  { header: '红灯', width: 7 },
  { header: '黄灯', width: 7 },
  { header: '绿灯', width: 7 },
];
const PROJECT_COLUMNS = [
  { header: '项目代码', width: 26 },
  { header: '项目名称', width: 36 },
  { header: '所在地', width: 14 },
  { header: '责任单位', width: 20 },
  { header: '领办领导', width: 12 },
  { header: '亮灯原因', width: 70 },
];

/** The bulletin as a workbook, one sheet per table of the document. */
export async function bulletinXlsx(content: BulletinContent, header: BulletinHeader): Promise<Buffer> {
  const title = `${bulletinTitle(content, header.cityName)}${header.documentNumber ? `（${header.documentNumber}）` : ''}`;
  const projectSheet = (name: string, lines: readonly BulletinProjectLine[]): ExportSheet => ({
    name,
    title,
    columns: PROJECT_COLUMNS,
    rows: lines.map((line) => [
      line.code,
      line.name,
      header.regionNames.get(line.regionCode) ?? line.regionCode,
      line.responsibleUnit,
      line.leadingOfficial,
      line.explanation,
    ]),
  });
  return writeWorkbookSheets([
    {
      name: '总体情况',
      title,
      columns: [
        { header: '范围', width: 12 },
        ...FIGURE_COLUMNS,
        { header: '序时进度(%)', width: 12, format: '0.0' },
      ],
      rows: [['全市', ...figureCells(content.headline), Number(content.timeProgressPct)]],
    },
    {
      name: '各地排名',
      title,
      columns: [
        { header: '排名', width: 7 },
        { header: '地区', width: 18 },
        ...FIGURE_COLUMNS,
        { header: '名次变化', width: 10 },
        { header: '地区亮灯', width: 10 },
        { header: '亮灯原因', width: 50 },
      ],
      rows: [...content.regions]
        .sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER))
        .map((region) => [
          region.rank,
          region.name,
          ...figureCells(region),
          region.rankChange === null ? null : ARROWS[region.rankChange],
          region.light === null ? null : LIGHT_LABELS[region.light],
          region.explanation,
        ]),
    },
    {
      name: '主要指标',
      title,
      columns: [
        { header: '指标', width: 28 },
        { header: '地区', width: 18 },
        { header: '累计完成(万元)', width: 18, format: '#,##0.0000' },
        { header: '上年同期(万元)', width: 18, format: '#,##0.0000' },
        { header: '同比增长(%)', width: 12, format: '0.0' },
        { header: '年度计划(万元)', width: 18, format: '#,##0.0000' },
        { header: '完成率(%)', width: 11, format: '0.0' },
        { header: '比序时(百分点)', width: 14, format: '0.0' },
        { header: '项目个数', width: 10 },
        { header: '目标', width: 14 },
        { header: '是否达标', width: 10 },
      ],
      rows: (content.indicators?.rows ?? []).map((row) => [
        content.indicators!.indicators.find((indicator) => indicator.code === row.indicator)?.name ??
          row.indicator,
        row.region === null ? '全市' : (header.regionNames.get(row.region) ?? row.region),
        row.cumulative === null ? null : moneyCell(row.cumulative),
        row.lastYearCumulative === null ? null : moneyCell(row.lastYearCumulative),
        percent(row.growthPct),
        row.annualPlan === null ? null : moneyCell(row.annualPlan),
        percent(row.completionPct),
        percent(row.gapPts),
        row.count,
        targetText(row.target),
        row.targetMet === null ? null : row.targetMet ? '达标' : '未达标',
      ]),
    },
    projectSheet('红灯项目', content.redProjects),
    projectSheet('新增项目', content.additions),
    projectSheet('减少项目', content.removals),
    {
      name: '重点名单',
      title,
      columns: [{ header: '名单', width: 20 }, ...FIGURE_COLUMNS],
      rows: content.lists.map((list) => [list.name, ...figureCells(list)]),
    },
  ]);
}
