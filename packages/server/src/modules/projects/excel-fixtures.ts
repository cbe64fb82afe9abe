/** Test support for the Excel tests: workbooks, hand-built archives and multipart uploads. */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import type { Harness, Session } from '../../test/harness.ts';
import { XLSX_MIME } from './excel.ts';

export const HEADERS = [
  '序号',
  '项目名称',
  '项目代码',
  '建设单位',
  '所在地',
  '总投资(万元)',
  '建设内容及规模',
  '建设起止年限',
  '计划开工时间',
  '计划竣工时间',
  '行业',
  '资金来源',
  '项目阶段',
  '所属名单',
  '是否高新技术产业',
  '责任单位',
  '服务单位',
  '领办领导',
  '分管领导',
  '经度',
  '纬度',
] as const;

/** A row under {@link HEADERS}, valid unless overridden. */
export function projectRow(overrides: Partial<Record<(typeof HEADERS)[number], ExcelJS.CellValue>> = {}) {
  const values: Record<(typeof HEADERS)[number], ExcelJS.CellValue> = {
    序号: 1,
    项目名称: `导入测试项目${randomUUID().slice(0, 8)}`,
    项目代码: null,
    建设单位: '丽水导入测试建设有限公司',
    所在地: '莲都区',
    '总投资(万元)': '12345.67',
    建设内容及规模: '新建道路 5 公里',
    建设起止年限: '2024-2026',
    计划开工时间: new Date(Date.UTC(2024, 2, 1)),
    计划竣工时间: '2026年12月',
    行业: '交通',
    资金来源: '政府',
    项目阶段: '前期',
    所属名单: '市重点、集中开工',
    是否高新技术产业: '否',
    责任单位: '市交通运输局',
    服务单位: '市发展改革委、市自然资源和规划局',
    领办领导: '张三',
    分管领导: '李四',
    经度: 119.9223,
    纬度: 28.4676,
    ...overrides,
  };
  return HEADERS.map((header) => values[header]);
}

/** One worksheet with these rows; `configure` may add formulas, merges or a second sheet. */
export async function workbook(
  rows: ExcelJS.CellValue[][],
  configure?: (sheet: ExcelJS.Worksheet) => void,
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('项目');
  for (const row of rows) sheet.addRow(row);
  configure?.(sheet);
  return Buffer.from(await book.xlsx.writeBuffer());
}

export async function readBack(content: Buffer): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(new Uint8Array(content).buffer);
  return book.worksheets[0]!;
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

/** A minimal archive with the parts a workbook must have, plus whatever else a test needs. */
export function archive(parts: Record<string, string | Uint8Array>): Buffer {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(CONTENT_TYPES),
    'xl/workbook.xml': strToU8('<workbook/>'),
  };
  for (const [name, content] of Object.entries(parts))
    files[name] = typeof content === 'string' ? strToU8(content) : content;
  return Buffer.from(zipSync(files));
}

/** Rewrites an entry's declared uncompressed size, as a zip bomb that lies about itself would. */
export function forgeDeclaredSize(zip: Buffer, entryName: string, size: number): Buffer {
  const forged = Buffer.from(zip);
  for (let at = 0; at + 46 < forged.length; at++) {
    const signature = forged.readUInt32LE(at);
    if (signature !== 0x04034b50 && signature !== 0x02014b50) continue;
    const central = signature === 0x02014b50;
    const nameStart = at + (central ? 46 : 30);
    const nameLength = forged.readUInt16LE(at + (central ? 28 : 26));
    if (forged.toString('utf8', nameStart, nameStart + nameLength) === entryName)
      forged.writeUInt32LE(size, at + (central ? 24 : 22));
  }
  return forged;
}

export function multipart(content: Buffer, field = 'file') {
  const boundary = `----beacon${randomUUID()}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="projects.xlsx"\r\n` +
    `Content-Type: ${XLSX_MIME}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** POST /api/projects/import as a browser would send it. */
export function upload(
  h: Harness,
  session: Session,
  file: Buffer,
  query: Record<string, string> = {},
  field = 'file',
) {
  const { payload, contentType } = multipart(file, field);
  return h.app.inject({
    method: 'POST',
    url: `/api/projects/import?${new URLSearchParams(query).toString()}`,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': contentType },
    payload,
  });
}

/** Row counts that any write would change. */
export async function databaseState(h: Harness) {
  const count = async (table: 'projects' | 'audit_events' | 'enterprises' | 'project_list_members') =>
    Number(
      (
        await h.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    projects: await count('projects'),
    audit: await count('audit_events'),
    enterprises: await count('enterprises'),
    lists: await count('project_list_members'),
  };
}
