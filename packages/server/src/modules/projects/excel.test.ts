import { FIELD_LABELS, IMPORT_FIELDS } from '@beacon/domain';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { createHarness, type Harness, type Session } from '../../test/harness.ts';
import { EXCEL_LIMITS, XLSX_MIME, inspectXlsx, readImportSheet } from './excel.ts';
import {
  HEADERS,
  archive,
  databaseState,
  forgeDeclaredSize,
  projectRow,
  readBack,
  upload,
  workbook,
} from './excel-fixtures.ts';
import type { ImportReport } from './schemas.ts';

let h: Harness;
let city: Session;
beforeAll(async () => {
  h = await createHarness();
  city = await h.loginAs('city');
});
afterAll(() => h.close());

const MB = 1024 * 1024;

/** Uploads the file for real (dryRun=false) and checks the error shape and that nothing changed. */
async function expectRejected(file: Buffer, status: number, code: string, message?: string) {
  const before = await databaseState(h);
  const response = await upload(h, city, file, { dryRun: 'false' });
  expect(response.statusCode).toBe(status);
  expect(response.json()).toEqual({
    error: { code, message: message ?? expect.any(String), requestId: expect.any(String) },
  });
  expect(await databaseState(h)).toEqual(before);
}

describe('POST /api/projects/import — files that are not what they claim', () => {
  const notExcel = '文件不是有效的 Excel (.xlsx) 文件';

  it('rejects text, CSV and images named .xlsx', async () => {
    await expectRejected(Buffer.from('项目名称,建设单位\n测试,测试\n'), 400, 'BAD_FILE', notExcel);
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    await expectRejected(png, 400, 'BAD_FILE', notExcel);
    await expectRejected(Buffer.alloc(0), 400, 'BAD_FILE', notExcel);
  });

  it('stops an upload past the 20 MB multipart limit', async () => {
    await expectRejected(Buffer.alloc(21 * MB, 1), 413, 'PAYLOAD_TOO_LARGE', '请求内容过大');
  });

  it('rejects a zip that is not a workbook', async () => {
    const zip = Buffer.from(zipSync({ 'readme.txt': strToU8('hello') }));
    await expectRejected(zip, 400, 'BAD_FILE', notExcel);
  });

  it('rejects corrupted archives: truncated, or with damaged compressed data', async () => {
    const good = await workbook([[...HEADERS], projectRow()]);
    await expectRejected(good.subarray(0, good.length - 200), 400, 'BAD_FILE', notExcel);
    const damaged = Buffer.from(good);
    for (let at = 200; at < 1200; at += 7) damaged[at] = damaged[at]! ^ 0xa5;
    await expectRejected(damaged, 400, 'BAD_FILE', notExcel);
  });

  describe('zip bombs', () => {
    let bomb: Buffer;
    beforeAll(() => {
      bomb = archive({ 'xl/sharedStrings.xml': new Uint8Array(EXCEL_LIMITS.maxUncompressedBytes + 1) });
    });

    it('refuses one by its declared size, before inflating anything', async () => {
      expect(bomb.length).toBeLessThan(1 * MB);
      await expectRejected(bomb, 413, 'PAYLOAD_TOO_LARGE', '文件解压后超过 50 MB，无法导入');
    });

    it('refuses one that lies about its size, by counting what actually inflates', async () => {
      const liar = forgeDeclaredSize(bomb, 'xl/sharedStrings.xml', 1000);
      await expectRejected(liar, 413, 'PAYLOAD_TOO_LARGE', '文件解压后超过 50 MB，无法导入');
    });
  });

  it('refuses more than 100 000 data rows before the spreadsheet is parsed', async () => {
    const rows = Array.from(
      { length: EXCEL_LIMITS.maxDataRows + EXCEL_LIMITS.headerSearchRows + 1 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>x</t></is></c></row>`,
    ).join('');
    const sheet = `<worksheet><sheetData>${rows}</sheetData></worksheet>`;
    await expectRejected(
      archive({ 'xl/worksheets/sheet1.xml': sheet }),
      413,
      'PAYLOAD_TOO_LARGE',
      '数据行数超过 100000 行，请拆分后分批导入',
    );
  });

  it('counts data rows after the header against the limit (limit injected)', async () => {
    const file = await workbook([['标题'], [...HEADERS], projectRow(), [], projectRow(), projectRow()]);
    const limits = { ...EXCEL_LIMITS, maxDataRows: 3 };
    await expect(readImportSheet(file, {}, limits)).resolves.toMatchObject({ headerRow: 2 });
    await expect(readImportSheet(file, {}, { ...limits, maxDataRows: 2 })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
    expect(() => inspectXlsx(file, { ...limits, maxCells: 10 })).toThrow(AppError);
  });

  it('rejects a sheet with no recognisable header', async () => {
    const file = await workbook([
      ['甲', '乙'],
      ['1', '2'],
    ]);
    await expectRejected(file, 400, 'VALIDATION');
  });

  it('asks for the file when there is none', async () => {
    const missing = await h.app.inject({
      method: 'POST',
      url: '/api/projects/import?dryRun=false',
      headers: { cookie: city.cookie, 'x-csrf-token': city.csrfToken, 'content-type': 'application/json' },
      payload: {},
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({
      code: 'VALIDATION',
      details: [{ field: 'file', reason: '必填' }],
    });
    const wrongField = await upload(h, city, await workbook([[...HEADERS], projectRow()]), {}, 'upload');
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.json().error.code).toBe('VALIDATION');
  });

  it('limits how often one user may import', async () => {
    const limited = await createHarness({ rateLimits: { login: 100_000, excel: 3 } });
    try {
      const clerk = await limited.loginAs('county');
      const junk = Buffer.from('not a workbook');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await upload(limited, clerk, junk)).statusCode);
      expect(statuses).toEqual([400, 400, 400, 429]);
      // Another user is not held up by the first one's limit.
      expect((await upload(limited, await limited.loginAs('county'), junk)).statusCode).toBe(400);
    } finally {
      await limited.close();
    }
  });
});

describe('GET /api/projects/export', () => {
  let lianduProject: string;
  beforeAll(async () => {
    const created = await h.request(city, 'POST', '/api/projects', {
      name: '导出完整项目',
      code: '2024-331102-47-01-000501',
      ownerName: '导出测试建设单位',
      regionCode: '331102',
      address: '莲都区紫金路',
      lng: 119.9223,
      lat: 28.4676,
      sectorCode: 'transport',
      fundingSource: 'soe',
      highTech: true,
      totalInvestment: '123456789012.3456',
      content: '新建道路',
      startYear: 2024,
      endYear: 2026,
      plannedStart: '2024-03-01',
      plannedCompletion: '2026-12-31',
      stage: 'preliminary',
      lists: ['city_key', 'concentrated_start'],
      leadingOfficial: '张三',
      officialInCharge: '李四',
      responsibleDepartmentId: h.departments[1]!.id,
      serviceUnitIds: [h.departments[0]!.id, h.departments[4]!.id],
    });
    expect(created.statusCode).toBe(201);
    lianduProject = created.json().id;
    await h.buildProject({ name: '=HYPERLINK("http://evil.example","点我")', stage: 'reserve' });
    // Tab and CR triggers are covered by the domain test; the import trims them, so they would not
    // survive the round trip below unchanged.
    await h.buildProject({
      name: '@SUM(1+1)',
      content: '-2+3',
      address: '+86 0578',
      total_investment: '1.0000',
    });
    await h.buildProject({ name: '青田县导出项目', region_code: '331121', sector_code: 'water' });
  });

  const download = (session: Session, query = '') =>
    h.app.inject({ method: 'GET', url: `/api/projects/export${query}`, headers: { cookie: session.cookie } });

  it('downloads an .xlsx named for the day, with the import’s headers under a title row', async () => {
    const response = await download(city);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(XLSX_MIME);
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="projects-\d{8}\.xlsx"; filename\*=UTF-8''%E9%A1%B9%E7%9B%AE%E6%B8%85%E5%8D%95-\d{8}\.xlsx$/,
    );
    const sheet = await readBack(response.rawPayload);
    expect(String(sheet.getCell('A1').value)).toMatch(/^投资项目清单/);
    const fields = IMPORT_FIELDS.filter((field) => field !== 'totalInvestmentYi');
    expect(sheet.getRow(2).values).toEqual([undefined, ...fields.map((field) => FIELD_LABELS[field])]);

    const row = findRow(sheet, '导出完整项目');
    expect(row).toMatchObject({
      项目代码: '2024-331102-47-01-000501',
      建设单位: '导出测试建设单位',
      所在地: '莲都区',
      // 18 significant digits do not fit a double, so the amount is written as exact text.
      '总投资(万元)': '123456789012.3456',
      建设起止年限: '2024-2026',
      计划开工时间: new Date(Date.UTC(2024, 2, 1)),
      行业: '交通',
      资金来源: '国企',
      项目阶段: '前期',
      所属名单: '市重点、集中开工',
      是否高新技术产业: '是',
      责任单位: h.departments[1]!.name,
      服务单位: `${h.departments[0]!.name}、${h.departments[4]!.name}`,
      经度: 119.9223,
      纬度: 28.4676,
    });
    expect(findRow(sheet, '@SUM(1+1)')).toBeUndefined();
  });

  it('neutralises formula injection in every text cell', async () => {
    const sheet = await readBack((await download(city)).rawPayload);
    const evil = findRow(sheet, `'=HYPERLINK("http://evil.example","点我")`);
    expect(evil).toBeDefined();
    const sum = findRow(sheet, "'@SUM(1+1)");
    expect(sum).toMatchObject({ 建设内容及规模: "'-2+3", 建设地点: "'+86 0578", '总投资(万元)': 1 });
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
        expect(cell.formula).toBeUndefined();
      }),
    );
  });

  it('exports only what the caller may list, with the list’s filters', async () => {
    const county = await h.loginAs('county', { regionCode: '331121' });
    const names = async (session: Session, query = '') =>
      rowsOf(await readBack((await download(session, query)).rawPayload)).map((r) => r['项目名称']);
    expect(await names(county)).toEqual(['青田县导出项目']);
    expect(await names(city, '?region=331121')).toEqual(['青田县导出项目']);
    expect(await names(city, '?stage=reserve')).toEqual([`'=HYPERLINK("http://evil.example","点我")`]);
    expect(await names(city, '?q=完整&sort=-totalInvestment')).toEqual(['导出完整项目']);
    expect((await download(city, '?page=2')).statusCode).toBe(400);
    const owner = await h.loginAs('owner');
    expect(await names(owner)).toEqual([]);
  });

  it('re-imports its own export as all unchanged', async () => {
    const exported = (await download(city)).rawPayload;
    const before = await databaseState(h);
    const response = await upload(h, city, exported, { dryRun: 'false' });
    expect(response.statusCode).toBe(200);
    const report = response.json<ImportReport>();
    expect(report).toMatchObject({ committed: true, created: 0, updated: 0, errors: [] });
    expect(report.unchanged).toBe(report.rows);
    expect(report.rows).toBe(before.projects);
    expect(report.columns.every((c) => c.field !== null)).toBe(true);
    const after = await databaseState(h);
    expect(after).toEqual({ ...before, audit: before.audit + 1 });
    const project = await h.db
      .selectFrom('projects')
      .select(['version', 'total_investment'])
      .where('id', '=', lianduProject)
      .executeTakeFirstOrThrow();
    expect(project).toEqual({ version: 1, total_investment: '123456789012.3456' });
  });

  it('records who exported what', async () => {
    await download(city, '?region=331102');
    const event = await h.db
      .selectFrom('audit_events')
      .select(['actor_id', 'after'])
      .where('action', '=', 'project.export')
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_id: city.user.id, after: { filter: { region: '331102' } } });
  });
});

type Sheet = Awaited<ReturnType<typeof readBack>>;

/** Data rows below the title and header, as header → value. */
function rowsOf(sheet: Sheet): Record<string, unknown>[] {
  const headers = Array.from(sheet.getRow(2).values as unknown[], String);
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, number) => {
    if (number <= 2) return;
    const values = row.values as unknown[];
    rows.push(Object.fromEntries(headers.map((header, index) => [header, values[index] ?? null])));
  });
  return rows;
}

const findRow = (sheet: Sheet, name: string) => rowsOf(sheet).find((row) => row['项目名称'] === name);
