import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProjectCode, parseWan, shanghaiYear } from '@beacon/domain';
import { divisionExists } from '../modules/regions/divisions.ts';
import { createHarness, type Harness } from '../test/harness.ts';
import { seedDemo } from './demo.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('demo data', () => {
  it('builds a believable city: every region, every role, big and small projects, valid codes', async () => {
    const accounts = await seedDemo(h.db, 'Demo-Pass-2020');
    const roles = new Set(accounts.map((a) => a.role));
    expect(roles).toEqual(new Set(['city', 'county', 'department', 'owner', 'leader']));
    const regions = await h.db
      .selectFrom('regions')
      .select('code')
      .where('parent_code', 'is not', null)
      .execute();
    expect(
      accounts
        .filter((a) => a.role === 'county')
        .map((a) => a.username)
        .sort(),
    ).toEqual(regions.map((r) => `county-${r.code}`).sort());

    const perRegion = await h.db
      .selectFrom('projects')
      .select(['region_code', (eb) => eb.fn.countAll<string>().as('count')])
      .groupBy('region_code')
      .execute();
    expect(perRegion).toHaveLength(regions.length);
    const total = perRegion.reduce((sum, row) => sum + Number(row.count), 0);
    expect(total).toBeGreaterThan(550);

    const sizes = await h.db
      .selectFrom('projects')
      .select([
        (eb) => eb.fn.countAll<string>().filterWhere('total_investment', '>=', '100000').as('over10yi'),
        (eb) => eb.fn.countAll<string>().filterWhere('total_investment', '>=', '10000').as('over1yi'),
      ])
      .executeTakeFirstOrThrow();
    expect(Number(sizes.over10yi)).toBeGreaterThan(5);
    expect(Number(sizes.over1yi)).toBeGreaterThan(total / 3);

    const codes = await h.db.selectFrom('projects').select('code').where('code', 'is not', null).execute();
    for (const { code } of codes)
      expect(checkProjectCode(code!, divisionExists), code!).toMatchObject({ ok: true });

    const leader = await h.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'leader')
      .executeTakeFirstOrThrow();
    const led = await h.db
      .selectFrom('projects')
      .select('id')
      .where('leading_official_user_id', '=', leader.id)
      .execute();
    expect(led.length).toBeGreaterThan(0);

    const thisYear = shanghaiYear(new Date());
    const newlyPlanned = await h.db
      .selectFrom('projects')
      .select(['planned_year', 'stage', 'total_investment'])
      .where('planned_year', 'is not', null)
      .execute();
    expect(newlyPlanned.every((row) => ['planning', 'reserve', 'preliminary'].includes(row.stage))).toBe(
      true,
    );
    expect(new Set(newlyPlanned.map((row) => row.planned_year))).toEqual(new Set([thisYear, thisYear - 1]));
    const bigThisYear = newlyPlanned.filter(
      (row) => row.planned_year === thisYear && parseWan(row.total_investment) >= parseWan('100000'),
    );
    expect(bigThisYear.length).toBeGreaterThan(0);
  });

  it('does nothing on a registry that already has projects', async () => {
    expect(await seedDemo(h.db, 'Demo-Pass-2020')).toEqual([]);
  });
});
