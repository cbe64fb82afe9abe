import { checkDistribution } from '@beacon/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test/harness.ts';
import { seedDemo } from './demo.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await seedDemo(h.db, 'Demo-Pass-2020');
});
afterAll(() => h.close());

describe('demo plans', () => {
  it('issues three of the four plans with members, and keeps one draft', async () => {
    const city = await h.login({ id: '', username: 'city', role: 'city' }, 'Demo-Pass-2020');
    const plans = (await h.request(city, 'GET', '/api/plans?year=2020')).json().items as {
      id: string;
      kind: string;
      state: string;
      memberCount: number;
    }[];
    expect(plans.map((p) => [p.kind, p.state]).sort()).toEqual([
      ['government_investment', 'issued'],
      ['key_construction', 'issued'],
      ['major_preliminary', 'issued'],
      ['policy_handling', 'draft'],
    ]);
    for (const plan of plans) expect(plan.memberCount).toBeGreaterThan(0);
    const key = plans.find((p) => p.kind === 'key_construction')!;
    const adjustments = (await h.request(city, 'GET', `/api/plans/${key.id}/adjustments`)).json().items;
    expect(adjustments).toHaveLength(1);
    expect(adjustments[0].before.plannedInvestment).not.toBe(adjustments[0].after.plannedInvestment);
  });

  it('spreads every year plan so the quarters add up to the year exactly', async () => {
    const rows = await h.db
      .selectFrom('project_year_plans')
      .select(['planned_investment', 'distribution_kind'])
      // node-postgres would parse numeric[] into floats.
      .select(sql<string[] | null>`distribution::text[]`.as('entries'))
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(checkDistribution(row.planned_investment, row.distribution_kind, row.entries)).toMatchObject({
        ok: true,
      });
    }
  });

  it('schedules the major preliminary projects backwards, with a responsible unit for each step', async () => {
    const rows = await h.db.selectFrom('milestones').selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.responsible_department_id ?? row.responsible_unit).toBeTruthy();
    expect(rows.some((row) => row.actual_date !== null)).toBe(true);
  });
});
