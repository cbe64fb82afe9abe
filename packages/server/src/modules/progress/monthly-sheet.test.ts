import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Session } from '../../test/harness.ts';
import { multipartFile, workbook } from '../../test/xlsx.ts';

let h: Harness;
let county: Session;
let city: Session;
beforeAll(async () => {
  h = await createHarness();
  county = await h.loginAs('county', { regionCode: '331102' });
  city = await h.loginAs('city');
});
afterAll(() => h.close());

let serial = 100000;
const code = (region = '331102') => `2025-${region}-48-01-${++serial}`;
const sheetUrl = (year: number, month: number, extra = '') =>
  `/api/progress/monthly-sheet?year=${year}&month=${month}${extra}`;

async function download(session: Session, year: number, month: number, extra = '') {
  const response = await h.app.inject({
    method: 'GET',
    url: sheetUrl(year, month, extra),
    headers: { cookie: session.cookie },
  });
  expect(response.statusCode, response.body).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(new Uint8Array(response.rawPayload).buffer);
  return book;
}

/** The sheet's data rows by project code: header texts → cell values. */
function rowsOf(book: ExcelJS.Workbook) {
  const sheet = book.worksheets[0]!;
  const headers = (sheet.getRow(2).values as string[]).slice(1);
  const rows = new Map<string, Record<string, unknown>>();
  sheet.eachRow((row, number) => {
    if (number <= 2) return;
    const values = (row.values as unknown[]).slice(1);
    rows.set(String(values[0]), Object.fromEntries(headers.map((header, i) => [header, values[i] ?? null])));
  });
  return rows;
}

/** Fills the month's columns of the rows named by code, as a county would in Excel. */
async function fill(book: ExcelJS.Workbook, values: Record<string, (string | number | Date | null)[]>) {
  const sheet = book.worksheets[0]!;
  sheet.eachRow((row, number) => {
    if (number <= 2) return;
    const given = values[String(row.getCell(1).value)];
    // Columns G–K: 本月完成投资, 形象进度, 完成百分比, 开工日期, 是否统计入库.
    given?.forEach((value, index) => {
      row.getCell(7 + index).value = value;
    });
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

function upload(session: Session, content: Buffer, year: number, month: number, dryRun: boolean) {
  const file = multipartFile(content, '月报.xlsx');
  return h.app.inject({
    method: 'POST',
    url: sheetUrl(year, month, `&dryRun=${dryRun}`),
    payload: file.payload,
    headers: { ...file.headers, cookie: session.cookie, 'x-csrf-token': session.csrfToken },
  });
}

async function reportsOf(projectId: string, year: number, month: number) {
  return h.db
    .selectFrom('progress_reports')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('year', '=', year)
    .where('month', '=', month)
    .orderBy('revision')
    .execute();
}

async function summaryOf(projectId: string, year: number) {
  const row = await h.db
    .selectFrom('project_year_progress')
    .select(sql<string[]>`monthly::text[]`.as('monthly'))
    .where('project_id', '=', projectId)
    .where('year', '=', year)
    .executeTakeFirst();
  return row?.monthly;
}

describe('monthly sheet', () => {
  it('round trip: download, fill, dry run, commit, figures, idempotent re-upload, correction', async () => {
    const building = await h.buildProject({ code: code(), stage: 'construction' });
    const planned = await h.buildProject({ code: code(), stage: 'preliminary', actual_start: null });
    await h.db
      .insertInto('project_year_plans')
      .values({
        project_id: planned.id,
        year: 2025,
        planned_investment: '1200.5',
        construction_type: 'new',
      })
      .execute();
    const elsewhere = await h.buildProject({
      code: code('331121'),
      region_code: '331121',
      stage: 'construction',
    });
    const uncoded = await h.buildProject({ code: null, stage: 'construction' });
    const finished = await h.buildProject({ code: code(), stage: 'completed' });
    await h.request(city, 'POST', '/api/progress/history', [
      { projectId: building.id, year: 2025, month: 1, amount: '10.25' },
      { projectId: building.id, year: 2025, month: 2, amount: '20' },
    ]);

    const book = await download(county, 2025, 3);
    const listed = rowsOf(book);
    expect([...listed.keys()].sort()).toEqual([building.code, planned.code].sort());
    expect(
      listed.has(elsewhere.code!) || listed.has(String(uncoded.code)) || listed.has(finished.code!),
    ).toBe(false);
    expect(listed.get(building.code!)).toMatchObject({
      项目名称: building.name,
      '本年累计(万元，截至上月)': 30.25,
      '本月完成投资(万元)': null,
    });
    expect(listed.get(planned.code!)).toMatchObject({ '年度计划投资(万元)': 1200.5 });

    const filled = await fill(book, {
      [building.code!]: [55.5, '主体结构施工', 40, null, '是'],
      [planned.code!]: ['12.3456', '桩基施工', '5%', new Date('2025-03-18T00:00:00Z'), '否'],
    });
    const dry = await upload(county, filled, 2025, 3, true);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({
      dryRun: true,
      committed: false,
      rows: 2,
      created: 2,
      changed: 0,
      unchanged: 0,
      started: 1,
    });
    expect(await reportsOf(building.id, 2025, 3)).toEqual([]);
    expect(
      (
        await h.db
          .selectFrom('projects')
          .select('stage')
          .where('id', '=', planned.id)
          .executeTakeFirstOrThrow()
      ).stage,
    ).toBe('preliminary');

    const committed = await upload(county, filled, 2025, 3, false);
    expect(committed.json()).toMatchObject({ dryRun: false, committed: true, created: 2, started: 1 });
    const [report] = await reportsOf(building.id, 2025, 3);
    expect(report).toMatchObject({
      state: 'accepted',
      revision: 1,
      source: 'sheet',
      completed_amount: '55.5000',
      physical_progress: '主体结构施工',
      percent_complete: '40.00',
      stats_registered: true,
      reviewed_by: county.user.id,
      created_by: county.user.id,
      late: true,
    });
    expect((await summaryOf(building.id, 2025))!.slice(0, 4)).toEqual([
      '10.2500',
      '20.0000',
      '55.5000',
      '0.0000',
    ]);
    expect((await summaryOf(planned.id, 2025))![2]).toBe('12.3456');

    // The reported start of work moved the preliminary project into construction, audited.
    const started = await h.db
      .selectFrom('projects')
      .select(['stage', 'actual_start', 'version'])
      .where('id', '=', planned.id)
      .executeTakeFirstOrThrow();
    expect(started).toEqual({
      stage: 'construction',
      actual_start: '2025-03-18',
      version: planned.version + 1,
    });
    const startEvent = await h.db
      .selectFrom('audit_events')
      .select(['before', 'after'])
      .where('action', '=', 'project.start')
      .where('object_id', '=', planned.id)
      .executeTakeFirstOrThrow();
    expect(startEvent).toMatchObject({
      before: { stage: 'preliminary', actualStart: null },
      after: { stage: 'construction' },
    });
    const events = await h.db
      .selectFrom('audit_events')
      .select('object_id')
      .where('action', '=', 'progress.sheet.accept')
      .execute();
    expect(events.map((e) => e.object_id)).toContain(report!.id);

    const again = await upload(county, filled, 2025, 3, false);
    expect(again.json()).toMatchObject({ created: 0, changed: 0, unchanged: 2, started: 0 });
    expect(await reportsOf(building.id, 2025, 3)).toHaveLength(1);

    // The next download is pre-filled with the month's figures; re-uploading it changes nothing.
    const prefilled = await download(county, 2025, 3);
    expect(rowsOf(prefilled).get(planned.code!)).toMatchObject({
      '本月完成投资(万元)': 12.3456,
      形象进度: '桩基施工',
      完成百分比: 5,
      是否统计入库: '否',
    });
    const roundTrip = await upload(county, Buffer.from(await prefilled.xlsx.writeBuffer()), 2025, 3, false);
    expect(roundTrip.json()).toMatchObject({ unchanged: 2, created: 0, changed: 0 });

    // Different figures for an accepted month: a correction, as a new accepted revision.
    const corrected = await fill(prefilled, { [building.code!]: [60, '主体结构施工', 45, null, '是'] });
    const correction = await upload(county, corrected, 2025, 3, false);
    expect(correction.json()).toMatchObject({ created: 0, changed: 1, unchanged: 1 });
    const revisions = await reportsOf(building.id, 2025, 3);
    expect(revisions.map((r) => [r.revision, r.state, r.completed_amount])).toEqual([
      [1, 'accepted', '55.5000'],
      [2, 'accepted', '60.0000'],
    ]);
    expect((await summaryOf(building.id, 2025))![2]).toBe('60.0000');
    // The rollup the indicator table reads follows the set-based writes exactly.
    const rollup = await sql<{ cells: string; rows: string }>`
      select (select coalesce(sum(monthly[3]), 0) from investment_rollup where year = 2025)::text as cells,
             (select coalesce(sum(monthly[3]), 0) from project_year_progress where year = 2025)::text as rows`.execute(
      h.db,
    );
    expect(rollup.rows[0]!.cells).toBe(rollup.rows[0]!.rows);
    expect(rollup.rows[0]!.rows).toBe('72.3456');
    const history = (await h.request(county, 'GET', `/api/projects/${building.id}/reports?year=2025`)).json();
    expect(history.years[0]).toMatchObject({ total: '90.2500', acceptedThroughMonth: 3 });
  });

  it('skips rows without the month’s figures and re-uploads a report without a start date unchanged', async () => {
    const project = await h.buildProject({ code: code(), actual_start: '2019-05-01' });
    await h.request(city, 'POST', '/api/progress/history', [
      { projectId: project.id, year: 2025, month: 7, amount: '3' },
    ]);
    const book = await download(county, 2025, 7);
    expect(rowsOf(book).get(project.code!)).toMatchObject({ 开工日期: null, '本月完成投资(万元)': 3 });
    const response = await upload(county, Buffer.from(await book.xlsx.writeBuffer()), 2025, 7, false);
    expect(response.json()).toMatchObject({ rows: 1, created: 0, changed: 0, unchanged: 1 });
    expect(response.json().skipped).toBeGreaterThan(0);
    expect(await reportsOf(project.id, 2025, 7)).toHaveLength(1);
  });

  it('accepts a pending report in place with the sheet’s figures', async () => {
    const enterprise = await h.createEnterprise();
    const owner = await h.loginAs('owner', { enterpriseId: enterprise });
    const project = await h.buildProject({ code: code(), owner_id: enterprise });
    await h.request(owner, 'PUT', `/api/projects/${project.id}/reports/2025/4`, {
      completedAmount: '7',
      physicalProgress: '基础施工',
      percentComplete: '10',
    });
    await h.request(owner, 'POST', `/api/projects/${project.id}/reports/2025/4/submit`, { version: 1 });
    const content = await workbook([
      ['项目代码', '本月完成投资（万元）', '形象进度', '完成百分比'],
      [project.code, 8, '基础施工完成', 12],
    ]);
    const response = await upload(county, content, 2025, 4, false);
    expect(response.json()).toMatchObject({ created: 1, changed: 0 });
    const [report, ...others] = await reportsOf(project.id, 2025, 4);
    expect(others).toEqual([]);
    expect(report).toMatchObject({ state: 'accepted', revision: 1, version: 3, completed_amount: '8.0000' });
  });

  it('is all or nothing, listing every bad row in Chinese', async () => {
    const mine = await h.buildProject({ code: code() });
    const other = await h.buildProject({ code: code() });
    const hidden = await h.buildProject({ code: code('331121'), region_code: '331121' });
    const content = await workbook([
      ['2025年5月项目月报'],
      ['项目代码', '项目名称', '本月完成投资(万元)', '形象进度', '完成百分比', '开工日期', '是否统计入库'],
      [mine.code, mine.name, 100, '施工', 50, '2024-01-01', '是'],
      ['2025-331102-48-01-999999', '不存在', 1, null, null, null, null],
      [hidden.code, hidden.name, 1, null, null, null, null],
      [other.code, other.name, -5, null, null, null, null],
      [other.code, other.name, '一百', null, null, null, null],
      [mine.code, mine.name, 1, null, null, null, null],
      [code(), '坏日期', 1, null, null, '2025-13-01', null],
      [code(), '百分比', 1, null, 101, null, null],
      [code(), '晚于本月', 1, null, null, '2025-06-01', null],
      [code(), '统计入库', 1, null, null, null, '也许'],
      ['合计', '合计', 208, null, null, null, null],
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(content).buffer);
    book.worksheets[0]!.addRow([other.code, other.name, { formula: 'C3*2', result: 200 }]);
    const withFormula = Buffer.from(await book.xlsx.writeBuffer());

    const response = await upload(county, withFormula, 2025, 5, false);
    expect(response.statusCode, response.body).toBe(422);
    const error = response.json().error;
    expect(error.code).toBe('UNPROCESSABLE');
    expect(error.message).toBe('月报汇总表有 10 行错误，未写入任何数据');
    expect(error.details.map((d: { reason: string }) => d.reason)).toEqual([
      '第 4 行「项目代码」：项目代码不存在或不在您的权限范围内',
      '第 5 行「项目代码」：项目代码不存在或不在您的权限范围内',
      '第 6 行「本月完成投资(万元)」：不能为负数',
      expect.stringMatching(/^第 7 行「本月完成投资\(万元\)」：/),
      '第 8 行「项目代码」：与第 3 行是同一项目',
      '第 9 行「开工日期」：日期格式不正确，应为 2024-03-01 或 2024年3月',
      '第 10 行「完成百分比」：应在 0 至 100 之间',
      '第 11 行「开工日期」：不能晚于报告月份的最后一天 2025-05-31',
      '第 12 行「是否统计入库」：应填写“是”或“否”',
      '第 14 行「本月完成投资(万元)」：单元格包含公式，请粘贴为数值',
    ]);
    expect(await reportsOf(mine.id, 2025, 5)).toEqual([]);

    // The dry run reports the same errors the same way.
    expect((await upload(county, withFormula, 2025, 5, true)).statusCode).toBe(422);
  });

  it('refuses an owner (403), a month not yet open, and rows a department does not answer for', async () => {
    const owner = await h.loginAs('owner');
    const content = await workbook([
      ['项目代码', '本月完成投资'],
      [code(), 1],
    ]);
    expect((await upload(owner, content, 2025, 5, true)).statusCode).toBe(403);
    expect(
      (await h.app.inject({ method: 'GET', url: sheetUrl(2025, 5), headers: { cookie: owner.cookie } }))
        .statusCode,
    ).toBe(403);
    const future = await upload(county, content, 2100, 1, true);
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toBe('2100年1月的月报自 2100-02-01 起才能填报');

    const serving = h.departments[3]!.id;
    const project = await h.buildProject({ code: code(), responsible_department_id: h.departments[2]!.id });
    await h.db
      .insertInto('project_service_units')
      .values({ project_id: project.id, department_id: serving })
      .execute();
    const department = await h.loginAs('department', { departmentId: serving });
    const refused = await upload(
      department,
      await workbook([
        ['项目代码', '本月完成投资'],
        [project.code, 1],
      ]),
      2025,
      5,
      false,
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details[0].reason).toBe(
      '第 2 行「项目代码」：只有项目的责任部门可以审核月报',
    );
    // Nor does the department's own download list the project it only serves.
    expect(rowsOf(await download(department, 2025, 5)).has(project.code!)).toBe(false);
    const responsible = await h.loginAs('department', { departmentId: h.departments[2]!.id });
    expect(rowsOf(await download(responsible, 2025, 5)).has(project.code!)).toBe(true);
  });

  it('refuses a bad period or dry-run flag with 400 in Chinese', async () => {
    for (const query of [
      'year=2025&month=13',
      'year=1800&month=1',
      'month=1',
      'year=2025&month=1&dryRun=maybe',
    ]) {
      const file = multipartFile(
        await workbook([
          ['项目代码', '本月完成投资'],
          [code(), 1],
        ]),
      );
      const response = await h.app.inject({
        method: 'POST',
        url: `/api/progress/monthly-sheet?${query}`,
        payload: file.payload,
        headers: { ...file.headers, cookie: county.cookie, 'x-csrf-token': county.csrfToken },
      });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION');
    }
  });

  it('rejects a file that is not a workbook and a sheet without the header', async () => {
    expect((await upload(county, Buffer.from('not a workbook'), 2025, 5, true)).statusCode).toBe(400);
    const headless = await upload(county, await workbook([['名称'], ['x']]), 2025, 5, true);
    expect(headless.statusCode).toBe(400);
    expect(headless.json().error.message).toContain('未找到表头');
  });
});
