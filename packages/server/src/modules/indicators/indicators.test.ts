import { parseWan, SEED_INDICATORS, SEED_TARGETS_2020, shanghaiYear, wanToDecimal } from '@beacon/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureReferenceData } from '../../seed/reference.ts';
import { createHarness, type Harness, type Session } from '../../test/harness.ts';

/**
 * The indicator table through the HTTP layer. Each test works in a year of its own (figures are
 * loaded as accepted history or accepted through the report form), so tests sharing the database
 * do not see each other's amounts.
 */
let h: Harness;
let city: Session;
beforeAll(async () => {
  h = await createHarness();
  city = await h.loginAs('city');
});
afterAll(() => h.close());

type Row = {
  indicator: string;
  region: string | null;
  cumulative: string | null;
  lastYearCumulative: string | null;
  growthPct: string | null;
  annualPlan: string | null;
  completionPct: string | null;
  timeProgressPct: string | null;
  gapPts: string | null;
  count: number | null;
  target: unknown;
  targetMet: boolean | null;
};

const yi = (amount: string) => wanToDecimal(parseWan(amount, 'yi'));

async function table(session: Session, year: number, month: number) {
  const response = await h.request(session, 'GET', `/api/indicators/table?year=${year}&month=${month}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    rows: Row[];
    regions: { code: string; name: string }[];
    timeProgressPct: string;
  };
}

const row = (rows: Row[], indicator: string, region: string | null) => {
  const found = rows.find((item) => item.indicator === indicator && item.region === region);
  if (!found) throw new Error(`no row ${indicator} ${region}`);
  return found;
};

async function history(rows: { projectId: string; year: number; month: number; amount: string }[]) {
  const response = await h.request(city, 'POST', '/api/progress/history', rows);
  expect(response.statusCode, response.body).toBe(200);
}

async function plan(projectId: string, year: number, amount: string) {
  await h.db
    .insertInto('project_year_plans')
    .values({ project_id: projectId, year, planned_investment: amount, construction_type: 'continuing' })
    .execute();
}

describe('indicator table', () => {
  it('reproduces the hand-checked bulletin from accepted reports: 13.2亿 of 60.0亿 by March', async () => {
    const a = await h.buildProject({
      region_code: '331102',
      sector_code: 'transport',
      funding_source: 'government',
    });
    const b = await h.buildProject({
      region_code: '331121',
      sector_code: 'water',
      funding_source: 'government',
    });
    await plan(a.id, 2020, yi('40'));
    await plan(b.id, 2020, yi('20'));
    await history([
      { projectId: a.id, year: 2019, month: 1, amount: yi('8') },
      { projectId: b.id, year: 2019, month: 3, amount: yi('3.785') },
      // Last year's April is outside January–March and must not count.
      { projectId: b.id, year: 2019, month: 4, amount: yi('100') },
      { projectId: a.id, year: 2020, month: 1, amount: yi('2') },
      { projectId: a.id, year: 2020, month: 2, amount: yi('3') },
      { projectId: b.id, year: 2020, month: 2, amount: yi('4') },
    ]);
    // March of project A goes through the report form and the county's acceptance.
    const enterprise = a.owner_id;
    const owner = await h.loginAs('owner', { enterpriseId: enterprise });
    const county = await h.loginAs('county', { regionCode: '331102' });
    const saved = await h.request(owner, 'PUT', `/api/projects/${a.id}/reports/2020/3`, {
      completedAmount: yi('4.2'),
      physicalProgress: '路基施工',
      percentComplete: '30',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const submitted = await h.request(owner, 'POST', `/api/projects/${a.id}/reports/2020/3/submit`, {
      version: saved.json().version,
    });
    const accepted = await h.request(county, 'POST', `/api/reports/${submitted.json().id}/accept`, {});
    expect(accepted.statusCode, accepted.body).toBe(200);

    const { rows, timeProgressPct } = await table(city, 2020, 3);
    expect(timeProgressPct).toBe('25.0');
    expect(row(rows, 'government_investment', null)).toEqual({
      indicator: 'government_investment',
      region: null,
      cumulative: '132000.0000',
      lastYearCumulative: '117850.0000',
      growthPct: '12.0',
      annualPlan: '600000.0000',
      completionPct: '22.0',
      timeProgressPct: '25.0',
      gapPts: '-3.0',
      count: null,
      target: { kind: 'growth', pct: '12' },
      targetMet: true,
    });
    expect(row(rows, 'government_investment', '331102')).toMatchObject({
      cumulative: '92000.0000',
      lastYearCumulative: '80000.0000',
      growthPct: '15.0',
      completionPct: '23.0',
      gapPts: '-2.0',
    });
    expect(row(rows, 'transport_investment', null).cumulative).toBe('92000.0000');
    expect(row(rows, 'ecology_urban_water_investment', '331121')).toMatchObject({
      cumulative: '40000.0000',
      lastYearCumulative: '37850.0000',
      growthPct: '5.7',
      targetMet: false,
    });
    // February: March's report is not in yet.
    const february = await table(city, 2020, 2);
    expect(row(february.rows, 'government_investment', null)).toMatchObject({
      cumulative: '90000.0000',
      timeProgressPct: '16.7',
    });
  });

  it('makes every region row and the total agree with the projects behind them', async () => {
    const year = 2012;
    const regions = ['331102', '331121', '331122', '331181'];
    const projects = [];
    for (const [index, region] of regions.entries()) {
      for (const funding of ['government', 'private'] as const) {
        const project = await h.buildProject({
          region_code: region,
          funding_source: funding,
          sector_code: index % 2 ? 'urban' : 'energy',
          total_investment: index % 2 ? '150000' : '5000',
          lists: index === 1 ? ['head'] : [],
        });
        projects.push(project);
        await plan(project.id, year, `${1000 + index * 333}.3333`);
      }
    }
    await history(
      projects.flatMap((project, index) => [
        { projectId: project.id, year, month: 1, amount: `${index * 17 + 1}.0001` },
        { projectId: project.id, year, month: 2, amount: `${index * 3 + 2}.1234` },
        { projectId: project.id, year: year - 1, month: 2, amount: `${index * 11 + 5}.5` },
      ]),
    );
    const created = await h.request(city, 'POST', '/api/indicators', {
      code: 'head_large_investment',
      name: '省市县长亿元以上项目投资',
      measure: 'sum_completed',
      filter: { lists: ['head'], minTotalInvestment: '10000' },
    });
    expect(created.statusCode, created.body).toBe(201);

    const { rows, regions: listed } = await table(city, year, 2);
    expect(listed[0]).toEqual({ code: '331100', name: '丽水市本级' });
    for (const indicator of ['government_investment', 'private_investment', 'head_large_investment']) {
      const total = row(rows, indicator, null);
      const parts = rows.filter((item) => item.indicator === indicator && item.region !== null);
      for (const field of ['cumulative', 'lastYearCumulative', 'annualPlan'] as const)
        expect(wanToDecimal(parts.reduce((sum, item) => sum + parseWan(item[field]!), 0n))).toBe(
          total[field],
        );
      for (const item of [total, ...parts]) {
        const region = item.region === null ? '' : `&region=${item.region}`;
        const drill = await h.request(
          city,
          'GET',
          `/api/indicators/${indicator}/projects?year=${year}&month=2${region}&pageSize=3`,
        );
        expect(drill.statusCode, drill.body).toBe(200);
        const body = drill.json();
        expect(body.cumulative).toBe(item.cumulative);
        expect(body.lastYearCumulative).toBe(item.lastYearCumulative);
        expect(body.annualPlan).toBe(item.annualPlan);
        // Paging through every page adds up to the same figure.
        let sum = 0n;
        for (let page = 1; page <= Math.ceil(body.total / 3); page += 1) {
          const next = await h.request(
            city,
            'GET',
            `/api/indicators/${indicator}/projects?year=${year}&month=2${region}&pageSize=3&page=${page}`,
          );
          for (const project of next.json().items) sum += parseWan(project.cumulative);
        }
        expect(wanToDecimal(sum)).toBe(item.cumulative);
        // Past the last page there are no projects, but the figures are still the table's.
        const beyond = await h.request(
          city,
          'GET',
          `/api/indicators/${indicator}/projects?year=${year}&month=2${region}&pageSize=3&page=99`,
        );
        expect(beyond.json()).toMatchObject({ items: [], total: body.total, cumulative: item.cumulative });
      }
    }
    // Only the two head-list projects of 331121 (the third and fourth built) count: 35.0001 + 8.1234 + 52.0001 + 11.1234.
    expect(row(rows, 'head_large_investment', null).cumulative).toBe('106.2470');
  });

  it('adds up cells beyond what one project may hold, exactly', async () => {
    const year = 2011;
    const largest = '99999999999999.9999';
    const projects = [
      await h.buildProject({ region_code: '331122', sector_code: 'energy' }),
      await h.buildProject({ region_code: '331122', sector_code: 'energy' }),
    ];
    for (const project of projects) await plan(project.id, year, largest);
    await history(projects.map((project) => ({ projectId: project.id, year, month: 1, amount: largest })));
    const { rows } = await table(city, year, 1);
    const doubled = wanToDecimal(parseWan(largest) * 2n);
    expect(row(rows, 'government_investment', '331122')).toMatchObject({
      cumulative: doubled,
      annualPlan: doubled,
      completionPct: '100.0',
    });
  });

  it('follows a project that moves to another region or sector', async () => {
    const year = 2013;
    const project = await h.buildProject({ region_code: '331102', sector_code: 'transport' });
    await plan(project.id, year, '500');
    await history([
      { projectId: project.id, year, month: 1, amount: '120' },
      { projectId: project.id, year: year - 1, month: 1, amount: '100' },
    ]);
    let { rows } = await table(city, year, 1);
    expect(row(rows, 'transport_investment', '331102')).toMatchObject({
      cumulative: '120.0000',
      growthPct: '20.0',
    });
    const version = (await h.request(city, 'GET', `/api/projects/${project.id}`)).json().version;
    const moved = await h.request(city, 'PATCH', `/api/projects/${project.id}`, {
      version,
      regionCode: '331123',
      sectorCode: 'water',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    ({ rows } = await table(city, year, 1));
    expect(row(rows, 'transport_investment', '331102')).toMatchObject({
      cumulative: '0.0000',
      annualPlan: '0.0000',
    });
    expect(row(rows, 'transport_investment', null).cumulative).toBe('0.0000');
    // Last year's figure moves with the project, so the growth stays comparable.
    expect(row(rows, 'ecology_urban_water_investment', '331123')).toMatchObject({
      cumulative: '120.0000',
      lastYearCumulative: '100.0000',
      annualPlan: '500.0000',
      growthPct: '20.0',
    });
  });

  it('counts preliminary projects, Q1 starts and newly planned projects with their targets', async () => {
    const year = 2021;
    await h.buildProject({ region_code: '331124', stage: 'preliminary', total_investment: '10000' });
    await h.buildProject({ region_code: '331124', stage: 'preliminary', total_investment: '9999.9999' });
    await h.buildProject({ region_code: '331124', total_investment: '20000', actual_start: `${year}-03-31` });
    await h.buildProject({ region_code: '331124', total_investment: '20000', actual_start: `${year}-04-01` });
    await h.buildProject({
      region_code: '331124',
      stage: 'planning',
      total_investment: '100000',
      planned_year: year,
    });
    await h.buildProject({
      region_code: '331124',
      stage: 'planning',
      total_investment: '100000',
      planned_year: year,
    });
    await h.buildProject({
      region_code: '331125',
      stage: 'reserve',
      total_investment: '150000',
      planned_year: year,
    });
    await h.buildProject({
      region_code: '331125',
      stage: 'reserve',
      total_investment: '150000',
      planned_year: year - 1,
    });
    const february = await table(city, year, 2);
    expect(row(february.rows, 'q1_major_starts', '331124').count).toBe(0);
    const { rows } = await table(city, year, 12);
    expect(row(rows, 'q1_major_starts', '331124').count).toBe(1);
    expect(row(rows, 'preliminary_major_projects', '331124')).toMatchObject({ count: 1, target: null });
    expect(row(rows, 'new_ten_yi_projects', '331124')).toMatchObject({
      count: 2,
      target: { kind: 'count', count: 2 },
      targetMet: true,
    });
    expect(row(rows, 'new_ten_yi_projects', '331125')).toMatchObject({ count: 1, targetMet: false });
    const total = row(rows, 'new_ten_yi_projects', null);
    expect(total.count).toBe(
      rows.filter((r) => r.indicator === 'new_ten_yi_projects' && r.region).reduce((s, r) => s + r.count!, 0),
    );
    const drill = await h.request(
      city,
      'GET',
      `/api/indicators/new_ten_yi_projects/projects?year=${year}&month=12&region=331124`,
    );
    expect(drill.json().total).toBe(2);
    expect(drill.json().items.every((item: { plannedYear: number }) => item.plannedYear === year)).toBe(true);
  });
});

describe('谋划年份 in the registry', () => {
  it('is read, created, updated and counted as newly planned', async () => {
    const created = await h.request(city, 'POST', '/api/projects', {
      name: '谋划年份测试项目',
      ownerName: '谋划年份测试建设单位',
      regionCode: '331126',
      sectorCode: 'water',
      fundingSource: 'government',
      totalInvestment: '120000',
      stage: 'planning',
      plannedYear: 2022,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().plannedYear).toBe(2022);
    const counted = async () =>
      row((await table(city, 2022, 12)).rows, 'new_ten_yi_projects', '331126').count;
    expect(await counted()).toBe(1);
    const updated = await h.request(city, 'PATCH', `/api/projects/${created.json().id}`, {
      version: created.json().version,
      plannedYear: null,
    });
    expect(updated.json().plannedYear).toBeNull();
    expect(await counted()).toBe(0);
    const bad = await h.request(city, 'PATCH', `/api/projects/${created.json().id}`, {
      version: updated.json().version,
      plannedYear: 1800,
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('time progress', () => {
  it('counts elapsed days where a region’s reporting rule says so', async () => {
    const year = 2017;
    await h.db
      .insertInto('reporting_rules')
      .values([
        { year, region_code: null },
        { year, region_code: '331127', time_progress_mode: 'days' },
      ])
      .execute();
    const project = await h.buildProject({ region_code: '331127' });
    await plan(project.id, year, '1000');
    await history([{ projectId: project.id, year, month: 3, amount: '250' }]);
    const { rows, timeProgressPct } = await table(city, year, 3);
    expect(timeProgressPct).toBe('25.0');
    // 25% done against 90 of 365 days (24.66%): 0.3 points ahead; the city keeps months.
    expect(row(rows, 'government_investment', '331127')).toMatchObject({
      completionPct: '25.0',
      timeProgressPct: '24.7',
      gapPts: '0.3',
    });
    expect(row(rows, 'government_investment', null)).toMatchObject({
      timeProgressPct: '25.0',
      gapPts: '0.0',
    });
  });
});

describe('scope', () => {
  it('shows a county its own region only, and an owner only its own projects', async () => {
    const year = 2008;
    const enterprise = await h.createEnterprise();
    const own = await h.buildProject({ region_code: '331102', owner_id: enterprise });
    const other = await h.buildProject({ region_code: '331121' });
    await history([
      { projectId: own.id, year, month: 1, amount: '10' },
      { projectId: other.id, year, month: 1, amount: '20' },
    ]);
    const county = await h.loginAs('county', { regionCode: '331102' });
    const countyTable = await table(county, year, 1);
    expect(countyTable.regions).toEqual([{ code: '331102', name: '莲都区' }]);
    expect(countyTable.rows.every((item) => item.region === '331102')).toBe(true);
    expect(row(countyTable.rows, 'government_investment', '331102').cumulative).toBe('10.0000');
    const foreign = await h.request(
      county,
      'GET',
      `/api/indicators/government_investment/projects?year=${year}&month=1&region=331121`,
    );
    expect(foreign.statusCode).toBe(404);
    const mine = await h.request(
      county,
      'GET',
      `/api/indicators/government_investment/projects?year=${year}&month=1`,
    );
    expect(mine.json().items.map((item: { id: string }) => item.id)).toEqual([own.id]);

    const owner = await h.loginAs('owner', { enterpriseId: enterprise });
    const ownerTable = await table(owner, year, 1);
    expect(row(ownerTable.rows, 'government_investment', null).cumulative).toBe('10.0000');
    expect(row(ownerTable.rows, 'government_investment', '331121').cumulative).toBe('0.0000');
    const cityTable = await table(city, year, 1);
    expect(row(cityTable.rows, 'government_investment', null).cumulative).toBe('30.0000');

    // A department sees the projects it is responsible for or serves, in whichever region.
    const department = h.departments[3]!.id;
    const responsible = await h.buildProject({
      region_code: '331181',
      responsible_department_id: department,
    });
    const served = await h.buildProject({ region_code: '331102' });
    await h.db
      .insertInto('project_service_units')
      .values({ project_id: served.id, department_id: department })
      .execute();
    await history([
      { projectId: responsible.id, year, month: 1, amount: '3' },
      { projectId: served.id, year, month: 1, amount: '4' },
    ]);
    const departmentTable = await table(await h.loginAs('department', { departmentId: department }), year, 1);
    expect(
      ['331181', '331102', null].map(
        (region) => row(departmentTable.rows, 'government_investment', region).cumulative,
      ),
    ).toEqual(['3.0000', '4.0000', '7.0000']);
  });
});

describe('Excel export', () => {
  it('writes the table with the same figures as the API, numbers as numbers', async () => {
    const year = 2015;
    const project = await h.buildProject({ region_code: '331181', sector_code: 'transport' });
    await plan(project.id, year, '1000');
    await history([{ projectId: project.id, year, month: 1, amount: '123.4567' }]);
    const response = await h.request(city, 'GET', `/api/indicators/table.xlsx?year=${year}&month=1`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain('indicators-201501.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(2).getCell(3).value).toBe('本年累计完成投资(万元)');
    const cells: (string | number | null)[][] = [];
    sheet.eachRow((sheetRow, number) => {
      if (number > 2) cells.push((sheetRow.values as (string | number | null)[]).slice(1));
    });
    const transportLongquan = cells.find((cell) => cell[0] === '交通投资' && cell[1] === '龙泉市')!;
    expect(transportLongquan.slice(2, 8)).toEqual([123.4567, 0, undefined, 1000, 12.3, 8.3]);
    const total = cells.find((cell) => cell[0] === '交通投资' && cell[1] === '合计')!;
    expect(total[2]).toBe(123.4567);
    // Every row of the sheet is the API's row, in the same order.
    const api = await table(city, year, 1);
    expect(cells).toHaveLength(api.rows.length);
    for (const [index, apiRow] of api.rows.entries()) {
      const cell = cells[index]!;
      const amount = (value: string | null) => (value === null ? undefined : Number(value));
      expect(cell[1]).toBe(
        apiRow.region === null ? '合计' : api.regions.find((region) => region.code === apiRow.region)!.name,
      );
      expect([cell[2], cell[3], cell[5], cell[9]]).toEqual([
        amount(apiRow.cumulative),
        amount(apiRow.lastYearCumulative),
        amount(apiRow.annualPlan),
        apiRow.count ?? undefined,
      ]);
    }

    const drill = await h.request(
      city,
      'GET',
      `/api/indicators/transport_investment/projects.xlsx?year=${year}&month=1&region=331181`,
    );
    expect(drill.statusCode, drill.body).toBe(200);
    const drillBook = new ExcelJS.Workbook();
    await drillBook.xlsx.load(drill.rawPayload as unknown as ArrayBuffer);
    const drillSheet = drillBook.worksheets[0]!;
    expect(drillSheet.getRow(3).getCell(2).value).toBe(project.name);
    expect(drillSheet.getRow(3).getCell(9).value).toBe(123.4567);
    expect(drillSheet.getRow(4).getCell(2).value).toBe('合计（1 个项目）');
  });

  it('neutralises a project name that would run as a formula', async () => {
    const year = 2016;
    const project = await h.buildProject({ name: '=HYPERLINK("http://x")', region_code: '331126' });
    await history([{ projectId: project.id, year, month: 1, amount: '1' }]);
    const drill = await h.request(
      city,
      'GET',
      `/api/indicators/government_investment/projects.xlsx?year=${year}&month=1&region=331126`,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(drill.rawPayload as unknown as ArrayBuffer);
    const cell = book.worksheets[0]!.getRow(3).getCell(2);
    expect(cell.formula).toBeUndefined();
    expect(String(cell.value).startsWith('=')).toBe(false);
  });
});

describe('seeded indicators and targets', () => {
  it('holds the policy indicators and their targets for every year to next year, once', async () => {
    const year = shanghaiYear(new Date());
    const codes = (await h.db.selectFrom('indicators').select('code').execute()).map((item) => item.code);
    expect(codes).toEqual(expect.arrayContaining(SEED_INDICATORS.map((definition) => definition.code)));
    const years = await h.db
      .selectFrom('indicator_targets')
      .select(['year', (eb) => eb.fn.countAll<string>().as('count')])
      .where('region_code', 'is', null)
      .groupBy('year')
      .orderBy('year')
      .execute();
    expect(years.filter((item) => item.year >= 2020).map((item) => [item.year, Number(item.count)])).toEqual(
      Array.from({ length: year + 2 - 2020 }, (_, index) => [2020 + index, SEED_TARGETS_2020.length]),
    );
    const seeded = await h.db
      .selectFrom('indicator_targets')
      .select(['kind', 'value'])
      .where('indicator_code', '=', 'new_ten_yi_projects')
      .where('year', '=', year + 1)
      .executeTakeFirstOrThrow();
    expect(seeded).toEqual({ kind: 'count', value: '2.0000' });

    // A restart adds nothing and brings back no target deleted on purpose.
    await h.db
      .deleteFrom('indicator_targets')
      .where('indicator_code', '=', 'q1_major_starts')
      .where('year', '=', year + 1)
      .execute();
    const before = await h.db.selectFrom('indicator_targets').select('id').execute();
    await ensureReferenceData(h.db, h.services.config);
    expect(await h.db.selectFrom('indicator_targets').select('id').execute()).toHaveLength(before.length);
  });
});

describe('indicator administration', () => {
  it('creates, updates with a version, deactivates and audits', async () => {
    const created = await h.request(city, 'POST', '/api/indicators', {
      code: 'energy_investment',
      name: '能源投资',
      measure: 'sum_completed',
      filter: { sectors: ['energy'] },
      sortOrder: 500,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      code: 'energy_investment',
      version: 1,
      active: true,
      window: null,
    });
    const duplicate = await h.request(city, 'POST', '/api/indicators', {
      code: 'energy_investment',
      name: '重复',
      measure: 'sum_completed',
    });
    expect(duplicate.statusCode).toBe(409);

    const renamed = await h.request(city, 'PATCH', '/api/indicators/energy_investment', {
      version: 1,
      name: '能源领域投资',
    });
    expect(renamed.json()).toMatchObject({ name: '能源领域投资', version: 2 });
    const stale = await h.request(city, 'PATCH', '/api/indicators/energy_investment', {
      version: 1,
      name: '旧',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'VERSION_CONFLICT', current: { name: '能源领域投资' } });

    expect((await table(city, 2020, 1)).rows.some((r) => r.indicator === 'energy_investment')).toBe(true);
    const deactivated = await h.request(city, 'POST', '/api/indicators/energy_investment/deactivate', {
      version: 2,
    });
    expect(deactivated.json()).toMatchObject({ active: false, version: 3 });
    expect((await table(city, 2020, 1)).rows.some((r) => r.indicator === 'energy_investment')).toBe(false);

    const events = await h.db
      .selectFrom('audit_events')
      .select(['action', 'before', 'after'])
      .where('object_id', '=', 'energy_investment')
      .orderBy('at')
      .execute();
    expect(events.map((event) => event.action)).toEqual([
      'indicator.create',
      'indicator.update',
      'indicator.deactivate',
    ]);
    expect(events[1]).toMatchObject({ before: { name: '能源投资' }, after: { name: '能源领域投资' } });

    const listed = await h.request(city, 'GET', '/api/indicators');
    expect(
      listed.json().items.find((item: { code: string }) => item.code === 'energy_investment').active,
    ).toBe(false);
  });

  it('refuses unknown filter values, a window on a sum and a target that does not fit, in Chinese', async () => {
    const bad = await h.request(city, 'POST', '/api/indicators', {
      code: 'bad_indicator',
      name: '错误指标',
      measure: 'sum_completed',
      filter: { sectors: ['space'], lists: ['nope'] },
      window: { fromMonth: 1, toMonth: 3 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { reason: string }) => d.reason)).toEqual([
      '行业 space 不存在',
      '名单 nope 不存在',
      '只有开工项目数指标可以设置月份范围',
    ]);
    const badStage = await h.request(city, 'POST', '/api/indicators', {
      code: 'bad_stage',
      name: '错误阶段',
      measure: 'count_projects',
      filter: { stages: ['dreaming'] },
    });
    expect(badStage.statusCode).toBe(400);
    const badMonth = await h.request(city, 'POST', '/api/indicators', {
      code: 'bad_month',
      name: '错误月份',
      measure: 'count_started',
      window: { fromMonth: 0, toMonth: 13 },
    });
    expect(badMonth.statusCode).toBe(400);
    const reversed = await h.request(city, 'POST', '/api/indicators', {
      code: 'reversed_window',
      name: '倒置月份',
      measure: 'count_started',
      window: { fromMonth: 6, toMonth: 3 },
    });
    expect(reversed.json().error.message).toBe('起始月份不能晚于截止月份');
    const misfit = await h.request(city, 'PUT', '/api/indicators/q1_major_starts/targets', {
      year: 2022,
      region: null,
      value: { kind: 'growth', pct: '12' },
    });
    expect(misfit.statusCode).toBe(400);
    expect(misfit.json().error.message).toBe('计数指标的目标应为项目个数');
    const measureChange = await h.request(city, 'PATCH', '/api/indicators/government_investment', {
      version: 1,
      measure: 'count_projects',
    });
    expect(measureChange.statusCode).toBe(400);
    const badTable = await h.request(city, 'GET', '/api/indicators/table?year=2020&month=13');
    expect(badTable.statusCode).toBe(400);
    const missing = await h.request(city, 'GET', '/api/indicators/no_such/projects?year=2020&month=1');
    expect(missing.statusCode).toBe(404);
  });

  it('sets, overrides, changes with a version and deletes targets, audited', async () => {
    const put = (body: object) =>
      h.request(city, 'PUT', '/api/indicators/government_investment/targets', body);
    const county = await put({ year: 2020, region: '331121', value: { kind: 'growth', pct: '15.5' } });
    expect(county.statusCode, county.body).toBe(200);
    expect(county.json()).toMatchObject({
      region: '331121',
      regionName: '青田县',
      value: { kind: 'growth', pct: '15.5' },
      version: 1,
    });
    const { rows } = await table(city, 2020, 3);
    expect(row(rows, 'government_investment', '331121').target).toEqual({ kind: 'growth', pct: '15.5' });
    expect(row(rows, 'government_investment', '331102').target).toEqual({ kind: 'growth', pct: '12' });

    const stale = await put({ year: 2020, region: '331121', value: { kind: 'growth', pct: '16' } });
    expect(stale.statusCode).toBe(409);
    const changed = await put({
      year: 2020,
      region: '331121',
      value: { kind: 'amount', wan: '50000' },
      version: 1,
    });
    expect(changed.json()).toMatchObject({ value: { kind: 'amount', wan: '50000.0000' }, version: 2 });
    const unknownRegion = await put({ year: 2020, region: '999999', value: { kind: 'growth', pct: '1' } });
    expect(unknownRegion.statusCode).toBe(400);

    const listed = await h.request(city, 'GET', '/api/indicators/government_investment/targets?year=2020');
    expect(listed.json().items.map((item: { region: string | null }) => item.region)).toEqual([
      null,
      '331121',
    ]);
    const removed = await h.request(
      city,
      'DELETE',
      `/api/indicators/government_investment/targets/${county.json().id}`,
    );
    expect(removed.statusCode).toBe(200);
    const after = await table(city, 2020, 3);
    expect(row(after.rows, 'government_investment', '331121').target).toEqual({ kind: 'growth', pct: '12' });
    const events = await h.db
      .selectFrom('audit_events')
      .select(['action', 'before', 'after'])
      .where('object_id', '=', county.json().id)
      .orderBy('at')
      .execute();
    expect(events.map((event) => event.action)).toEqual([
      'indicator_target.create',
      'indicator_target.update',
      'indicator_target.delete',
    ]);
    expect(events[1]).toMatchObject({
      before: { value: { kind: 'growth', pct: '15.5' } },
      after: { value: { kind: 'amount', wan: '50000.0000' } },
    });
  });

  it('lets only the administrator and the city manage indicators', async () => {
    const county = await h.loginAs('county');
    expect((await h.request(county, 'GET', '/api/indicators')).statusCode).toBe(403);
    const admin = await h.loginAs('admin');
    expect((await h.request(admin, 'GET', '/api/indicators')).statusCode).toBe(200);
  });
});
