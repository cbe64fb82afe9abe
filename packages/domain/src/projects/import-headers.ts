/**
 * Header recognition for the project sheets county offices already keep. Government lists
 * differ in wording, full-width brackets, line breaks inside cells and the money unit, so
 * headers are normalised before matching; a column nobody recognises is left for the user
 * to map in the import dialog.
 */
export const IMPORT_FIELDS = [
  'name',
  'code',
  'owner',
  'region',
  'address',
  'totalInvestmentWan',
  'totalInvestmentYi',
  'content',
  'period',
  'plannedYear',
  'plannedStart',
  'plannedCompletion',
  'sector',
  'funding',
  'stage',
  'lists',
  'highTech',
  'responsibleUnit',
  'serviceUnits',
  'leadingOfficial',
  'officialInCharge',
  'lng',
  'lat',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** The first header of each field is the one the export writes, so an export re-imports as is. */
export const FIELD_HEADERS: Record<ImportField, readonly string[]> = {
  name: ['项目名称', '名称'],
  code: ['项目代码', '统一代码', '项目统一代码', '投资项目统一代码', '项目编码'],
  owner: ['建设单位', '业主单位', '项目单位', '项目业主', '实施单位'],
  region: ['所在地', '所属地区', '县(市、区)', '县市区', '地区', '属地'],
  address: ['建设地点', '项目地址', '地址'],
  totalInvestmentWan: ['总投资(万元)', '总投资', '计划总投资(万元)', '项目总投资(万元)'],
  totalInvestmentYi: ['总投资(亿元)', '计划总投资(亿元)', '项目总投资(亿元)'],
  content: ['建设内容及规模', '建设规模及内容', '主要建设内容', '建设内容'],
  period: ['建设起止年限', '建设年限', '起止年限'],
  plannedYear: ['谋划年份', '新谋划年份', '谋划年度'],
  plannedStart: ['计划开工时间', '计划开工', '开工时间'],
  plannedCompletion: ['计划竣工时间', '计划竣工', '竣工时间'],
  sector: ['行业', '所属行业', '行业类别', '项目类别'],
  funding: ['资金来源', '投资主体', '投资类型'],
  stage: ['项目阶段', '项目状态', '建设性质'],
  lists: ['所属名单', '项目名单', '列入名单'],
  highTech: ['是否高新技术产业', '高新技术产业'],
  responsibleUnit: ['责任单位', '牵头单位'],
  serviceUnits: ['服务单位', '配合单位'],
  leadingOfficial: ['领办领导', '领衔领导', '联系领导'],
  officialInCharge: ['分管领导', '分管市领导'],
  lng: ['经度'],
  lat: ['纬度'],
};

export const FIELD_LABELS: Record<ImportField, string> = Object.fromEntries(
  IMPORT_FIELDS.map((field) => [field, FIELD_HEADERS[field][0]]),
) as Record<ImportField, string>;

export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC') // full-width （） and spaces become their ASCII forms
    .replace(/\s+/g, '')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .toLowerCase();
}

const HEADER_INDEX = new Map<string, ImportField>(
  IMPORT_FIELDS.flatMap((field) =>
    FIELD_HEADERS[field].map((header) => [normaliseHeader(header), field] as const),
  ),
);

export type HeaderMapping = { column: number; header: string; field: ImportField | null };

/**
 * Maps each header cell to a field. `overrides` (header text → field or null) is what the user
 * chose in the import dialog and wins over recognition. A field is taken by its first column only.
 */
export function mapHeaders(
  headers: readonly string[],
  overrides: Readonly<Record<string, ImportField | null>> = {},
): HeaderMapping[] {
  const taken = new Set<ImportField>();
  return headers.map((header, column) => {
    const override = Object.prototype.hasOwnProperty.call(overrides, header) ? overrides[header] : undefined;
    const field = override !== undefined ? override : (HEADER_INDEX.get(normaliseHeader(header)) ?? null);
    if (field === null || taken.has(field)) return { column, header, field: null };
    taken.add(field);
    return { column, header, field };
  });
}

/** Parses 建设起止年限 such as "2020-2023", "2020～2023年", "2020年-2023年" or a single year. */
export function parsePeriod(text: string): { startYear: number; endYear: number } | null {
  const match = /^(\d{4})\s*年?\s*(?:[-—–~～至到]\s*(\d{4})\s*年?)?$/.exec(text.normalize('NFKC').trim());
  if (!match) return null;
  const startYear = Number(match[1]);
  const endYear = match[2] ? Number(match[2]) : startYear;
  return endYear >= startYear ? { startYear, endYear } : null;
}

/**
 * Parses the date forms found in government sheets: "2020-03-15", "2020/3/15", "2020.3",
 * "2020年3月", "2020年3月15日". A month alone means its first day. Returns ISO YYYY-MM-DD.
 */
export function parseSheetDate(text: string): string | null {
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:月)?\s*(?:[-/.]?\s*(\d{1,2})\s*日?)?$/.exec(
    text.normalize('NFKC').trim(),
  );
  if (!match) return null;
  const [year, month, day = 1] = [Number(match[1]), Number(match[2]), match[3] ? Number(match[3]) : 1];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return date.toISOString().slice(0, 10);
}

/** Splits a cell that lists several names: "市重点、集中开工" or "交通局,住建局". */
export function splitList(text: string): string[] {
  return text
    .split(/[、,，;；/\n]/)
    .map((part) => part.trim())
    .filter(Boolean);
}

export function parseYesNo(text: string): boolean | null {
  const value = text.trim().toLowerCase();
  if (['是', 'y', 'yes', 'true', '1', '√'].includes(value)) return true;
  if (['否', 'n', 'no', 'false', '0', ''].includes(value)) return false;
  return null;
}

/** Writes 建设起止年限 for the export in the form {@link parsePeriod} reads. */
export function formatPeriod(startYear: number | null, endYear: number | null): string {
  // One column cannot say "ends 2025, start unknown"; a lone year is written and reads back as both.
  if (startYear !== null && endYear !== null) return `${startYear}-${endYear}`;
  return String(startYear ?? endYear ?? '');
}

/** 合计 / 总计 / 小计 rows sum up a government list; they are not projects. */
export function isSummaryRow(name: string): boolean {
  return /^(合计|总计|小计)$/.test(name.normalize('NFKC').replace(/\s+/g, ''));
}

// Spreadsheet programs run a cell that starts with one of these as a formula (OWASP "CSV
// injection"); tab and carriage return can hide the trigger from a reader.
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

/** Prefixes an apostrophe to text a spreadsheet would otherwise evaluate, as OWASP advises. */
export function neutraliseFormula(text: string): string {
  return FORMULA_TRIGGER.test(text) ? `'${text}` : text;
}

/** Undoes {@link neutraliseFormula}, so an exported sheet re-imports with the text it had. */
export function restoreNeutralised(text: string): string {
  return text.startsWith("'") && FORMULA_TRIGGER.test(text.slice(1)) ? text.slice(1) : text;
}
