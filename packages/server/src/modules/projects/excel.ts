import { crc32 } from 'node:zlib';
import {
  mapHeaders,
  neutraliseFormula,
  parseSheetDate,
  parseWan,
  wanToDecimal,
  restoreNeutralised,
  type HeaderMapping,
  type ImportField,
} from '@beacon/domain';
import ExcelJS from 'exceljs';
import { Inflate } from 'fflate';
import { AppError } from '../../errors.ts';

/**
 * Technical safety limits for spreadsheets, not policy numbers: they bound the memory and time one
 * request may take. An .xlsx is a zip, and a 20 MB upload can inflate to gigabytes, so the archive
 * is measured before any spreadsheet library sees it.
 */
export const EXCEL_LIMITS = {
  maxUncompressedBytes: 50 * 1024 * 1024,
  maxDataRows: 100_000,
  // exceljs keeps every cell in memory, measured at roughly 650 bytes each: 1.5 million cells is
  // about 1 GB. Wide sheets therefore meet this (or the 50 MB) limit before the row limit.
  maxCells: 1_500_000,
  // Government sheets put a title, a date line or a notes block above the header; 20 rows is ample.
  headerSearchRows: 20,
  maxExportRows: 100_000,
  // An import report lists problems for a person to fix; past this many the sheet is wrong wholesale.
  maxReportedErrors: 1000,
} as const;
export type ExcelLimits = { readonly [K in keyof typeof EXCEL_LIMITS]: number };

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const badFile = (message = '文件不是有效的 Excel (.xlsx) 文件') => new AppError('BAD_FILE', message);
const tooLarge = (message: string) => new AppError('PAYLOAD_TOO_LARGE', message);

type ZipEntry = {
  name: string;
  method: number;
  encrypted: boolean;
  crc: number;
  compressedSize: number;
  declaredSize: number;
  localHeaderOffset: number;
};

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_END = 0x06064b50;
const ZIP64_MARK = 0xffffffff;

/** Bounds-checked little-endian reads: a truncated or forged archive is a bad file, not a crash. */
class Bytes {
  constructor(private readonly data: Uint8Array) {}

  private view(offset: number, length: number): DataView {
    if (!Number.isInteger(offset) || offset < 0 || offset + length > this.data.length) throw badFile();
    return new DataView(this.data.buffer, this.data.byteOffset + offset, length);
  }
  u16(offset: number): number {
    return this.view(offset, 2).getUint16(0, true);
  }
  u32(offset: number): number {
    return this.view(offset, 4).getUint32(0, true);
  }
  u64(offset: number): number {
    const value = this.view(offset, 8).getBigUint64(0, true);
    // Anything past 2^53 bytes is larger than every limit; saturate instead of losing precision.
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
  }
  slice(offset: number, length: number): Uint8Array {
    this.view(offset, length);
    return this.data.subarray(offset, offset + length);
  }
}

/**
 * Reads the central directory, which is what the spreadsheet library reads too; scanning local
 * headers instead could be shown a different archive than the one that is later parsed.
 */
function readCentralDirectory(data: Uint8Array): ZipEntry[] {
  const bytes = new Bytes(data);
  let end = -1;
  // The end record is 22 bytes plus a comment of at most 65 535 bytes.
  for (let offset = data.length - 22; offset >= Math.max(0, data.length - 22 - 0xffff); offset--) {
    if (bytes.u32(offset) === SIG_END) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw badFile();
  let count = bytes.u16(end + 10);
  let offset = bytes.u32(end + 16);
  if ((count === 0xffff || offset === ZIP64_MARK) && end >= 20 && bytes.u32(end - 20) === SIG_ZIP64_LOCATOR) {
    const zip64End = bytes.u64(end - 12);
    if (bytes.u32(zip64End) !== SIG_ZIP64_END) throw badFile();
    count = bytes.u64(zip64End + 32);
    offset = bytes.u64(zip64End + 48);
  }
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let index = 0; index < count; index++) {
    if (bytes.u32(offset) !== SIG_CENTRAL) throw badFile();
    const nameLength = bytes.u16(offset + 28);
    const extraLength = bytes.u16(offset + 30);
    const commentLength = bytes.u16(offset + 32);
    const entry: ZipEntry = {
      name: decoder.decode(bytes.slice(offset + 46, nameLength)),
      method: bytes.u16(offset + 10),
      encrypted: (bytes.u16(offset + 8) & 1) === 1,
      crc: bytes.u32(offset + 16),
      compressedSize: bytes.u32(offset + 20),
      declaredSize: bytes.u32(offset + 24),
      localHeaderOffset: bytes.u32(offset + 42),
    };
    readZip64Extra(bytes, offset + 46 + nameLength, extraLength, entry);
    entries.push(entry);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Sizes and offsets that do not fit 32 bits live in the zip64 extra field, in this fixed order. */
function readZip64Extra(bytes: Bytes, start: number, length: number, entry: ZipEntry) {
  for (let at = start; at + 4 <= start + length;) {
    const id = bytes.u16(at);
    const size = bytes.u16(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      for (const key of ['declaredSize', 'compressedSize', 'localHeaderOffset'] as const) {
        if (entry[key] === ZIP64_MARK) {
          entry[key] = bytes.u64(field);
          field += 8;
        }
      }
    }
    at += 4 + size;
  }
}

/**
 * Counts `<row …>` and `<c …>` start tags in worksheet XML as it streams past, byte by byte so a
 * tag split across two chunks is still seen once.
 */
class SheetTagCounter {
  rows = 0;
  cells = 0;
  private state = 0; // 0 idle, 1 '<', 2 '<r', 3 '<ro', 4 '<row', 5 '<c'

  push(chunk: Uint8Array) {
    for (const byte of chunk) {
      const delimiter =
        byte === 0x3e || byte === 0x2f || byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
      if (this.state === 4 && delimiter) this.rows++;
      else if (this.state === 5 && delimiter) this.cells++;
      if (byte === 0x3c) this.state = 1;
      else if (this.state === 1 && byte === 0x72) this.state = 2;
      else if (this.state === 1 && byte === 0x63) this.state = 5;
      else if (this.state === 2 && byte === 0x6f) this.state = 3;
      else if (this.state === 3 && byte === 0x77) this.state = 4;
      else this.state = 0;
    }
  }
}

// Small pushes bound what one push may inflate to (deflate expands at most ~1 032:1).
const INFLATE_CHUNK = 16 * 1024;
const WORKSHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;

/**
 * Proves an upload is a well-formed xlsx archive within the limits before anything parses it:
 * declared sizes first (cheap), then every entry is actually inflated and counted, aborting the
 * moment the running total passes the limit, since declared sizes are whatever the sender wrote.
 */
export function inspectXlsx(data: Uint8Array, limits: ExcelLimits = EXCEL_LIMITS): void {
  if (data.length < 4 || new Bytes(data).u32(0) !== SIG_LOCAL) throw badFile();
  const entries = readCentralDirectory(data);
  const names = new Set(entries.map((entry) => entry.name));
  // Two entries of one name could be resolved differently by two zip readers.
  if (names.size !== entries.length || !names.has('[Content_Types].xml') || !names.has('xl/workbook.xml'))
    throw badFile();
  const limitMessage = `文件解压后超过 ${limits.maxUncompressedBytes / 1024 / 1024} MB，无法导入`;
  const declared = entries.reduce((sum, entry) => sum + entry.declaredSize, 0);
  if (declared > limits.maxUncompressedBytes) throw tooLarge(limitMessage);

  const bytes = new Bytes(data);
  let total = 0;
  let cells = 0;
  for (const entry of entries) {
    if (entry.encrypted) throw badFile('文件已加密，请取消密码保护后再导入');
    if (bytes.u32(entry.localHeaderOffset) !== SIG_LOCAL) throw badFile();
    const dataStart =
      entry.localHeaderOffset +
      30 +
      bytes.u16(entry.localHeaderOffset + 26) +
      bytes.u16(entry.localHeaderOffset + 28);
    const compressed = bytes.slice(dataStart, entry.compressedSize);
    const counter = WORKSHEET_PART.test(entry.name) ? new SheetTagCounter() : null;
    let size = 0;
    let crc = 0;
    const consume = (chunk: Uint8Array) => {
      size += chunk.length;
      total += chunk.length;
      if (total > limits.maxUncompressedBytes) throw tooLarge(limitMessage);
      crc = crc32(chunk, crc);
      counter?.push(chunk);
    };
    if (entry.method === 0) consume(compressed);
    else if (entry.method === 8) inflateInto(compressed, consume);
    else throw badFile();
    if (size !== entry.declaredSize || crc !== entry.crc) throw badFile();
    if (counter) {
      if (counter.rows > limits.maxDataRows + limits.headerSearchRows) throw tooManyRows(limits);
      cells += counter.cells;
      if (cells > limits.maxCells) throw tooLarge(`文件单元格数超过 ${limits.maxCells} 个，请拆分后导入`);
    }
  }
}

function inflateInto(compressed: Uint8Array, consume: (chunk: Uint8Array) => void) {
  const inflate = new Inflate(consume);
  try {
    if (compressed.length === 0) inflate.push(new Uint8Array(0), true);
    for (let at = 0; at < compressed.length; at += INFLATE_CHUNK)
      inflate.push(compressed.subarray(at, at + INFLATE_CHUNK), at + INFLATE_CHUNK >= compressed.length);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw badFile();
  }
}

export const tooManyRows = (limits: ExcelLimits) =>
  tooLarge(`数据行数超过 ${limits.maxDataRows} 行，请拆分后分批导入`);

/** One cell as the import reads it; `text` is what an error message quotes back to the user. */
export type SheetCell =
  | { kind: 'empty'; text: '' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'date'; text: string }
  | { kind: 'boolean'; value: boolean; text: string }
  | { kind: 'formula'; text: string }
  | { kind: 'error'; text: string };

export type ImportColumn = { column: number; header: string; field: ImportField | null };
export type SheetRow = { row: number; cells: Partial<Record<ImportField, SheetCell>> };
export type ImportSheet = { name: string; headerRow: number; columns: ImportColumn[]; rows: SheetRow[] };

const EMPTY: SheetCell = { kind: 'empty', text: '' };

/** Writes a number as people type it: no exponent for large integers. */
function numberText(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
}

function plainText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : plainText(value.text);
  if ('error' in value) return value.error;
  return '';
}

/** Normalises whatever exceljs holds (text, numbers, dates, rich text, links, formulas) to one shape. */
export function readCell(value: ExcelJS.CellValue | undefined): SheetCell {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'number') return { kind: 'number', value, text: numberText(value) };
  if (typeof value === 'boolean') return { kind: 'boolean', value, text: plainText(value) };
  // exceljs reads a date cell as midnight UTC of the serial day, so the UTC date is the sheet's date.
  if (value instanceof Date)
    return Number.isNaN(value.getTime())
      ? { kind: 'error', text: '无效日期' }
      : { kind: 'date', text: plainText(value) };
  if (typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) {
    const formula = 'formula' in value ? value.formula : value.sharedFormula;
    return { kind: 'formula', text: `=${formula}` };
  }
  if (typeof value === 'object' && 'error' in value) return { kind: 'error', text: value.error };
  const text = restoreNeutralised(plainText(value).trim());
  return text === '' ? EMPTY : { kind: 'text', text };
}

/**
 * The first visible worksheet of an upload, after {@link inspectXlsx} has bounded what parsing it
 * may cost. Every spreadsheet upload goes through here.
 */
export async function openWorksheet(
  data: Buffer,
  limits: ExcelLimits = EXCEL_LIMITS,
): Promise<ExcelJS.Worksheet> {
  inspectXlsx(data, limits);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer; a copy of 20 MB at most is the price of no cast.
    await workbook.xlsx.load(new Uint8Array(data).buffer);
  } catch {
    throw badFile();
  }
  const sheet = workbook.worksheets.find((candidate) => candidate.state === 'visible');
  if (!sheet) throw badFile('文件中没有可导入的工作表');
  return sheet;
}

/** The texts of a row's cells, index 0 = column A. */
export function rowTexts(sheet: ExcelJS.Worksheet, row: number): string[] {
  // `values` is indexed by column number, so index 0 is always empty and is dropped.
  const values = sheet.getRow(row).values as ExcelJS.CellValue[];
  return Array.from(values, (value) => plainText(value).trim()).slice(1);
}

/**
 * Reads the first visible worksheet of an upload, after {@link inspectXlsx}. The header is the first
 * row in which at least two columns are recognised (or mapped by the user); rows above it are
 * titles, rows below it whose mapped cells are all empty are skipped.
 */
export async function readImportSheet(
  data: Buffer,
  overrides: Readonly<Record<string, ImportField | null>>,
  limits: ExcelLimits = EXCEL_LIMITS,
): Promise<ImportSheet> {
  const sheet = await openWorksheet(data, limits);
  let header: { row: number; mapping: HeaderMapping[] } | undefined;
  const lastSearchRow = Math.min(limits.headerSearchRows, sheet.rowCount);
  for (let row = 1; row <= lastSearchRow && !header; row++) {
    const mapping = mapHeaders(rowTexts(sheet, row), overrides);
    if (mapping.filter((item) => item.field !== null).length >= 2) header = { row, mapping };
  }
  if (!header) {
    throw new AppError(
      'VALIDATION',
      `未找到表头：前 ${limits.headerSearchRows} 行中没有一行能识别出两个以上的列（如“项目名称”“建设单位”）`,
    );
  }
  const columns = header.mapping
    .filter((item) => item.header !== '')
    .map((item) => ({ column: item.column + 1, header: item.header, field: item.field }));
  const mapped = columns.filter((item): item is ImportColumn & { field: ImportField } => item.field !== null);

  const rows: SheetRow[] = [];
  const headerRow = header.row;
  sheet.eachRow((row, number) => {
    if (number <= headerRow) return;
    const cells: SheetRow['cells'] = {};
    let empty = true;
    for (const { column, field } of mapped) {
      const cell = readCell(row.getCell(column).value);
      cells[field] = cell;
      if (cell.kind !== 'empty') empty = false;
    }
    if (empty) return;
    if (rows.length >= limits.maxDataRows) throw tooManyRows(limits);
    rows.push({ row: number, cells });
  });
  return { name: sheet.name, headerRow, columns, rows };
}

/** `readOnly` columns are shaded: figures given for reference that an upload does not read back. */
export type ExportColumn = { header: string; width: number; format?: string; readOnly?: boolean };
export type ExportCell = string | number | Date | null;

export type ExportSheet = { name: string; title: string; columns: ExportColumn[]; rows: ExportCell[][] };

/** Writes one sheet; see {@link writeWorkbookSheets}. */
export async function writeWorkbook(sheet: ExportSheet): Promise<Buffer> {
  return writeWorkbookSheets([sheet]);
}

/**
 * Writes each sheet as a title row, the header row (frozen, with filters), then the data. Every
 * text cell is neutralised against formula injection; numbers and dates are written as typed cells.
 */
export async function writeWorkbookSheets(sheets: readonly ExportSheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Beacon';
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 2 }] });
    worksheet.columns = sheet.columns.map((column) => ({
      width: column.width,
      ...(column.format ? { style: { numFmt: column.format } } : {}),
    }));
    worksheet.addRow([sheet.title]);
    worksheet.mergeCells(1, 1, 1, sheet.columns.length);
    worksheet.getRow(1).font = { bold: true, size: 14 };
    const headerRow = worksheet.addRow(sheet.columns.map((column) => column.header));
    headerRow.font = { bold: true };
    sheet.columns.forEach((column, index) => {
      if (column.readOnly)
        headerRow.getCell(index + 1).fill = {
          type: 'pattern',
          pattern: 'solid',
          fgColor: { argb: 'FFE7E6E6' },
        };
    });
    worksheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: sheet.columns.length } };
    for (const row of sheet.rows)
      worksheet.addRow(row.map((cell) => (typeof cell === 'string' ? neutraliseFormula(cell) : cell)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// Excel counts days from 1899-12-30; serials in 1950–2100 are dates typed without a date format.
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const SERIAL_RANGE = [18_264, 73_415] as const;

/**
 * A date cell as ISO `YYYY-MM-DD`, null when empty, undefined when it cannot be read as a date.
 * A number such as 2020.3 reads as March; 2020.10 typed as a number is indistinguishable from
 * 2020.1 and reads as January, which is why exports write real date cells.
 */
export function cellDate(cell: SheetCell): string | null | undefined {
  if (cell.kind === 'empty') return null;
  if (cell.kind === 'date') return cell.text;
  if (
    cell.kind === 'number' &&
    Number.isInteger(cell.value) &&
    cell.value >= SERIAL_RANGE[0] &&
    cell.value <= SERIAL_RANGE[1]
  )
    return new Date(EXCEL_EPOCH + cell.value * 86_400_000).toISOString().slice(0, 10);
  return parseSheetDate(cell.text) ?? undefined;
}

/** Money as a number cell when the double holds it exactly (so Excel can sum it), else as text. */
export function moneyCell(decimal: string): ExportCell {
  const value = Number(decimal);
  return wanToDecimal(parseWan(value)) === decimal ? value : decimal;
}

export const dateCell = (iso: string | null) => (iso ? new Date(`${iso}T00:00:00.000Z`) : null);
