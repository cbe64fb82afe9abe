import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Session } from '../../test/harness.ts';

let h: Harness;
let city: Session;
beforeAll(async () => {
  h = await createHarness();
  city = await h.loginAs('city');
});
afterAll(() => h.close());

describe('reporting rules API', () => {
  it('sets the general and a region rule of a year, replaces them, audits both', async () => {
    const general = await h.request(city, 'PUT', '/api/reporting-rules', {
      year: 2031,
      dueDay: 6,
      timeProgressMode: 'month',
    });
    expect(general.statusCode, general.body).toBe(200);
    expect(general.json()).toMatchObject({
      year: 2031,
      regionCode: null,
      dueDay: 6,
      timeProgressMode: 'month',
    });
    const admin = await h.loginAs('admin');
    const region = await h.request(admin, 'PUT', '/api/reporting-rules', {
      year: 2031,
      regionCode: '331121',
      dueDay: 10,
      timeProgressMode: 'days',
    });
    expect(region.json()).toMatchObject({ regionCode: '331121', regionName: '青田县', dueDay: 10 });
    const replaced = await h.request(city, 'PUT', '/api/reporting-rules', {
      year: 2031,
      regionCode: null,
      dueDay: 8,
      timeProgressMode: 'days',
    });
    expect(replaced.json()).toMatchObject({ id: general.json().id, dueDay: 8, timeProgressMode: 'days' });

    const listed = await h.request(await h.loginAs('owner'), 'GET', '/api/reporting-rules?year=2031');
    expect(
      listed.json().items.map((r: { regionCode: string | null; dueDay: number }) => [r.regionCode, r.dueDay]),
    ).toEqual([
      [null, 8],
      ['331121', 10],
    ]);
    const events = await h.db
      .selectFrom('audit_events')
      .select(['before', 'after'])
      .where('action', '=', 'progress.rule.save')
      .where('object_id', '=', general.json().id)
      .orderBy('id')
      .execute();
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ before: { dueDay: 6 }, after: { dueDay: 8 } });
  });

  it('refuses an unknown region, a day outside 1–31 and a county (403)', async () => {
    const unknown = await h.request(city, 'PUT', '/api/reporting-rules', {
      year: 2031,
      regionCode: '999999',
      dueDay: 5,
      timeProgressMode: 'month',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toBe('地区 999999 不存在');
    const day = await h.request(city, 'PUT', '/api/reporting-rules', {
      year: 2031,
      dueDay: 32,
      timeProgressMode: 'month',
    });
    expect(day.statusCode).toBe(400);
    const county = await h.loginAs('county');
    const refused = await h.request(county, 'PUT', '/api/reporting-rules', {
      year: 2031,
      dueDay: 5,
      timeProgressMode: 'month',
    });
    expect(refused.statusCode).toBe(403);
  });

  it('a region’s due day decides lateness of the next submission', async () => {
    await h.request(city, 'PUT', '/api/reporting-rules', {
      year: 2024,
      regionCode: '331102',
      dueDay: 31,
      timeProgressMode: 'month',
    });
    const enterprise = await h.createEnterprise();
    const owner = await h.loginAs('owner', { enterpriseId: enterprise });
    const project = await h.buildProject({ owner_id: enterprise });
    const saved = await h.request(owner, 'PUT', `/api/projects/${project.id}/reports/2024/3`, {
      completedAmount: '1',
    });
    expect(saved.json()).toMatchObject({ dueOn: '2024-04-30' });
  });
});
