/**
 * The Excel round trip of the registry. Import and export live together because they must speak
 * the same columns: the export writes the first header of each field in FIELD_HEADERS and the
 * values this import reads back, so an exported sheet re-imports as "all unchanged".
 */
import { createHash } from 'node:crypto';
import {
  FIELD_LABELS,
  FUNDING_LABELS,
  FUNDING_SOURCES,
  IMPORT_FIELDS,
  MoneyFormatError,
  PROJECT_STAGES,
  STAGE_LABELS,
  formatPeriod,
  fundingFromLabel,
  isSummaryRow,
  parsePeriod,
  parseWan,
  parseYesNo,
  splitList,
  stageFromLabel,
  wanToDecimal,
  type FundingSource,
  type ImportField,
  type ProjectStage,
} from '@beacon/domain';
import type { RequestContext, Services, Tx } from '../../context.ts';
import type { ProjectRow } from '../../db/schema.ts';
import { AppError, type ErrorDetail } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import {
  cellDate,
  dateCell,
  EXCEL_LIMITS,
  moneyCell,
  readImportSheet,
  writeWorkbook,
  type ExcelLimits,
  type ExportCell,
  type ExportColumn,
  type ImportSheet,
  type SheetCell,
  type SheetRow,
} from './excel.ts';
import { canWriteRegion } from './policy.ts';
import { loadReference, type Reference } from './reference.ts';
import {
  listAllProjectIds,
  loadProjects,
  lockProject,
  unsafeFindProjectsByCode,
  unsafeFindProjectsByName,
} from './repository.ts';
import type { ImportError, ImportReport, ProjectDto, ProjectExportQuery } from './schemas.ts';
import {
  candidateFromProject,
  checkCandidate,
  newNameLookups,
  saveCandidate,
  type ProjectCandidate,
} from './service.ts';

type ImportMapping = Record<string, ImportField | null>;

/** Parses the `mapping` query parameter: header text → field name, or null to ignore the column. */
function parseMapping(text: string | undefined): ImportMapping {
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('VALIDATION', '字段映射 mapping 不是有效的 JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new AppError('VALIDATION', '字段映射 mapping 应为对象，如 {"表头": "name"}');
  const known = new Set<unknown>([...IMPORT_FIELDS, null]);
  const unknown: ErrorDetail[] = Object.entries(parsed)
    .filter(([, field]) => !known.has(field))
    .map(([header, field]) => ({ field: `mapping.${header}`, value: field, reason: '不是可导入的字段' }));
  if (unknown.length > 0)
    throw new AppError('VALIDATION', '字段映射 mapping 中有不认识的字段名', { details: unknown });
  // fromEntries defines own properties, so a "__proto__" header stays an ordinary key.
  return Object.fromEntries(Object.entries(parsed)) as ImportMapping;
}

/** What a row's cells say about a project; a key is present only when its column is. */
type RowValues = Partial<Omit<ProjectCandidate, 'team' | 'actualStart' | 'actualCompletion'>>;

class CellProblem extends Error {}
function problem(reason: string): never {
  throw new CellProblem(reason);
}

function text(cell: SheetCell, max: number, min = 0): string | null {
  const value = cell.text.trim();
  if (value === '') return null;
  if (value.length > max) problem(`不能超过 ${max} 个字符`);
  if (value.length < min) problem(`不能少于 ${min} 个字符`);
  return value;
}

const required = (value: string | null): string => value ?? problem('不能为空');

/** Names as people write them, or the configured code itself. */
function lookup(value: string, byCode: Map<string, string>, byName: Map<string, string>, what: string) {
  if (byCode.has(value)) return value;
  return byName.get(value) ?? problem(`${what}「${value}」不存在`);
}

const MONEY_RANGE = /^\d{1,14}\.\d{4}$/;

function money(cell: SheetCell, unit: 'wan' | 'yi'): string {
  if (cell.kind === 'empty') problem('不能为空');
  let value: bigint;
  try {
    // A number cell goes to parseWan as written by the sheet; the decimal shift happens on digits.
    value = parseWan(cell.kind === 'number' ? cell.value : cell.text, unit);
  } catch (error) {
    if (error instanceof MoneyFormatError) problem(error.message);
    throw error;
  }
  if (value < 0n) problem('总投资不能为负数');
  const decimal = wanToDecimal(value);
  if (!MONEY_RANGE.test(decimal)) problem('总投资超出范围');
  return decimal;
}

function date(cell: SheetCell): string | null {
  const value = cellDate(cell);
  return value === undefined ? problem('日期格式不正确，应为 2024-03-01 或 2024年3月') : value;
}

function coordinate(cell: SheetCell, limit: number): number | null {
  if (cell.kind === 'empty') return null;
  const value =
    cell.kind === 'number' ? cell.value : /^[+-]?\d+(\.\d+)?$/.test(cell.text) ? Number(cell.text) : NaN;
  if (!Number.isFinite(value) || Math.abs(value) > limit) problem(`应为 -${limit} 至 ${limit} 之间的数字`);
  return value;
}

function names(cell: SheetCell, byCode: Map<string, string>, byName: Map<string, string>, what: string) {
  const codes = [...new Set(splitList(cell.text).map((name) => lookup(name, byCode, byName, what)))];
  if (codes.length > 20) problem(`最多 20 个${what}`);
  return codes;
}

type Reader = (cell: SheetCell, reference: Reference) => RowValues;

const READERS: Record<ImportField, Reader> = {
  name: (cell) => ({ name: required(text(cell, 200, 2)) }),
  // The unified code is the project's identity: a blank cell never erases one already registered.
  code: (cell) => {
    const code = text(cell, 32)?.normalize('NFKC');
    return code ? { code } : {};
  },
  owner: (cell) => ({ ownerName: required(text(cell, 200, 2)) }),
  // Blank: the county's own region for a new project, the current region for an existing one.
  region: (cell, ref) => {
    const value = text(cell, 64);
    return value ? { regionCode: lookup(value, ref.regions, ref.regionByName, '地区') } : {};
  },
  address: (cell) => ({ address: text(cell, 500) }),
  totalInvestmentWan: (cell) => ({ totalInvestment: money(cell, 'wan') }),
  totalInvestmentYi: (cell) => ({ totalInvestment: money(cell, 'yi') }),
  content: (cell) => ({ content: text(cell, 4000) }),
  period: (cell) => {
    if (cell.kind === 'empty') return { startYear: null, endYear: null };
    const period = parsePeriod(cell.text) ?? problem('格式应为 2020-2023');
    if (period.startYear < 1990 || period.endYear > 2100) problem('年份应在 1990 至 2100 之间');
    return period;
  },
  plannedYear: (cell) => {
    if (cell.kind === 'empty') return { plannedYear: null };
    const year = Number(
      cell.kind === 'number' ? cell.value : cell.text.normalize('NFKC').replace(/年$/, '').trim(),
    );
    if (!Number.isInteger(year) || year < 1990 || year > 2100) problem('应为 1990 至 2100 之间的年份');
    return { plannedYear: year };
  },
  plannedStart: (cell) => ({ plannedStart: date(cell) }),
  plannedCompletion: (cell) => ({ plannedCompletion: date(cell) }),
  sector: (cell, ref) => ({
    sectorCode: lookup(required(text(cell, 64)), ref.sectors, ref.sectorByName, '行业'),
  }),
  funding: (cell) => {
    const value = required(text(cell, 32));
    const funding =
      fundingFromLabel(value) ??
      FUNDING_SOURCES.find((code) => code === value) ??
      problem(`应为 ${Object.values(FUNDING_LABELS).join('、')} 之一`);
    return { fundingSource: funding };
  },
  stage: (cell) => {
    const value = required(text(cell, 32));
    const stage =
      stageFromLabel(value) ??
      PROJECT_STAGES.find((code) => code === value) ??
      problem(`应为 ${Object.values(STAGE_LABELS).join('、')} 之一`);
    return { stage };
  },
  lists: (cell, ref) => ({ lists: names(cell, ref.lists, ref.listByName, '名单') }),
  highTech: (cell) => ({
    highTech: cell.kind === 'boolean' ? cell.value : (parseYesNo(cell.text) ?? problem('应填写“是”或“否”')),
  }),
  responsibleUnit: (cell, ref) => {
    const value = text(cell, 64);
    return {
      responsibleDepartmentId: value ? lookup(value, ref.departments, ref.departmentByName, '部门') : null,
    };
  },
  serviceUnits: (cell, ref) => ({
    serviceUnitIds: names(cell, ref.departments, ref.departmentByName, '部门'),
  }),
  leadingOfficial: (cell) => ({ leadingOfficial: text(cell, 64) }),
  officialInCharge: (cell) => ({ officialInCharge: text(cell, 64) }),
  lng: (cell) => ({ lng: coordinate(cell, 180) }),
  lat: (cell) => ({ lat: coordinate(cell, 90) }),
};

/** checkCandidate names candidate fields; the report names the sheet's columns. */
const CANDIDATE_COLUMNS: Record<string, ImportField> = {
  code: 'code',
  name: 'name',
  ownerName: 'owner',
  fundingSource: 'funding',
  regionCode: 'region',
  sectorCode: 'sector',
  lists: 'lists',
  responsibleDepartmentId: 'responsibleUnit',
  serviceUnitIds: 'serviceUnits',
  startYear: 'period',
  endYear: 'period',
  plannedYear: 'plannedYear',
  plannedStart: 'plannedStart',
  plannedCompletion: 'plannedCompletion',
  stage: 'stage',
  lng: 'lng',
};
const OTHER_LABELS: Record<string, string> = {
  actualStart: '实际开工时间',
  actualCompletion: '实际竣工时间',
};

type Match = { kind: 'new' } | { kind: 'existing'; id: string } | { kind: 'ambiguous' };
type ParsedRow = {
  row: number;
  cells: SheetRow['cells'];
  values: RowValues;
  errors: ImportError[];
  match: Match;
};

const REQUIRED_FOR_NEW = [
  'name',
  'ownerName',
  'regionCode',
  'totalInvestment',
  'sectorCode',
  'fundingSource',
] as const;

const nameKey = (name: string, owner: string) => `${name}\u0000${owner}`;

/** Reads one sheet through one transaction; the caller commits it or rolls it back. */
class SheetImport {
  private readonly headers = new Map<ImportField, string>();
  private readonly positions = new Map<string, number>();
  private readonly lookups = newNameLookups();
  readonly report: ImportReport;

  constructor(
    private readonly trx: Tx,
    private readonly ctx: RequestContext,
    private readonly reference: Reference,
    sheet: ImportSheet,
    dryRun: boolean,
  ) {
    for (const { field, header, column } of sheet.columns) {
      if (field) this.headers.set(field, header);
      this.positions.set(header, column);
    }
    this.report = {
      dryRun,
      committed: false,
      sheet: sheet.name,
      rows: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      columns: sheet.columns,
      errorRows: 0,
      errors: [],
    };
  }

  /** The sheet field behind a candidate field (or a sheet field itself), if there is one. */
  private fieldOf(field: string, parsed?: ParsedRow): ImportField | undefined {
    // The amount is read from the 亿元 column only where the 万元 one is absent or blank.
    if (field === 'totalInvestment') {
      const wan = parsed?.cells.totalInvestmentWan;
      const useYi =
        this.headers.has('totalInvestmentYi') &&
        (!this.headers.has('totalInvestmentWan') || wan?.kind === 'empty');
      return useYi ? 'totalInvestmentYi' : 'totalInvestmentWan';
    }
    return CANDIDATE_COLUMNS[field] ?? IMPORT_FIELDS.find((known) => known === field);
  }

  /** The header the user sees, or the standard one when the sheet has no such column. */
  private column(field: string, parsed?: ParsedRow): string {
    const importField = this.fieldOf(field, parsed);
    if (!importField) return OTHER_LABELS[field] ?? field;
    return this.headers.get(importField) ?? FIELD_LABELS[importField];
  }

  /** One problem per cell is enough: a value that failed to read would only cause follow-on errors. */
  private error(parsed: ParsedRow, field: string, reason: string) {
    const importField = this.fieldOf(field, parsed);
    const column = this.column(field, parsed);
    if (parsed.errors.some((error) => error.column === column)) return;
    const value = importField ? (parsed.cells[importField]?.text ?? '') : '';
    parsed.errors.push({ row: parsed.row, column, value, reason });
  }

  parse(sheetRow: SheetRow): ParsedRow {
    const parsed: ParsedRow = { ...sheetRow, values: {}, errors: [], match: { kind: 'new' } };
    const { cells } = sheetRow;
    const filled = (cell: SheetCell | undefined) => cell !== undefined && cell.kind !== 'empty';
    for (const field of IMPORT_FIELDS) {
      const cell = cells[field];
      if (!cell) continue;
      // With both money columns, the 万元 figure is the exact one; 亿元 stands in when it is blank.
      if (field === 'totalInvestmentYi' && filled(cells.totalInvestmentWan)) continue;
      if (field === 'totalInvestmentWan' && !filled(cell) && filled(cells.totalInvestmentYi)) continue;
      try {
        // Formulas are row errors, not a rejected file, so every one is listed at once. Their
        // cached results are not trusted: the sheet may never have been recalculated.
        if (cell.kind === 'formula') problem('单元格包含公式，请粘贴为数值');
        if (cell.kind === 'error') problem(`单元格为错误值 ${cell.text}`);
        Object.assign(parsed.values, READERS[field](cell, this.reference));
      } catch (error) {
        if (!(error instanceof CellProblem)) throw error;
        this.error(parsed, field, error.message);
      }
    }
    return parsed;
  }

  /** The same project twice in one sheet is a mistake to fix, not two writes to race. */
  markDuplicates(rows: ParsedRow[]) {
    const byCode = new Map<string, number>();
    const byName = new Map<string, { row: number; coded: boolean }>();
    for (const parsed of rows) {
      const { code, name, ownerName } = parsed.values;
      const key = name && ownerName ? nameKey(name, ownerName) : undefined;
      const sameCode = code ? byCode.get(code) : undefined;
      const sameName = key ? byName.get(key) : undefined;
      if (sameCode !== undefined) this.error(parsed, 'code', `与第 ${sameCode} 行是同一项目`);
      else if (sameName && (!code || !sameName.coded))
        this.error(parsed, 'name', `与第 ${sameName.row} 行是同一项目（项目名称和建设单位相同）`);
      if (code && sameCode === undefined) byCode.set(code, parsed.row);
      if (key && !sameName) byName.set(key, { row: parsed.row, coded: Boolean(code) });
    }
  }

  /**
   * Finds each row's project: by unified code when the row has one, else by name and owner. A coded
   * row that matches no code may claim a same-named project still without a code, so registering
   * the code later does not duplicate the project.
   */
  async match(rows: ParsedRow[]) {
    const codes = [...new Set(rows.flatMap((r) => (r.values.code ? [r.values.code] : [])))];
    const projectNames = [...new Set(rows.flatMap((r) => (r.values.name ? [r.values.name] : [])))];
    const [byCodeRows, byNameRows] = [
      await unsafeFindProjectsByCode(this.trx, codes),
      await unsafeFindProjectsByName(this.trx, projectNames),
    ];
    const byCode = new Map(byCodeRows.map((p) => [p.code, p.id]));
    const byName = new Map<string, { id: string; code: string | null }[]>();
    for (const p of byNameRows) {
      const key = nameKey(p.name, p.ownerName);
      byName.set(key, [...(byName.get(key) ?? []), p]);
    }
    const claimed = new Set<string>();
    for (const parsed of rows) {
      const { code, name, ownerName } = parsed.values;
      const sameName = name && ownerName ? (byName.get(nameKey(name, ownerName)) ?? []) : [];
      let match: Match = { kind: 'new' };
      if (code) {
        const id = byCode.get(code) ?? sameName.find((p) => p.code === null && !claimed.has(p.id))?.id;
        if (id) match = { kind: 'existing', id };
      } else if (sameName.length === 1) match = { kind: 'existing', id: sameName[0]!.id };
      else if (sameName.length > 1) match = { kind: 'ambiguous' };
      if (match.kind === 'existing') claimed.add(match.id);
      parsed.match = match;
    }
  }

  /** Locks the chunk's matched projects in scope and loads them; out-of-scope matches stay absent. */
  async lockChunk(rows: ParsedRow[]) {
    const locked = new Map<string, ProjectRow>();
    for (const { match } of rows) {
      if (match.kind !== 'existing' || locked.has(match.id)) continue;
      const row = await lockProject(this.trx, this.ctx.actor.scope, match.id);
      if (row) locked.set(match.id, row);
    }
    const current = await loadProjects(this.trx, [...locked.keys()]);
    return { locked, current: new Map(current.map((project) => [project.id, project])) };
  }

  /**
   * A new project from a row. Name, owner, investment, sector and funding have no default: guessing
   * them would register a wrong project, so their absence is a row error. The region defaults to a
   * county user's own region, the only one it may register in; the stage, see below.
   */
  private newCandidate(parsed: ParsedRow): ProjectCandidate | undefined {
    const values = { ...parsed.values };
    const scope = this.ctx.actor.scope;
    if (values.regionCode === undefined && scope.kind === 'region') values.regionCode = scope.regionCode;
    for (const field of REQUIRED_FOR_NEW) {
      if (values[field] !== undefined) continue;
      const importField = this.fieldOf(field, parsed);
      const present = importField !== undefined && this.headers.has(importField);
      this.error(parsed, field, present ? '不能为空' : `缺少「${this.column(field)}」列，无法新建项目`);
    }
    const { name, ownerName, regionCode, totalInvestment, sectorCode, fundingSource } = values;
    if (!name || !ownerName || !regionCode || !totalInvestment || !sectorCode || !fundingSource)
      return undefined;
    return {
      code: null,
      address: null,
      lng: null,
      lat: null,
      highTech: false,
      content: null,
      startYear: null,
      endYear: null,
      plannedYear: null,
      plannedStart: null,
      plannedCompletion: null,
      actualStart: null,
      actualCompletion: null,
      // A sheet with no stage column at all lists projects still being planned (谋划); a blank
      // cell in a stage column is an error instead, since there the stage was meant to be given.
      stage: 'planning',
      lists: [],
      leadingOfficial: null,
      officialInCharge: null,
      responsibleDepartmentId: null,
      serviceUnitIds: [],
      team: [],
      ...values,
      name,
      ownerName,
      regionCode,
      totalInvestment,
      sectorCode,
      fundingSource,
    };
  }

  async apply(parsed: ParsedRow, locked: Map<string, ProjectRow>, current: Map<string, ProjectDto>) {
    const { match } = parsed;
    const row = match.kind === 'existing' ? locked.get(match.id) : undefined;
    const before = row ? current.get(row.id) : undefined;
    const base = before ? candidateFromProject(before) : undefined;
    let candidate: ProjectCandidate | undefined;
    if (match.kind === 'ambiguous')
      this.error(parsed, 'name', '有多个项目名称和建设单位都相同的项目，请填写项目代码以区分');
    // Only that the project exists is said, never whose it is: the sender may not see it.
    else if (match.kind === 'existing' && !base)
      this.error(
        parsed,
        parsed.values.code ? 'code' : 'name',
        '该项目已登记在您的权限范围之外，不能通过导入修改',
      );
    else candidate = base ? { ...base, ...parsed.values } : this.newCandidate(parsed);
    // Checked even when some cells failed, so the user sees every problem of the row at once.
    if (candidate) {
      if (!canWriteRegion(this.ctx.actor, candidate.regionCode))
        this.error(parsed, 'regionCode', '只能导入本地区的项目');
      for (const detail of checkCandidate(
        candidate,
        this.reference,
        before?.stage as ProjectStage | undefined,
      ))
        this.error(parsed, detail.field ?? '', detail.reason);
    }
    if (!candidate || parsed.errors.length > 0) return this.count(parsed);

    if (base && sameProject(base, candidate)) {
      this.report.unchanged++;
      return;
    }
    const id = await saveCandidate(this.trx, candidate, row, this.lookups);
    const [after] = await loadProjects(this.trx, [id]);
    await recordAudit(this.trx, this.ctx, {
      action: before ? 'project.update' : 'project.create',
      objectType: 'project',
      objectId: id,
      ...(before ? { before } : {}),
      after,
    });
    if (before) this.report.updated++;
    else this.report.created++;
  }

  private count(parsed: ParsedRow) {
    if (parsed.errors.length === 0) return;
    this.report.errorRows++;
    // Left to right as the user reads the row; problems of absent columns come last.
    const position = (error: ImportError) => this.positions.get(error.column) ?? Number.MAX_SAFE_INTEGER;
    this.report.errors.push(...parsed.errors.sort((a, b) => position(a) - position(b)));
  }
}

/** Coordinates are stored with six decimals, so they compare at six decimals. */
function sameProject(a: ProjectCandidate, b: ProjectCandidate): boolean {
  const canonical = (c: ProjectCandidate) =>
    JSON.stringify({
      ...c,
      lng: c.lng === null ? null : c.lng.toFixed(6),
      lat: c.lat === null ? null : c.lat.toFixed(6),
      lists: [...c.lists].sort(),
      serviceUnitIds: [...c.serviceUnitIds].sort(),
    });
  return canonical(a) === canonical(b);
}

class Rollback extends Error {
  constructor(readonly report: ImportReport) {
    super('rollback');
  }
}

// Rows are locked and loaded this many at a time: few round trips, bounded statements.
const CHUNK = 500;

export type ImportOptions = {
  file: Buffer;
  fileName: string;
  dryRun: boolean;
  mapping: string | undefined;
  limits?: ExcelLimits;
};

/**
 * Imports a sheet all or nothing (convention 7): every row is validated and written inside one
 * transaction, which a dry run, or a commit with any row error, rolls back. The dry run is thus the
 * commit itself, undone, and reports exactly what the commit would do.
 */
export async function importProjects(
  services: Services,
  ctx: RequestContext,
  options: ImportOptions,
): Promise<ImportReport> {
  const limits = options.limits ?? EXCEL_LIMITS;
  const sheet = await readImportSheet(options.file, parseMapping(options.mapping), limits);
  const report = await services.db
    .transaction()
    .execute(async (trx) => {
      const run = new SheetImport(trx, ctx, await loadReference(trx), sheet, options.dryRun);
      const rows = sheet.rows
        .filter((row) => !(row.cells.name && isSummaryRow(row.cells.name.text)))
        .map((row) => run.parse(row));
      run.report.rows = rows.length;
      run.markDuplicates(rows);
      await run.match(rows);
      for (let at = 0; at < rows.length; at += CHUNK) {
        const chunk = rows.slice(at, at + CHUNK);
        const { locked, current } = await run.lockChunk(chunk);
        for (const parsed of chunk) await run.apply(parsed, locked, current);
      }
      const { report } = run;
      report.errors.splice(limits.maxReportedErrors);
      await recordAudit(trx, ctx, {
        action: 'project.import',
        objectType: 'project',
        after: {
          fileName: options.fileName,
          sha256: createHash('sha256').update(options.file).digest('hex'),
          sheet: report.sheet,
          rows: report.rows,
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged,
        },
      });
      if (options.dryRun || report.errorRows > 0) throw new Rollback(report);
      return { ...report, committed: true };
    })
    .catch((error: unknown) => {
      if (error instanceof Rollback) return error.report;
      throw error;
    });
  if (!options.dryRun && report.errorRows > 0) {
    throw new AppError('VALIDATION', `导入失败：${report.errorRows} 行有错误，未写入任何数据`, {
      details: report.errors,
    });
  }
  return report;
}

type ExportField = Exclude<ImportField, 'totalInvestmentYi'>;

const joinNames = (names: (string | undefined)[]) => names.filter(Boolean).join('、') || null;

const EXPORT_COLUMNS: Record<
  ExportField,
  { width: number; format?: string; value: (p: ProjectDto, ref: Reference) => ExportCell }
> = {
  name: { width: 36, value: (p) => p.name },
  code: { width: 26, value: (p) => p.code },
  owner: { width: 28, value: (p) => p.ownerName },
  region: { width: 14, value: (p) => p.regionName },
  address: { width: 24, value: (p) => p.address },
  totalInvestmentWan: { width: 16, format: '0.0000', value: (p) => moneyCell(p.totalInvestment) },
  content: { width: 40, value: (p) => p.content },
  period: { width: 12, value: (p) => formatPeriod(p.startYear, p.endYear) || null },
  plannedYear: { width: 10, value: (p) => p.plannedYear },
  plannedStart: { width: 13, format: 'yyyy-mm-dd', value: (p) => dateCell(p.plannedStart) },
  plannedCompletion: { width: 13, format: 'yyyy-mm-dd', value: (p) => dateCell(p.plannedCompletion) },
  sector: { width: 14, value: (p) => p.sectorName },
  funding: { width: 10, value: (p) => FUNDING_LABELS[p.fundingSource as FundingSource] },
  stage: { width: 10, value: (p) => STAGE_LABELS[p.stage as ProjectStage] },
  lists: { width: 20, value: (p, ref) => joinNames(p.lists.map((code) => ref.lists.get(code))) },
  highTech: { width: 10, value: (p) => (p.highTech ? '是' : '否') },
  responsibleUnit: { width: 18, value: (p) => p.responsibleDepartmentName },
  serviceUnits: {
    width: 24,
    value: (p, ref) => joinNames(p.serviceUnitIds.map((id) => ref.departments.get(id))),
  },
  leadingOfficial: { width: 10, value: (p) => p.leadingOfficial },
  officialInCharge: { width: 10, value: (p) => p.officialInCharge },
  lng: { width: 12, value: (p) => (p.lng === null ? null : Number(p.lng)) },
  lat: { width: 12, value: (p) => (p.lat === null ? null : Number(p.lat)) },
};
const EXPORT_FIELDS = IMPORT_FIELDS.filter((field): field is ExportField => field !== 'totalInvestmentYi');

// The users are in China; the server may well run in UTC.
const chinaTime = (date: Date) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);

/** The list's filter and scope, every page, as a sheet the import reads back unchanged. */
export async function exportProjects(
  services: Services,
  ctx: RequestContext,
  query: ProjectExportQuery,
  limits: ExcelLimits = EXCEL_LIMITS,
): Promise<{ fileName: string; asciiFileName: string; content: Buffer }> {
  const { sort, ...filter } = query;
  const ids = await listAllProjectIds(services.db, ctx.actor.scope, filter, limits.maxExportRows + 1, sort);
  if (ids.length > limits.maxExportRows)
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `导出结果超过 ${limits.maxExportRows} 行，请缩小筛选范围后再导出`,
    );
  const reference = await loadReference(services.db);
  const rows: ExportCell[][] = [];
  for (let at = 0; at < ids.length; at += CHUNK) {
    for (const project of await loadProjects(services.db, ids.slice(at, at + CHUNK)))
      rows.push(EXPORT_FIELDS.map((field) => EXPORT_COLUMNS[field].value(project, reference)));
  }
  const now = chinaTime(new Date());
  const columns: ExportColumn[] = EXPORT_FIELDS.map((field) => ({
    header: FIELD_LABELS[field],
    width: EXPORT_COLUMNS[field].width,
    ...(EXPORT_COLUMNS[field].format ? { format: EXPORT_COLUMNS[field].format } : {}),
  }));
  const content = await writeWorkbook({
    name: '项目清单',
    title: `投资项目清单（${now} 导出，共 ${rows.length} 个项目）`,
    columns,
    rows,
  });
  await services.db.transaction().execute((trx) =>
    recordAudit(trx, ctx, {
      action: 'project.export',
      objectType: 'project',
      after: { filter: query, rows: rows.length },
    }),
  );
  const day = now.slice(0, 10).replace(/-/g, '');
  return { fileName: `项目清单-${day}.xlsx`, asciiFileName: `projects-${day}.xlsx`, content };
}
