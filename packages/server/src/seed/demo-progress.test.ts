import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test/harness.ts';
import { demoCalendar } from './demo-calendar.ts';
import { seedDemo } from './demo.ts';

/** 26 November 2026, 10:00 in China: the plan year is 2026 and October is the open month. */
const NOW = new Date('2026-11-26T02:00:00Z');
const { year: Y, openMonth: M } = demoCalendar(NOW);

let h: Harness;
let seconds: number;
beforeAll(async () => {
  h = await createHarness();
  const started = performance.now();
  await seedDemo(h.services, 'Demo-Pass-2020', { now: NOW });
  seconds = (performance.now() - started) / 1000;
});
afterAll(() => h.close());

const count = async (where: ReturnType<typeof sql>) =>
  Number(
    (await sql<{ n: string }>`select count(*) as n from progress_reports where ${where}`.execute(h.db))
      .rows[0]!.n,
  );

describe('demo monthly reports', () => {
  it('lives in the plan year of today: last month open, the months before it accepted', () => {
    expect([Y, M]).toEqual([2026, 10]);
  });

  it('accepts the two earlier years in full and the plan year before the open month, with the open month in every state', async () => {
    expect(await count(sql`year in (${Y - 2}, ${Y - 1}) and state <> 'accepted'`)).toBe(0);
    expect(await count(sql`year = ${Y - 1}`)).toBeGreaterThan(1000);
    expect(await count(sql`year < ${Y - 2}`)).toBe(0);
    expect(await count(sql`year = ${Y} and month < ${M - 1} and state <> 'accepted'`)).toBe(0);
    expect(await count(sql`year = ${Y} and month = ${M - 1} and state = 'submitted'`)).toBeGreaterThan(0);
    for (const state of ['draft', 'submitted', 'returned', 'accepted'])
      expect(await count(sql`year = ${Y} and month = ${M} and state = ${state}`), state).toBeGreaterThan(0);
    // Due on 5 November; today is the 26th.
    expect(await count(sql`year = ${Y} and month = ${M} and late`)).toBeGreaterThan(0);
    expect(await count(sql`year = ${Y} and month > ${M}`)).toBe(0);
    expect(await count(sql`year > ${Y}`)).toBe(0);
    // Nothing is dated after the moment the city was built.
    expect(await count(sql`submitted_at > ${NOW} or reviewed_at > ${NOW} or created_at > ${NOW}`)).toBe(0);
  });

  it('gives the owner drafts and returned reports to work on and each county a queue', async () => {
    const owner = await h.db
      .selectFrom('users')
      .select('enterprise_id')
      .where('username', '=', 'owner')
      .executeTakeFirstOrThrow();
    const states = await h.db
      .selectFrom('progress_reports')
      .innerJoin('projects', 'projects.id', 'progress_reports.project_id')
      .select('progress_reports.state')
      .distinct()
      .where('projects.owner_id', '=', owner.enterprise_id)
      .where('year', '=', Y)
      .where('month', '=', M)
      .execute();
    expect(states.map((s) => s.state)).toEqual(expect.arrayContaining(['draft', 'returned']));
    const queues = await sql<{ region_code: string }>`
      select distinct p.region_code from progress_reports r join projects p on p.id = r.project_id
       where r.state = 'submitted'`.execute(h.db);
    expect(queues.rows.length).toBeGreaterThan(5);
  });

  it('keeps the summaries equal to the accepted reports, with growth of +5% to +20% in every region', async () => {
    const months = sql.raw(Array.from({ length: M - 1 }, (_, index) => `monthly[${index + 1}]`).join(' + '));
    const mismatched = await sql<{ n: string }>`
      select count(*) as n from project_year_progress y
       where y.monthly <> array(
         select coalesce((select r.completed_amount from progress_reports r
                           where r.project_id = y.project_id and r.year = y.year and r.month = m
                             and r.state = 'accepted'), 0)::numeric(18, 4)
           from generate_series(1, 12) as m)`.execute(h.db);
    expect(Number(mismatched.rows[0]!.n)).toBe(0);
    const growth = await sql<{ region_code: string; now: string; before: string }>`
      select region_code,
             sum(${months}) filter (where year = ${Y})::text as now,
             sum(${months}) filter (where year = ${Y - 1})::text as before
        from project_year_progress group by region_code`.execute(h.db);
    expect(growth.rows.length).toBeGreaterThan(5);
    for (const row of growth.rows) {
      const rate = Number(row.now) / Number(row.before) - 1;
      expect(rate, row.region_code).toBeGreaterThanOrEqual(0.05);
      expect(rate, row.region_code).toBeLessThanOrEqual(0.2);
    }
  });

  it('is quick to seed', () => {
    expect(seconds).toBeLessThan(30);
  });
});
