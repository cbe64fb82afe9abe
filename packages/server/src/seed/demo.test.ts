import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProjectCode, parseWan } from '@beacon/domain';
import { sql } from 'kysely';
import { divisionExists } from '../modules/regions/divisions.ts';
import { createHarness, type Harness } from '../test/harness.ts';
import { demoCalendar } from './demo-calendar.ts';
import { seedDemo } from './demo.ts';

/** 26 November 2026, 10:00 in China. */
const NOW = new Date('2026-11-26T02:00:00Z');

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('demo calendar', () => {
  it('puts the plan year in the year of last month, with last month open', () => {
    expect(demoCalendar(NOW)).toMatchObject({
      today: '2026-11-26',
      year: 2026,
      openMonth: 10,
      historyYears: [2024, 2025],
      issuedOn: '2026-02-20',
      dayOfMonth: 26,
    });
    // China's date, not UTC's: 23:30 UTC on 31 December is already January in China.
    expect(demoCalendar(new Date('2026-12-31T23:30:00Z'))).toMatchObject({
      today: '2027-01-01',
      year: 2026,
      openMonth: 12,
      historyYears: [2024, 2025],
      issuedOn: '2026-02-20',
    });
    // Before 20 February the plans of the year were issued yesterday at the latest.
    expect(demoCalendar(new Date('2027-02-10T02:00:00Z'))).toMatchObject({
      year: 2027,
      openMonth: 1,
      issuedOn: '2027-02-09',
    });
  });
});

describe('demo data', () => {
  it('builds a believable city: every region, every role, big and small projects, valid codes', async () => {
    const accounts = await seedDemo(h.services, 'Demo-Pass-2020', { now: NOW });
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

    const thisYear = demoCalendar(NOW).year;
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

  it('places every stage in time: started projects before today, planning and reserve after the plan year', async () => {
    const rows = await sql<{ stage: string; n: string }>`
      select stage, count(*) as n from projects
       where (stage in ('construction', 'completed', 'suspended')
              and (actual_start is null or actual_start > '2026-11-26' or start_year > 2026))
          or (stage = 'completed' and (actual_completion is null or actual_completion > '2026-11-26'))
          or (stage in ('planning', 'reserve') and (actual_start is not null or start_year <= 2026))
          or (stage = 'preliminary' and (actual_start is not null or start_year <> 2026))
       group by stage`.execute(h.db);
    expect(rows.rows).toEqual([]);
  });

  it('does nothing on a registry that already has projects', async () => {
    expect(await seedDemo(h.services, 'Demo-Pass-2020', { now: NOW })).toEqual([]);
  });
});

describe('demo data built in January', () => {
  it('lives in last year: December open, January to November closed and published', async () => {
    const january = await createHarness();
    try {
      await seedDemo(january.services, 'Demo-Pass-2020', {
        now: new Date('2027-01-10T02:00:00Z'),
        projectCount: 120,
      });
      const months = await sql<{ year: number; month: number; states: string[] }>`
        select year, month, array_agg(distinct state order by state) as states from progress_reports
         where year = 2026 and month >= 11 group by year, month order by month`.execute(january.db);
      expect(months.rows.map((row) => row.month)).toEqual([11, 12]);
      expect(months.rows[1]!.states).toEqual(expect.arrayContaining(['draft', 'submitted']));
      const later = await january.db
        .selectFrom('progress_reports')
        .select('id')
        .where('year', '>', 2026)
        .execute();
      expect(later).toEqual([]);
      const closes = await january.db
        .selectFrom('month_closes')
        .select(['year', 'month', 'document_number'])
        .orderBy('month')
        .execute();
      expect(closes.map((close) => `${close.year}-${close.month} ${close.document_number}`)).toEqual(
        Array.from({ length: 11 }, (_, index) => `2026-${index + 1} 丽投办〔2026〕${index + 1}号`),
      );
      const plans = await january.db.selectFrom('plans').select(['year', 'issued_on']).execute();
      expect(new Set(plans.map((plan) => plan.year))).toEqual(new Set([2026]));
    } finally {
      await january.close();
    }
  }, 60_000);
});
