import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Session } from '../../test/harness.ts';

let h: Harness;
let city: Session;
let countyA: Session;
let leader: Session;
const ids = { a: '', b: '' };

async function planAndProgress(projectId: string, planned: string, thisYear: number[], lastYear: number[]) {
  await h.db
    .insertInto('project_year_plans')
    .values({
      project_id: projectId,
      year: 2020,
      planned_investment: planned,
      construction_type: 'continuing',
    })
    .execute();
  for (const [year, amounts] of [
    [2020, thisYear],
    [2019, lastYear],
  ] as const) {
    const monthly = [...amounts, ...Array(12 - amounts.length).fill(0)].map(String);
    await h.db
      .insertInto('project_year_progress')
      .values({ project_id: projectId, year, monthly })
      .onConflict((oc) => oc.columns(['project_id', 'year']).doUpdateSet({ monthly }))
      .execute();
  }
}

beforeAll(async () => {
  h = await createHarness();
  city = await h.loginAs('city');
  countyA = await h.loginAs('county', { regionCode: '331102' });
  const leaderUser = await h.createUser({ role: 'leader', displayName: '赵领导' });
  leader = await h.login(leaderUser);
  const a = await h.buildProject({
    name: '莲都看板项目',
    region_code: '331102',
    actual_start: '2019-01-01',
    lng: '119.912626',
    lat: '28.445928',
    leading_official: '赵领导',
    leading_official_user_id: leaderUser.id,
  });
  const b = await h.buildProject({
    name: '青田看板项目',
    region_code: '331121',
    actual_start: '2019-01-01',
    lng: '120.289478',
    lat: '28.139837',
  });
  await planAndProgress(a.id, '1200', [100, 100, 100], [80, 80, 80]);
  await planAndProgress(b.id, '600', [10, 10, 10], [20, 20, 20]);
  Object.assign(ids, { a: a.id, b: b.id });
  const close = await h.request(city, 'POST', '/api/month-closes', {
    year: 2020,
    month: 3,
    asOf: '2020-04-06',
  });
  expect(close.statusCode).toBe(201);
});
afterAll(() => h.close());

describe('the command dashboard', () => {
  it('gives the city its indicators, lights, trend and every region for the map', async () => {
    const response = await h.request(city, 'GET', '/api/dashboard?year=2020&month=3');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.timeProgressPct).toBe('25.0');
    expect(body.close).toMatchObject({ edition: 1, published: false });
    // Both projects are government-funded transport projects (the harness default).
    expect(
      body.kpis.find((kpi: { indicator: string }) => kpi.indicator === 'government_investment'),
    ).toMatchObject({
      cumulative: '330.0000',
      lastYearCumulative: '300.0000',
      growthPct: '10.0',
      target: { kind: 'growth', pct: '12' },
      targetMet: false,
    });
    expect(body.lights.green + body.lights.yellow + body.lights.red).toBe(2);
    expect(body.trend.thisYear.slice(0, 4)).toEqual(['110.0000', '110.0000', '110.0000', '0.0000']);
    expect(body.trend.lastYear[0]).toBe('100.0000');
    const lianDu = body.regions.find((region: { code: string }) => region.code === '331102');
    expect(lianDu).toMatchObject({
      name: '莲都区',
      cumulative: '300.0000',
      growthPct: '25.0',
      completionPct: '25.0',
    });
    expect(body.regions.length).toBeGreaterThanOrEqual(10);
  });

  it("gives a county its own region's figures and lights, and every region's public map figures", async () => {
    const body = (await h.request(countyA, 'GET', '/api/dashboard?year=2020&month=3')).json();
    // An unpublished close lights nothing for a county yet.
    expect(body.close).toBeNull();
    expect(
      body.kpis.find((kpi: { indicator: string }) => kpi.indicator === 'government_investment'),
    ).toMatchObject({
      cumulative: '300.0000',
      growthPct: '25.0',
      targetMet: true,
    });
    expect(body.trend.thisYear[0]).toBe('100.0000');
    expect(body.regions.find((region: { code: string }) => region.code === '331121').cumulative).toBe(
      '30.0000',
    );
  });

  it('lights the county once the close is published, counting only its projects', async () => {
    const closes = (await h.request(city, 'GET', '/api/month-closes?year=2020')).json();
    await h.request(city, 'POST', `/api/month-closes/${closes.items[0].id}/publish`, {
      documentNumber: '丽投办〔2020〕3号',
    });
    const body = (await h.request(countyA, 'GET', '/api/dashboard?year=2020&month=3')).json();
    expect(body.lights.green + body.lights.yellow + body.lights.red).toBe(1);
  });

  it('places in-scope projects with coordinates on the map, coloured by light', async () => {
    const mine = (await h.request(countyA, 'GET', '/api/dashboard/markers?year=2020&month=3')).json();
    expect(mine.items).toEqual([
      expect.objectContaining({ id: ids.a, lng: 119.912626, lat: 28.445928, light: expect.any(String) }),
    ]);
    const all = (
      await h.request(city, 'GET', '/api/dashboard/markers?year=2020&month=3&region=331121')
    ).json();
    expect(all.items.map((item: { id: string }) => item.id)).toEqual([ids.b]);
  });

  it("lists a leader's own projects with their lights and reasons", async () => {
    const body = (await h.request(leader, 'GET', '/api/dashboard/my-projects?year=2020&month=3')).json();
    expect(body.items).toEqual([
      expect.objectContaining({ id: ids.a, regionName: '莲都区', explanation: expect.stringContaining('→') }),
    ]);
  });

  it('serves the configured city’s county boundaries with division codes', async () => {
    const response = await h.request(countyA, 'GET', '/api/map');
    expect(response.statusCode).toBe(200);
    const map = response.json();
    expect(map.name).toBe('丽水市');
    expect(map.features).toHaveLength(9);
    expect(
      map.features.map((feature: { properties: { code: string } }) => feature.properties.code),
    ).toContain('331102');
    expect(
      map.features.every((feature: { properties: { code: string | null } }) => feature.properties.code),
    ).toBe(true);
  });

  it('rejects a bad period with 400', async () => {
    expect((await h.request(city, 'GET', '/api/dashboard?year=2020&month=0')).statusCode).toBe(400);
  });
});
