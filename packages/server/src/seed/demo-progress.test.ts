import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test/harness.ts';
import { seedDemo } from './demo.ts';

let h: Harness;
let seconds: number;
beforeAll(async () => {
  h = await createHarness();
  const started = performance.now();
  await seedDemo(h.db, 'Demo-Pass-2020');
  seconds = (performance.now() - started) / 1000;
});
afterAll(() => h.close());

const count = async (where: ReturnType<typeof sql>) =>
  Number(
    (await sql<{ n: string }>`select count(*) as n from progress_reports where ${where}`.execute(h.db))
      .rows[0]!.n,
  );

describe('demo monthly reports', () => {
  it('accepts the two earlier years in full and the plan year through May, with June in every state', async () => {
    expect(await count(sql`year in (2018, 2019) and state <> 'accepted'`)).toBe(0);
    expect(await count(sql`year = 2019`)).toBeGreaterThan(1000);
    expect(await count(sql`year = 2020 and month < 5 and state <> 'accepted'`)).toBe(0);
    expect(await count(sql`year = 2020 and month = 5 and state = 'submitted'`)).toBeGreaterThan(0);
    for (const state of ['draft', 'submitted', 'returned', 'accepted'])
      expect(await count(sql`year = 2020 and month = 6 and state = ${state}`), state).toBeGreaterThan(0);
    expect(await count(sql`year = 2020 and month = 6 and late`)).toBeGreaterThan(0);
    expect(await count(sql`year = 2020 and month > 6`)).toBe(0);
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
      .where('year', '=', 2020)
      .where('month', '=', 6)
      .execute();
    expect(states.map((s) => s.state)).toEqual(expect.arrayContaining(['draft', 'returned']));
    const queues = await sql<{ region_code: string }>`
      select distinct p.region_code from progress_reports r join projects p on p.id = r.project_id
       where r.state = 'submitted'`.execute(h.db);
    expect(queues.rows.length).toBeGreaterThan(5);
  });

  it('keeps the summaries equal to the accepted reports, with growth of +5% to +20% in every region', async () => {
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
             sum(monthly[1] + monthly[2] + monthly[3] + monthly[4] + monthly[5]) filter (where year = 2020)::text as now,
             sum(monthly[1] + monthly[2] + monthly[3] + monthly[4] + monthly[5]) filter (where year = 2019)::text as before
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
