import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Session } from '../../test/harness.ts';

let h: Harness;
let city: Session;
let countyA: Session;
let countyB: Session;
const projects: Record<'behind' | 'notStarted' | 'ahead', string> = { behind: '', notStarted: '', ahead: '' };

async function yearPlan(
  projectId: string,
  values: { planned: string; type: 'new' | 'continuing'; plannedStart: string },
) {
  await h.db
    .insertInto('project_year_plans')
    .values({
      project_id: projectId,
      year: 2020,
      planned_investment: values.planned,
      construction_type: values.type,
      planned_start: values.plannedStart,
    })
    .execute();
}

async function setMonthly(projectId: string, year: number, monthly: number[]) {
  const values = [...monthly, ...Array(12 - monthly.length).fill(0)].map((amount) => String(amount));
  await h.db
    .insertInto('project_year_progress')
    .values({ project_id: projectId, year, monthly: values })
    .onConflict((oc) => oc.columns(['project_id', 'year']).doUpdateSet({ monthly: values }))
    .execute();
}

/** Reports of months 1..n, each first submitted on the 3rd of the following month, China time. */
async function submittedReports(projectId: string, months: number, statsRegistered: boolean) {
  for (let month = 1; month <= months; month += 1) {
    await h.db
      .insertInto('progress_reports')
      .values({
        project_id: projectId,
        year: 2020,
        month,
        state: 'accepted',
        completed_amount: '50',
        stats_registered: statsRegistered,
        submitted_at: new Date(`2020-${String(month + 1).padStart(2, '0')}-03T10:00:00+08:00`),
        late: false,
      })
      .execute();
  }
}

beforeAll(async () => {
  h = await createHarness();
  city = await h.loginAs('city');
  countyA = await h.loginAs('county', { regionCode: '331102' });
  countyB = await h.loginAs('county', { regionCode: '331121' });

  // 30% of the plan done by June against 50.0% time progress: exactly 20.0 points behind.
  const behind = await h.buildProject({
    name: '滞后项目',
    region_code: '331102',
    actual_start: '2019-05-01',
  });
  await yearPlan(behind.id, { planned: '1000', type: 'continuing', plannedStart: '2019-05-01' });
  await setMonthly(behind.id, 2020, [50, 50, 50, 50, 50, 50]);
  await setMonthly(behind.id, 2019, [40, 40, 40, 40, 40, 40]);
  await submittedReports(behind.id, 6, true);

  // Planned to start in March, not started by the close of June: three months late.
  const notStarted = await h.buildProject({
    name: '未开工项目',
    region_code: '331121',
    stage: 'preliminary',
    leading_official: '王五',
  });
  await yearPlan(notStarted.id, { planned: '1000', type: 'new', plannedStart: '2020-03-01' });

  const ahead = await h.buildProject({
    name: '超序时项目',
    region_code: '331102',
    actual_start: '2019-01-01',
  });
  await yearPlan(ahead.id, { planned: '500', type: 'continuing', plannedStart: '2019-01-01' });
  await setMonthly(ahead.id, 2020, [50, 50, 50, 50, 50, 50]);
  await submittedReports(ahead.id, 6, true);

  Object.assign(projects, { behind: behind.id, notStarted: notStarted.id, ahead: ahead.id });
});
afterAll(() => h.close());

type CloseDetail = {
  close: { id: string; edition: number; contentSha256: string; publishedAt: string | null };
  content: {
    headline: { projects: number; completionPct: string; lights: Record<string, number> };
    regions: { code: string; rank: number | null; light: string | null; explanation: string | null }[];
    redProjects: { id: string; name: string; leadingOfficial: string | null; explanation: string }[];
  };
};

async function lightOf(closeId: string, projectId: string) {
  return h.db
    .selectFrom('project_lights')
    .select(['light', 'explanation'])
    .where('close_id', '=', closeId)
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
}

describe('closing a month', () => {
  let first: { id: string; contentSha256: string; edition: number; asOf: string };
  let firstDetail: CloseDetail;

  it('lights every project of the work list with its reasons', async () => {
    const response = await h.request(city, 'POST', '/api/month-closes', { year: 2020, month: 6 });
    expect(response.statusCode).toBe(201);
    first = response.json();
    expect(first).toMatchObject({
      edition: 1,
      asOf: '2020-07-06',
      projects: 3,
      lights: { green: 1, yellow: 1, red: 1 },
    });

    const behind = await lightOf(first.id, projects.behind);
    expect(behind.light).toBe('yellow');
    expect(behind.explanation).toBe(
      '投资进度：完成率 30.0%，低于序时进度 50.0% 达 20.0 个百分点（不超过 20 个百分点为黄灯） → 黄灯',
    );
    const notStarted = await lightOf(first.id, projects.notStarted);
    expect(notStarted.light).toBe('red');
    expect(notStarted.explanation).toContain(
      '开工：计划 2020-03 开工，尚未开工，已超过计划开工月 3 个月 → 红灯',
    );
    expect((await lightOf(first.id, projects.ahead)).light).toBe('green');

    firstDetail = (await h.request(city, 'GET', `/api/month-closes/${first.id}`)).json();
    expect(firstDetail.content.headline).toMatchObject({ projects: 3, completionPct: '24.0' });
    expect(firstDetail.content.redProjects).toEqual([
      expect.objectContaining({ id: projects.notStarted, name: '未开工项目', leadingOfficial: '王五' }),
    ]);
    const lianDu = firstDetail.content.regions.find((region) => region.code === '331102')!;
    // 600 this year against 480 last year for the same months: 25.0% growth ≥ 12%.
    expect(lianDu).toMatchObject({ rank: 1, light: 'green' });
  });

  it('refuses a second close without a reason; a reissue with one gives identical content', async () => {
    const again = await h.request(city, 'POST', '/api/month-closes', { year: 2020, month: 6 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('须填写原因');

    const reissue = await h.request(city, 'POST', '/api/month-closes', {
      year: 2020,
      month: 6,
      reason: '核对后重发',
    });
    expect(reissue.statusCode).toBe(201);
    expect(reissue.json()).toMatchObject({ edition: 2, contentSha256: first.contentSha256 });
    const detail: CloseDetail = (
      await h.request(city, 'GET', `/api/month-closes/${reissue.json().id}`)
    ).json();
    expect(JSON.stringify(detail.content)).toBe(JSON.stringify(firstDetail.content));
  });

  it('keeps a closed snapshot unchanged when a report is corrected afterwards', async () => {
    await setMonthly(projects.behind, 2020, [50, 50, 50, 50, 50, 250]);
    const detail: CloseDetail = (await h.request(city, 'GET', `/api/month-closes/${first.id}`)).json();
    expect(detail.close.contentSha256).toBe(first.contentSha256);
    expect(JSON.stringify(detail.content)).toBe(JSON.stringify(firstDetail.content));
    expect((await lightOf(first.id, projects.behind)).light).toBe('yellow');

    const reissue = await h.request(city, 'POST', '/api/month-closes', {
      year: 2020,
      month: 6,
      reason: '更正后重发',
    });
    expect(reissue.json().contentSha256).not.toBe(first.contentSha256);
    expect((await lightOf(reissue.json().id, projects.behind)).light).toBe('green');
  });

  it('cannot be changed or deleted in the database', async () => {
    await expect(
      sql`update month_closes set content = '{}' where id = ${first.id}`.execute(h.db),
    ).rejects.toThrow(/immutable/);
    await expect(sql`delete from project_lights where close_id = ${first.id}`.execute(h.db)).rejects.toThrow(
      /append-only/,
    );
  });

  it('answers bad periods with 400', async () => {
    const response = await h.request(city, 'POST', '/api/month-closes', { year: 2020, month: 13 });
    expect(response.statusCode).toBe(400);
  });
});

describe('publishing and scope', () => {
  let closeId: string;
  beforeAll(async () => {
    const response = await h.request(city, 'POST', '/api/month-closes', { year: 2020, month: 5 });
    closeId = response.json().id;
  });

  it('hides an unpublished close from counties', async () => {
    expect((await h.request(countyA, 'GET', `/api/month-closes/${closeId}`)).statusCode).toBe(404);
    const list = (await h.request(countyA, 'GET', '/api/month-closes?year=2020')).json();
    expect(list.items.map((item: { id: string }) => item.id)).not.toContain(closeId);
  });

  it('publishes once and records who published it', async () => {
    const response = await h.request(city, 'POST', `/api/month-closes/${closeId}/publish`, {
      documentNumber: '丽投办〔2020〕5号',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      documentNumber: '丽投办〔2020〕5号',
      publishedByName: expect.any(String),
    });
    const twice = await h.request(city, 'POST', `/api/month-closes/${closeId}/publish`, {
      documentNumber: 'x',
    });
    expect(twice.statusCode).toBe(409);
    const audit = await h.db
      .selectFrom('audit_events')
      .select('action')
      .where('object_id', '=', closeId)
      .orderBy('id')
      .execute();
    expect(audit.map((event) => event.action)).toEqual(['month.close', 'bulletin.publish']);
  });

  it("shows every county the public ranking but only its own region's project details", async () => {
    const a: CloseDetail = (await h.request(countyA, 'GET', `/api/month-closes/${closeId}`)).json();
    const b: CloseDetail = (await h.request(countyB, 'GET', `/api/month-closes/${closeId}`)).json();
    expect(a.content.regions.map((region) => region.code)).toEqual(
      b.content.regions.map((region) => region.code),
    );
    expect(a.content.regions.length).toBeGreaterThan(2);
    expect(a.content.redProjects).toEqual([]);
    expect(b.content.redProjects.map((line) => line.id)).toEqual([projects.notStarted]);
  });

  it('downloads the bulletin as an official Word document that reads back', async () => {
    const response = await h.request(countyB, 'GET', `/api/month-closes/${closeId}/bulletin.docx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('wordprocessingml');
    expect(response.headers['content-disposition']).toContain('bulletin-2020-05-e1.docx');
    const xml = strFromU8(unzipSync(response.rawPayload)['word/document.xml']!);
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((match) => match[1]).join('');
    expect(text).toContain('丽水市重大项目推进指挥部办公室');
    expect(text).toContain('丽投办〔2020〕5号');
    expect(text).toContain('关于2020年1—5月全市重大项目推进情况的通报');
    expect(text).toContain('一、总体情况');
    expect(text).toContain('二、主要指标完成情况');
    expect(text).toContain('政府投资');
    expect(text).toContain('三、各地推进情况');
    expect(text).toContain('全市纳入年度计划的重大项目 3 个');
    expect(text).toContain('未开工项目');
    expect(text).toContain('青田县');
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    // County A's copy names no project of county B.
    const own = await h.request(countyA, 'GET', `/api/month-closes/${closeId}/bulletin.docx`);
    expect(strFromU8(unzipSync(own.rawPayload)['word/document.xml']!)).not.toContain('未开工项目');
  });

  it('downloads the bulletin as a workbook with one sheet per table', async () => {
    const response = await h.request(city, 'GET', `/api/month-closes/${closeId}/bulletin.xlsx`);
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '总体情况',
      '各地排名',
      '主要指标',
      '红灯项目',
      '新增项目',
      '减少项目',
      '重点名单',
    ]);
    expect(workbook.getWorksheet('红灯项目')!.getRow(3).getCell(2).value).toBe('未开工项目');
    expect(workbook.getWorksheet('总体情况')!.getRow(3).getCell(2).value).toBe(3);
  });

  it('gives the 晾晒 ranking month by month from the newest visible edition', async () => {
    const forCity = (await h.request(city, 'GET', '/api/rankings?year=2020')).json();
    expect(
      forCity.months.map((entry: { month: number; edition: number }) => [entry.month, entry.edition]),
    ).toEqual([
      [5, 1],
      [6, 3],
    ]);
    const june = forCity.months[1].regions.find((region: { code: string }) => region.code === '331102');
    // June was closed before May, so it has no previous month to compare ranks with.
    expect(june).toMatchObject({ rank: 1, rankChange: null, lights: { green: 2, yellow: 0, red: 0 } });
    const forCounty = (await h.request(countyA, 'GET', '/api/rankings?year=2020')).json();
    expect(forCounty.months.map((entry: { month: number }) => entry.month)).toEqual([5]);
  });

  it("gives a project's light history month by month, in scope only", async () => {
    const history = (await h.request(countyA, 'GET', `/api/projects/${projects.behind}/lights`)).json();
    expect(history.items).toEqual([
      expect.objectContaining({ year: 2020, month: 5, edition: 1, light: expect.any(String) }),
    ]);
    expect(history.items[0].dimensions.length).toBeGreaterThan(0);
    const cityHistory = (await h.request(city, 'GET', `/api/projects/${projects.behind}/lights`)).json();
    expect(cityHistory.items.map((item: { month: number }) => item.month)).toEqual([5, 6, 6, 6]);
    expect((await h.request(countyA, 'GET', `/api/projects/${projects.notStarted}/lights`)).statusCode).toBe(
      404,
    );
  });
});

describe('warning rules', () => {
  it('lists the year’s rules and the shipped sets', async () => {
    const response = await h.request(countyA, 'GET', '/api/warning-rules?year=2020');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.ruleSets).toEqual([
      expect.objectContaining({ code: 'lishui', regionCode: null, version: 1 }),
    ]);
    expect(body.shipped.map((set: { code: string }) => set.code)).toEqual([
      'lishui',
      'yinchuan_2025',
      'sanya_2022',
    ]);
  });

  it('switches to another shipped set with the version, audited; a stale version gets 409', async () => {
    const stale = await h.request(city, 'PUT', '/api/warning-rules', {
      year: 2021,
      regionCode: null,
      code: 'sanya_2022',
    });
    expect(stale.statusCode).toBe(409);
    const switched = await h.request(city, 'PUT', '/api/warning-rules', {
      year: 2021,
      regionCode: null,
      code: 'sanya_2022',
      version: 1,
    });
    expect(switched.statusCode).toBe(200);
    expect(switched.json()).toMatchObject({ code: 'sanya_2022', name: '三亚市2022年规则', version: 2 });
    const audit = await h.db
      .selectFrom('audit_events')
      .select(['action', 'before', 'after'])
      .where('action', '=', 'warning_rules.update')
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ code: 'lishui' });
    expect(audit.after).toMatchObject({ code: 'sanya_2022', year: 2021 });
  });

  it('rejects rules that make no sense, in Chinese', async () => {
    const response = await h.request(city, 'PUT', '/api/warning-rules', {
      year: 2022,
      regionCode: '331102',
      code: 'custom',
      name: '莲都区规则',
      rules: {
        project: {
          investmentProgress: {
            basis: 'points',
            yellow: { op: '>', value: '30' },
            red: { op: '>', value: '20' },
          },
        },
        combination: { kind: 'worst' },
        region: { redFromConsecutiveMisses: 2 },
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      expect.objectContaining({ reason: '投资进度：红灯阈值不能小于黄灯阈值' }),
    ]);
  });

  it('lets a region have its own rules', async () => {
    const response = await h.request(city, 'PUT', '/api/warning-rules', {
      year: 2022,
      regionCode: '331102',
      code: 'yinchuan_2025',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ regionCode: '331102', code: 'yinchuan_2025', version: 1 });
  });
});

describe('a new project not yet due to start', () => {
  it('is held to its start date, not to time progress', async () => {
    const later = await h.buildProject({ name: '九月开工项目', region_code: '331102', stage: 'preliminary' });
    await h.db
      .insertInto('project_year_plans')
      .values({
        project_id: later.id,
        year: 2023,
        planned_investment: '800',
        construction_type: 'new',
        planned_start: '2023-09-01',
      })
      .execute();
    const june = (await h.request(city, 'POST', '/api/month-closes', { year: 2023, month: 6 })).json();
    expect(await lightOf(june.id, later.id)).toEqual({ light: 'green', explanation: '各项正常 → 绿灯' });
    const september = (await h.request(city, 'POST', '/api/month-closes', { year: 2023, month: 9 })).json();
    const light = await lightOf(september.id, later.id);
    expect(light.light).toBe('red');
    expect(light.explanation).toContain('开工：计划 2023-09 开工，尚未开工，本月为计划开工月 → 黄灯');
  });
});
