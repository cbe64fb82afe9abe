import { checkDistribution } from '@beacon/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test/harness.ts';
import { demoCalendar } from './demo-calendar.ts';
import { seedDemo } from './demo.ts';

/** 26 November 2026, 10:00 in China: the plan year is 2026 and October is the open month. */
const NOW = new Date('2026-11-26T02:00:00Z');
const { year: Y, openMonth: M, today } = demoCalendar(NOW);

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await seedDemo(h.services, 'Demo-Pass-2020', { now: NOW });
});
afterAll(() => h.close());

describe('demo plans', () => {
  it('issues three of the four plans of the plan year on 20 February, with members, and keeps one draft', async () => {
    const city = await h.login({ id: '', username: 'city', role: 'city' }, 'Demo-Pass-2020');
    const plans = (await h.request(city, 'GET', `/api/plans?year=${Y}`)).json().items as {
      id: string;
      kind: string;
      name: string;
      state: string;
      memberCount: number;
    }[];
    expect(plans.map((p) => [p.kind, p.state]).sort()).toEqual([
      ['government_investment', 'issued'],
      ['key_construction', 'issued'],
      ['major_preliminary', 'issued'],
      ['policy_handling', 'draft'],
    ]);
    for (const plan of plans) {
      expect(plan.memberCount).toBeGreaterThan(0);
      expect(plan.name.startsWith(`${Y}年`)).toBe(true);
    }
    const issued = await h.db.selectFrom('plans').select('issued_on').where('state', '=', 'issued').execute();
    expect(new Set(issued.map((row) => String(row.issued_on).slice(0, 10)))).toEqual(new Set([`${Y}-02-20`]));
    const key = plans.find((p) => p.kind === 'key_construction')!;
    const adjustments = (await h.request(city, 'GET', `/api/plans/${key.id}/adjustments`)).json().items;
    expect(adjustments).toHaveLength(1);
    expect(adjustments[0].before.plannedInvestment).not.toBe(adjustments[0].after.plannedInvestment);
  });

  it('spreads every year plan so the quarters add up to the year exactly', async () => {
    const rows = await h.db
      .selectFrom('project_year_plans')
      .select(['planned_investment', 'distribution_kind', 'year'])
      // node-postgres would parse numeric[] into floats.
      .select(sql<string[] | null>`distribution::text[]`.as('entries'))
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.year).toBe(Y);
      expect(checkDistribution(row.planned_investment, row.distribution_kind, row.entries)).toMatchObject({
        ok: true,
      });
    }
  });

  it('keeps the stages coherent with the plan year', async () => {
    const rows = (
      await sql<{
        construction_type: string;
        stage: string;
        start_year: number;
        planned_start: string | null;
        actual_start: string | null;
        major: boolean;
      }>`
      select yp.construction_type, p.stage, p.start_year, p.planned_start::text as planned_start,
             p.actual_start::text as actual_start,
             exists (select 1 from plan_members m join plans pl on pl.id = m.plan_id
                      where m.project_id = p.id and pl.kind = 'major_preliminary') as major
        from project_year_plans yp join projects p on p.id = yp.project_id`.execute(h.db)
    ).rows;
    for (const row of rows) {
      if (row.construction_type === 'continuing') {
        expect(row.actual_start! < `${Y}-01-01`, JSON.stringify(row)).toBe(true);
      } else {
        expect(row.start_year).toBe(Y);
      }
      if (row.actual_start !== null) expect(row.actual_start <= today).toBe(true);
      if (row.stage === 'construction') expect(row.actual_start).not.toBeNull();
    }
    const major = rows.filter((row) => row.major);
    expect(major.length).toBeGreaterThan(5);
    for (const row of major) {
      expect(row.construction_type).toBe('new');
      expect(row.planned_start! >= `${Y}-03-01` && row.planned_start! <= `${Y}-11-30`).toBe(true);
    }
    expect(major.some((row) => row.actual_start !== null)).toBe(true);
    expect(major.some((row) => row.actual_start === null)).toBe(true);
  });

  it('sizes the year plans so most completion rates sit within −20..+10 points of time progress', async () => {
    // Every report of the plan year through the open month, whatever its state (one revision each).
    const rows = (
      await sql<{ planned: string; done: string }>`
      select yp.planned_investment::text as planned,
             coalesce((select sum(r.completed_amount) from progress_reports r
                        where r.project_id = yp.project_id and r.year = ${Y} and r.month <= ${M}), 0)::text as done
        from project_year_plans yp join projects p on p.id = yp.project_id
       where p.actual_start is not null`.execute(h.db)
    ).rows;
    expect(rows.length).toBeGreaterThan(50);
    const progress = (M / 12) * 100;
    const gaps = rows.map((row) => (Number(row.done) / Number(row.planned)) * 100 - progress);
    const inBand = gaps.filter((gap) => gap >= -20 && gap <= 10).length;
    expect(inBand / gaps.length).toBeGreaterThan(0.7);
    expect(gaps.some((gap) => gap >= 0)).toBe(true);
    expect(gaps.some((gap) => gap < -20)).toBe(true);
  });

  it('closes and publishes January to the month before the open month, with a mix of lights', async () => {
    const closes = await h.db
      .selectFrom('month_closes')
      .select(['id', 'year', 'month', 'edition', 'document_number', 'published_at'])
      .orderBy('month')
      .execute();
    expect(closes.map((close) => [close.year, close.month, close.edition])).toEqual(
      Array.from({ length: M - 1 }, (_, index) => [Y, index + 1, 1]),
    );
    for (const close of closes) {
      expect(close.published_at).not.toBeNull();
      expect(close.document_number).toBe(`丽投办〔${Y}〕${close.month}号`);
    }
    const lights = await sql<{ light: string; n: string }>`
      select light, count(*) as n from project_lights where close_id = ${closes.at(-1)!.id} group by light`.execute(
      h.db,
    );
    const mix = Object.fromEntries(lights.rows.map((row) => [row.light, Number(row.n)]));
    const total = (mix.green ?? 0) + (mix.yellow ?? 0) + (mix.red ?? 0);
    expect(mix.green).toBeGreaterThan(0);
    expect(mix.red).toBeGreaterThan(0);
    expect(((mix.green ?? 0) + (mix.yellow ?? 0)) / total).toBeGreaterThan(0.65);
    // Published, so a county reads every one of them.
    const county = await h.login({ id: '', username: 'county-331102', role: 'county' }, 'Demo-Pass-2020');
    const listed = await h.request(county, 'GET', `/api/month-closes?year=${Y}`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toHaveLength(M - 1);
  });

  it('schedules the major preliminary projects backwards, with a responsible unit for each step', async () => {
    const rows = await h.db.selectFrom('milestones').selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    const iso = (value: unknown) => String(value).slice(0, 10);
    for (const row of rows) {
      expect(row.responsible_department_id ?? row.responsible_unit).toBeTruthy();
      if (row.actual_date !== null) expect(iso(row.actual_date) < today).toBe(true);
    }
    expect(rows.some((row) => row.actual_date !== null)).toBe(true);
    // Some steps planned before today are still open (overdue), later ones all are.
    expect(rows.some((row) => row.actual_date === null && iso(row.planned_date) < today)).toBe(true);
    for (const row of rows.filter((candidate) => iso(candidate.planned_date) >= today))
      expect(row.actual_date).toBeNull();
  });
});
