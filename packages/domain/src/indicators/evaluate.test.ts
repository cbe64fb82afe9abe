import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseWan, sumWan, wanToDecimal, type Wan } from '../money/money.ts';
import { FUNDING_SOURCES } from '../projects/attributes.ts';
import {
  countTargetMet,
  cumulativeThrough,
  evaluate,
  type ProjectMonthly,
  type SumTarget,
} from './evaluate.ts';
import { matchesIndicator, type IndicatorFilter, type IndicatorProject } from './indicators.ts';

const yi = (amount: string) => parseWan(amount, 'yi');
const growth = (pct: string): SumTarget => ({ kind: 'growth', pct });
/** A project whose whole Jan..M amount was reported in January. */
const single = (thisYear: string, lastYear: string): ProjectMonthly => ({
  thisYear: [yi(thisYear)],
  lastYear: [yi(lastYear)],
});

describe('evaluate', () => {
  it('reproduces the hand-checked bulletin: 13.2亿 of 60.0亿 by March is 3.0 points behind', () => {
    const result = evaluate({
      projects: [
        { thisYear: [yi('2'), yi('3'), yi('4.2'), yi('9')], lastYear: [yi('2'), yi('3'), yi('5'), yi('1')] },
        { thisYear: [yi('1'), yi('1'), yi('2')], lastYear: [yi('1'), yi('0'), yi('0.785')] },
      ],
      annualPlan: yi('60.0'),
      period: { year: 2020, month: 3 },
      target: growth('12'),
    });
    expect(wanToDecimal(result.cumulative)).toBe('132000.0000');
    expect(wanToDecimal(result.lastYearCumulative)).toBe('117850.0000');
    expect(result).toMatchObject({
      completionPct: '22.0',
      timeProgressPct: '25.0',
      gapPts: '-3.0',
      growthPct: '12.0',
      targetMet: true,
      annualPlan: yi('60'),
    });
    expect(result.exact.gap).toEqual({ num: -3n, den: 100n });
  });

  it.each<[string, ProjectMonthly[], SumTarget | null, string | null, boolean | null]>([
    ['12.0% exactly meets 12%', [single('11.2', '10')], growth('12'), '12.0', true],
    [
      '11.96% shows 12.0 but the exact value misses 12%',
      [single('11.196', '10')],
      growth('12'),
      '12.0',
      false,
    ],
    ['11.9% misses 12%', [single('11.19', '10')], growth('12'), '11.9', false],
    ['above a 12.5% target', [single('11.26', '10')], growth('12.5'), '12.6', true],
    ['a fall misses the target', [single('9', '10')], growth('12'), '-10.0', false],
    ['zero base: no growth and no verdict', [single('5', '0')], growth('12'), null, null],
    ['no target: no verdict', [single('11.2', '10')], null, '12.0', null],
    ['amount target reached', [single('3', '1')], { kind: 'amount', wan: '30000' }, '200.0', true],
    [
      'amount target missed by one yuan',
      [single('2.99999999', '1')],
      { kind: 'amount', wan: '30000' },
      '200.0',
      false,
    ],
  ])('%s', (_label, projects, target, growthPct, targetMet) => {
    const result = evaluate({ projects, annualPlan: null, period: { year: 2020, month: 1 }, target });
    expect(result.growthPct).toBe(growthPct);
    expect(result.targetMet).toBe(targetMet);
  });

  it('leaves completion and gap empty without an annual plan', () => {
    const result = evaluate({
      projects: [single('1', '1')],
      annualPlan: null,
      period: { year: 2020, month: 6 },
      target: null,
    });
    expect(result).toMatchObject({ completionPct: null, gapPts: null, timeProgressPct: '50.0' });
  });

  it('measures time progress by days when configured', () => {
    const result = evaluate({
      projects: [single('15', '10')],
      annualPlan: yi('60'),
      period: { year: 2020, month: 3, day: 31 },
      timeProgressMode: 'days',
      target: null,
    });
    // 25% done against 91/366 = 24.863…%: 0.136… points ahead.
    expect(result).toMatchObject({ completionPct: '25.0', timeProgressPct: '24.9', gapPts: '0.1' });
    expect(result.exact.timeProgress).toEqual({ num: 91n, den: 366n });
  });

  it('sums only January through the reporting month, this year and last', () => {
    expect(cumulativeThrough([1n, 2n, 4n, 8n], 3)).toBe(7n);
    expect(cumulativeThrough([1n], 12)).toBe(1n);
    expect(() =>
      cumulativeThrough(
        Array.from({ length: 13 }, () => 1n),
        12,
      ),
    ).toThrow(RangeError);
  });
});

describe('countTargetMet', () => {
  it.each([
    [230, { kind: 'count', count: 230 }, true],
    [229, { kind: 'count', count: 230 }, false],
    [5, null, null],
  ] as const)('%i against %o', (count, target, expected) => {
    expect(countTargetMet(count, target)).toBe(expected);
  });

  it('refuses a rate target for a count', () => {
    expect(() => countTargetMet(3, { kind: 'growth', pct: '12' })).toThrow(RangeError);
  });
});

describe('totals add up exactly', () => {
  const regions = ['331102', '331121', '331122', '331181', 'ldz'];
  const sectors = ['transport', 'water', 'energy', 'industry', 'urban', 'ecology'];
  const amount = fc.bigInt({ min: -(10n ** 10n), max: 10n ** 14n });
  const row = fc.record({
    project: fc.record({
      regionCode: fc.constantFrom(...regions),
      sectorCode: fc.constantFrom(...sectors),
      fundingSource: fc.constantFrom(...FUNDING_SOURCES),
      highTech: fc.boolean(),
    }),
    thisYear: fc.array(amount, { maxLength: 12 }),
    lastYear: fc.array(amount, { maxLength: 12 }),
  });
  type Row = {
    project: Pick<IndicatorProject, 'regionCode' | 'sectorCode' | 'fundingSource' | 'highTech'>;
  } & ProjectMonthly;

  const toProject = (attributes: Row['project']): IndicatorProject => ({
    ...attributes,
    totalInvestment: 0n,
    stage: 'construction',
    lists: [],
    actualStart: null,
    plannedYear: null,
  });
  const totals = (rows: readonly Row[], month: number) => {
    const result = evaluate({
      projects: rows,
      annualPlan: null,
      period: { year: 2020, month },
      target: null,
    });
    return [result.cumulative, result.lastYearCumulative] as const;
  };
  const sumPairs = (pairs: (readonly [Wan, Wan])[]) =>
    [sumWan(pairs.map(([current]) => current)), sumWan(pairs.map(([, last]) => last))] as const;

  it('region totals and any partition of categories sum to the city total', () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 60 }),
        fc.integer({ min: 1, max: 12 }),
        // Each sector is put in one of up to four groups: a random partition of the sectors.
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: sectors.length, maxLength: sectors.length }),
        (rows, month, groupOf) => {
          const city = totals(rows, month);
          const byRegion = regions.map((region) =>
            totals(
              rows.filter((item) => item.project.regionCode === region),
              month,
            ),
          );
          expect(sumPairs(byRegion)).toEqual(city);

          const filters: IndicatorFilter[] = [0, 1, 2, 3]
            .map((group) => sectors.filter((_sector, index) => groupOf[index] === group))
            .filter((group) => group.length > 0)
            .map((group) => ({ sectors: group }));
          const byGroup = filters.map((filter) =>
            totals(
              rows.filter((item) => matchesIndicator(toProject(item.project), filter)),
              month,
            ),
          );
          expect(sumPairs(byGroup)).toEqual(city);

          const byFunding = FUNDING_SOURCES.map((source) =>
            totals(
              rows.filter((item) => matchesIndicator(toProject(item.project), { fundingSources: [source] })),
              month,
            ),
          );
          expect(sumPairs(byFunding)).toEqual(city);

          const byHighTech = [true, false].map((highTech) =>
            totals(
              rows.filter((item) => matchesIndicator(toProject(item.project), { highTech })),
              month,
            ),
          );
          expect(sumPairs(byHighTech)).toEqual(city);
        },
      ),
    );
  });
});
