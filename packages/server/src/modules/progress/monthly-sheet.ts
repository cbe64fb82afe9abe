/**
 * The monthly sheet (月报汇总表): a county, department or the city downloads one sheet for the
 * month with every project it answers for, fills in the month's figures offline and uploads it
 * back. The upload is the reviewer's own statement of the figures, so its rows become accepted
 * reports directly; all rows or none (convention 7), and the write is a handful of set-based
 * statements whatever the sheet's size.
 */
import { createHash } from 'node:crypto';
import {
  DEFAULT_DUE_DAY,
  daysInMonth,
  isoDate,
  isSummaryRow,
  isWindowOpen,
  lateOnSubmit,
  MoneyFormatError,
  MONTHLY_SHEET_FIELDS,
  MONTHLY_SHEET_HEADERS,
  MONTHLY_SHEET_INPUTS,
  MONTHLY_SHEET_REQUIRED,
  monthlySheetField,
  parsePercentComplete,
  parseWan,
  parseYesNo,
  reportingWindow,
  resolveDueDay,
  shanghaiDate,
  wanToDecimal,
  type MonthlySheetField,
} from '@beacon/domain';
import type ExcelJS from 'exceljs';
import type { RequestContext, Services } from '../../context.ts';
import type { ProgressReportRow } from '../../db/schema.ts';
import { AppError, type ErrorDetail } from '../../errors.ts';
import { recordAudit, recordAuditMany } from '../audit/record.ts';
import {
  dateCell,
  EXCEL_LIMITS,
  moneyCell,
  openWorksheet,
  readCell,
  rowTexts,
  tooManyRows,
  writeWorkbook,
  cellDate,
  type ExcelLimits,
  type ExportCell,
  type SheetCell,
} from '../projects/excel.ts';
import { reviewRefusal } from './policy.ts';
import {
  acceptPendingWithFigures,
  applyAcceptances,
  findProjectsByCodeInScope,
  insertAcceptedReports,
  latestMonthRevisions,
  listSheetProjects,
  loadRules,
  lockMonthRevisions,
  type SheetFigures,
  type SheetProject,
} from './repository.ts';
import type { MonthlySheetQuery, MonthlySheetSummary } from './schemas.ts';
import { applyStarts } from './service.ts';

const AUDIT_OBJECT = 'progress_report';

/** 400 when the month's reporting window has not opened: nothing about it can be reported yet. */
function assertMonthOpen(year: number, month: number, now: Date) {
  const window = reportingWindow(year, month, DEFAULT_DUE_DAY);
  if (!isWindowOpen(window, now)) {
    const reason = `${year}年${month}月的月报自 ${window.opensOn} 起才能填报`;
    throw new AppError('VALIDATION', reason, { details: [{ field: 'month', reason, value: month }] });
  }
}

const yesNo = (value: boolean) => (value ? '是' : '否');
const percentCell = (value: string | null): ExportCell => (value === null ? null : Number(value));

const COLUMN_FORMAT: Partial<Record<MonthlySheetField, { width: number; format?: string }>> = {
  code: { width: 26 },
  name: { width: 36 },
  owner: { width: 28 },
  region: { width: 12 },
  planned: { width: 16, format: '0.0000' },
  cumulative: { width: 18, format: '0.0000' },
  amount: { width: 18, format: '0.0000' },
  physicalProgress: { width: 30 },
  percentComplete: { width: 12, format: '0.00' },
  startedOn: { width: 13, format: 'yyyy-mm-dd' },
  statsRegistered: { width: 14 },
};
const INPUTS = new Set<MonthlySheetField>(MONTHLY_SHEET_INPUTS);

// The users are in China; the server may well run in UTC.
const chinaDay = (date: Date) => shanghaiDate(date).replace(/-/g, '');

/**
 * The month's sheet for the caller's projects, pre-filled with the month's current figures where a
 * report exists (whatever its state), so a county corrects rather than retypes.
 */
export async function downloadMonthlySheet(
  services: Services,
  ctx: RequestContext,
  query: MonthlySheetQuery,
  limits: ExcelLimits = EXCEL_LIMITS,
): Promise<{ fileName: string; asciiFileName: string; content: Buffer }> {
  const { year, month } = query;
  assertMonthOpen(year, month, new Date());
  const projects = await listSheetProjects(services.db, ctx.actor.scope, query);
  if (projects.length > limits.maxExportRows)
    throw new AppError('PAYLOAD_TOO_LARGE', `超过 ${limits.maxExportRows} 个项目，请按地区分别下载`);
  const reports = await latestMonthRevisions(
    services.db,
    { year, month },
    projects.map((project) => project.id),
  );
  const rows = projects.map((project) => {
    const report = reports.get(project.id);
    const values: Record<MonthlySheetField, ExportCell> = {
      code: project.code,
      name: project.name,
      owner: project.ownerName,
      region: project.regionName,
      planned: project.planned === null ? null : moneyCell(project.planned),
      cumulative: moneyCell(project.cumulative),
      amount: report ? moneyCell(report.completed_amount) : null,
      physicalProgress: report?.physical_progress ?? null,
      percentComplete: percentCell(report?.percent_complete ?? null),
      // A report's own date as it stands (blank stays blank, so the sheet re-uploads unchanged);
      // the registry's start only where the month has no report yet.
      startedOn: dateCell(report ? report.started_on : project.actualStart),
      statsRegistered: report ? yesNo(report.stats_registered) : null,
    };
    return MONTHLY_SHEET_FIELDS.map((field) => values[field]);
  });
  const content = await writeWorkbook({
    name: `${month}月`,
    title: `${year}年${month}月项目月报（共 ${rows.length} 个项目；灰色表头的列仅供参考，上传时不读取；本年累计为截至上月已审核数）`,
    columns: MONTHLY_SHEET_FIELDS.map((field) => ({
      header: MONTHLY_SHEET_HEADERS[field],
      ...COLUMN_FORMAT[field]!,
      readOnly: !INPUTS.has(field),
    })),
    rows,
  });
  await services.db.transaction().execute((trx) =>
    recordAudit(trx, ctx, {
      action: 'progress.sheet.export',
      objectType: AUDIT_OBJECT,
      after: { ...query, rows: rows.length },
    }),
  );
  const day = chinaDay(new Date());
  return {
    fileName: `月报-${year}年${month}月-${day}.xlsx`,
    asciiFileName: `monthly-${year}-${String(month).padStart(2, '0')}-${day}.xlsx`,
    content,
  };
}

type InputField = (typeof MONTHLY_SHEET_INPUTS)[number];
type ParsedRow = {
  row: number;
  code: string;
  figures: SheetFigures;
};

class CellProblem extends Error {}
const problem = (reason: string): never => {
  throw new CellProblem(reason);
};

const MONEY_RANGE = /^\d{1,14}\.\d{4}$/;

/** Readers of the input columns; each returns the value or throws the reason in Chinese. */
const READERS: { [K in InputField]: (cell: SheetCell, period: { lastDay: string }) => unknown } = {
  code: (cell) => cell.text.normalize('NFKC').trim() || problem('不能为空'),
  amount: (cell) => {
    if (cell.kind === 'empty') problem('不能为空');
    if (cell.kind !== 'number' && cell.kind !== 'text') problem('应为数字（万元）');
    let value: bigint;
    try {
      value = parseWan(cell.kind === 'number' ? cell.value : cell.text);
    } catch (error) {
      if (error instanceof MoneyFormatError) return problem(error.message);
      throw error;
    }
    if (value < 0n) problem('不能为负数');
    const decimal = wanToDecimal(value);
    return MONEY_RANGE.test(decimal) ? decimal : problem('超出范围');
  },
  physicalProgress: (cell) => {
    const text = cell.text.trim();
    if (text.length > 2000) problem('不能超过 2000 个字符');
    return text || null;
  },
  percentComplete: (cell) => {
    if (cell.kind === 'empty') return null;
    const parsed = parsePercentComplete(cell.text);
    return 'value' in parsed ? parsed.value : problem(parsed.reason);
  },
  startedOn: (cell, period) => {
    const value = cellDate(cell);
    if (value === undefined) problem('日期格式不正确，应为 2024-03-01 或 2024年3月');
    // A start after the reported month is a typo or a plan, not a fact the month can report.
    if (value && value > period.lastDay) problem(`不能晚于报告月份的最后一天 ${period.lastDay}`);
    return value;
  },
  statsRegistered: (cell) => {
    if (cell.kind === 'boolean') return cell.value;
    return parseYesNo(cell.text) ?? problem('应填写“是”或“否”');
  },
};

/** The columns that state the month; a row with none of them filled in reports nothing. */
const MONTH_FIGURES = ['amount', 'physicalProgress', 'percentComplete', 'statsRegistered'] as const;

type SheetLayout = { headerRow: number; columns: Map<MonthlySheetField, { column: number; header: string }> };

/** The header is the first row naming at least the project code and the month's amount. */
function findLayout(sheet: ExcelJS.Worksheet, limits: ExcelLimits): SheetLayout {
  const last = Math.min(limits.headerSearchRows, sheet.rowCount);
  for (let row = 1; row <= last; row++) {
    const columns: SheetLayout['columns'] = new Map();
    rowTexts(sheet, row).forEach((header, index) => {
      const field = monthlySheetField(header);
      if (field && !columns.has(field)) columns.set(field, { column: index + 1, header });
    });
    if (MONTHLY_SHEET_REQUIRED.every((field) => columns.has(field))) return { headerRow: row, columns };
  }
  const needed = MONTHLY_SHEET_REQUIRED.map((field) => `“${MONTHLY_SHEET_HEADERS[field]}”`).join('和');
  throw new AppError(
    'VALIDATION',
    `未找到表头：前 ${limits.headerSearchRows} 行中没有同时包含${needed}的一行`,
  );
}

/** Reads and checks every row; the problems of all rows are listed together. */
function parseRows(
  sheet: ExcelJS.Worksheet,
  layout: SheetLayout,
  period: { lastDay: string },
  limits: ExcelLimits,
) {
  const rows: ParsedRow[] = [];
  const problems: ErrorDetail[] = [];
  const firstRow = new Map<string, number>();
  let skipped = 0;
  const nameColumn = layout.columns.get('name')?.column;
  sheet.eachRow((sheetRow, number) => {
    if (number <= layout.headerRow) return;
    const cells = new Map<InputField, SheetCell>();
    for (const field of MONTHLY_SHEET_INPUTS) {
      const position = layout.columns.get(field);
      if (position) cells.set(field, readCell(sheetRow.getCell(position.column).value));
    }
    if ([...cells.values()].every((cell) => cell.kind === 'empty')) return;
    const name = nameColumn === undefined ? undefined : readCell(sheetRow.getCell(nameColumn).value);
    // 合计 rows sum the sheet up in the code or the name column; they are not projects.
    const codeText = cells.get('code')?.text ?? '';
    if (isSummaryRow(codeText) || (codeText === '' && name && isSummaryRow(name.text))) return;
    // The download fills in every project's code and start date; a row the county left without
    // any of the month's figures is a project not reported in this upload, not a mistake.
    if (MONTH_FIGURES.every((field) => (cells.get(field)?.kind ?? 'empty') === 'empty')) {
      skipped++;
      return;
    }
    if (rows.length + problems.length >= limits.maxDataRows) throw tooManyRows(limits);
    const values: Partial<Record<InputField, unknown>> = {};
    let failed = false;
    for (const [field, cell] of cells) {
      const header = layout.columns.get(field)!.header;
      try {
        // Cached results of formulas are not trusted: the sheet may never have been recalculated.
        if (cell.kind === 'formula') problem('单元格包含公式，请粘贴为数值');
        if (cell.kind === 'error') problem(`单元格为错误值 ${cell.text}`);
        values[field] = READERS[field](cell, period);
      } catch (error) {
        if (!(error instanceof CellProblem)) throw error;
        failed = true;
        problems.push({
          row: number,
          column: header,
          value: cell.text,
          reason: `第 ${number} 行「${header}」：${error.message}`,
        });
      }
    }
    if (failed) return;
    const code = values.code as string;
    const duplicate = firstRow.get(code);
    if (duplicate !== undefined) {
      const header = layout.columns.get('code')!.header;
      problems.push({
        row: number,
        column: header,
        value: code,
        reason: `第 ${number} 行「${header}」：与第 ${duplicate} 行是同一项目`,
      });
      return;
    }
    firstRow.set(code, number);
    rows.push({
      row: number,
      code,
      figures: {
        completed_amount: values.amount as string,
        physical_progress: (values.physicalProgress as string | null | undefined) ?? null,
        percent_complete: (values.percentComplete as string | null | undefined) ?? null,
        started_on: (values.startedOn as string | null | undefined) ?? null,
        stats_registered: (values.statsRegistered as boolean | undefined) ?? false,
      },
    });
  });
  return { rows, problems, skipped };
}

const sameFigures = (report: ProgressReportRow, figures: SheetFigures) =>
  wanToDecimal(parseWan(report.completed_amount)) === figures.completed_amount &&
  (report.physical_progress ?? null) === figures.physical_progress &&
  (report.percent_complete === null ? null : Number(report.percent_complete).toFixed(2)) ===
    figures.percent_complete &&
  report.started_on === figures.started_on &&
  report.stats_registered === figures.stats_registered;

const figuresOf = (report: ProgressReportRow) => ({
  revision: report.revision,
  state: report.state,
  completedAmount: report.completed_amount,
  physicalProgress: report.physical_progress,
  percentComplete: report.percent_complete,
  startedOn: report.started_on,
  statsRegistered: report.stats_registered,
});

class Rollback extends Error {
  constructor(readonly summary: MonthlySheetSummary) {
    super('rollback');
  }
}

export type MonthlySheetOptions = {
  year: number;
  month: number;
  buffer: Buffer;
  dryRun: boolean;
  fileName?: string;
  limits?: ExcelLimits;
};

/**
 * Imports a filled-in monthly sheet as the month's accepted reports. Per project, the month's
 * latest revision decides: none → a first accepted revision (created); a pending draft, submitted
 * or returned revision → accepted in place with the sheet's figures (created: the month's first
 * accepted figures); an accepted revision with other figures → a new accepted revision, the
 * correction (changed); the same figures → nothing (unchanged), so a re-upload is idempotent.
 * Any row error → 422 listing every one, nothing written; a dry run is the same path rolled back.
 */
export async function importMonthlySheet(
  services: Services,
  ctx: RequestContext,
  options: MonthlySheetOptions,
): Promise<MonthlySheetSummary> {
  const { year, month, dryRun } = options;
  const limits = options.limits ?? EXCEL_LIMITS;
  const now = new Date();
  assertMonthOpen(year, month, now);
  const sheet = await openWorksheet(options.buffer, limits);
  const layout = findLayout(sheet, limits);
  const period = { lastDay: isoDate(year, month, daysInMonth(year, month)) };
  const { rows, problems, skipped } = parseRows(sheet, layout, period, limits);
  const codeHeader = layout.columns.get('code')!.header;

  const result = await services.db
    .transaction()
    .execute(async (trx) => {
      const projects = await findProjectsByCodeInScope(
        trx,
        ctx.actor.scope,
        rows.map((row) => row.code),
      );
      const found: { row: ParsedRow; project: SheetProject }[] = [];
      for (const row of rows) {
        const project = projects.get(row.code);
        const refusal = project ? reviewRefusal(ctx.actor, project) : '项目代码不存在或不在您的权限范围内';
        if (refusal)
          problems.push({
            row: row.row,
            column: codeHeader,
            value: row.code,
            reason: `第 ${row.row} 行「${codeHeader}」：${refusal}`,
          });
        else found.push({ row, project: project! });
      }
      if (problems.length > 0) {
        problems.sort((a, b) => a.row! - b.row!);
        throw new AppError(
          'UNPROCESSABLE',
          `月报汇总表有 ${new Set(problems.map((p) => p.row)).size} 行错误，未写入任何数据`,
          { details: problems.slice(0, limits.maxReportedErrors) },
        );
      }

      const revisions = await lockMonthRevisions(
        trx,
        { year, month },
        found.map(({ project }) => project.id),
      );
      const rules = await loadRules(trx, [year]);
      // Lateness depends only on the region's due day and today, so it is decided once per region.
      const lateByRegion = new Map<string, boolean>();
      const lateFor = (project: SheetProject, current: boolean | null) => {
        let late = lateByRegion.get(project.regionCode);
        if (late === undefined) {
          const dueDay = resolveDueDay(rules, year, project.regionCode);
          late = lateOnSubmit(null, reportingWindow(year, month, dueDay), now);
          lateByRegion.set(project.regionCode, late);
        }
        return current ?? late;
      };

      const inserts: Parameters<typeof insertAcceptedReports>[1]['rows'][number][] = [];
      const pending: Parameters<typeof acceptPendingWithFigures>[1]['rows'][number][] = [];
      const audits: { projectId: string; before: unknown; after: unknown; existingId?: string }[] = [];
      const written: { row: ParsedRow; project: SheetProject }[] = [];
      let created = 0;
      let changed = 0;
      let unchanged = 0;
      for (const { row, project } of found) {
        const all = revisions.get(project.id) ?? [];
        const latest = all[0];
        const accepted = all.find((report) => report.state === 'accepted');
        const after = { projectId: project.id, code: row.code, year, month, ...row.figures };
        if (latest?.state === 'accepted' && sameFigures(latest, row.figures)) {
          unchanged++;
          continue;
        }
        written.push({ row, project });
        if (latest?.state === 'accepted') {
          changed++;
          // A correction carries the lateness of the revision it corrects, as a form correction does.
          inserts.push({
            ...row.figures,
            project_id: project.id,
            revision: latest.revision + 1,
            late: latest.late ?? false,
          });
          audits.push({
            projectId: project.id,
            before: figuresOf(latest),
            after: { ...after, revision: latest.revision + 1 },
          });
        } else if (latest) {
          if (accepted) changed++;
          else created++;
          pending.push({ ...row.figures, id: latest.id, late: lateFor(project, latest.late) });
          audits.push({
            projectId: project.id,
            existingId: latest.id,
            before: figuresOf(latest),
            after: { ...after, revision: latest.revision },
          });
        } else {
          created++;
          inserts.push({ ...row.figures, project_id: project.id, revision: 1, late: lateFor(project, null) });
          audits.push({ projectId: project.id, before: null, after: { ...after, revision: 1 } });
        }
      }

      const reviewer = ctx.actor.userId;
      const ids = await insertAcceptedReports(trx, {
        period: { year, month },
        reviewer,
        at: now,
        rows: inserts,
      });
      await acceptPendingWithFigures(trx, { reviewer, at: now, rows: pending });
      await applyAcceptances(
        trx,
        written.map(({ row, project }) => ({
          projectId: project.id,
          year,
          month,
          amount: row.figures.completed_amount,
        })),
      );
      const started = await applyStarts(
        trx,
        ctx,
        written.map(({ row, project }) => ({ project_id: project.id, started_on: row.figures.started_on })),
      );
      await recordAuditMany(
        trx,
        ctx,
        audits.map((audit) => ({
          action: 'progress.sheet.accept',
          objectType: AUDIT_OBJECT,
          objectId: audit.existingId ?? ids.get(audit.projectId)!,
          ...(audit.before ? { before: audit.before } : {}),
          after: audit.after,
        })),
      );
      const summary: MonthlySheetSummary = {
        dryRun,
        committed: !dryRun,
        year,
        month,
        sheet: sheet.name,
        rows: rows.length,
        skipped,
        created,
        changed,
        unchanged,
        started,
      };
      await recordAudit(trx, ctx, {
        action: 'progress.sheet.import',
        objectType: AUDIT_OBJECT,
        after: {
          fileName: options.fileName ?? null,
          sha256: createHash('sha256').update(options.buffer).digest('hex'),
          ...summary,
        },
      });
      if (dryRun) throw new Rollback(summary);
      return summary;
    })
    .catch((error: unknown) => {
      if (error instanceof Rollback) return error.summary;
      throw error;
    });
  return result;
}
