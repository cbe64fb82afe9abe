import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWan, wanToDecimal } from '../money/money.ts';
import { SEED_INDICATORS, type IndicatorDefinition } from './indicators.ts';
import { buildIndicatorTable, type CountCell, type IndicatorTableInput, type SumCell } from './table.ts';
import { SEED_TARGETS_2020 } from './targets.ts';

const yi = (amount: string) => parseWan(amount, 'yi');
const REGIONS = [
  { code: '331102', name: '莲都区' },
  { code: '331121', name: '青田县' },
  { code: '331181', name: '龙泉市' },
];
const government = SEED_INDICATORS.find((row) => row.code === 'government_investment')!;
const newTenYi = SEED_INDICATORS.find((row) => row.code === 'new_ten_yi_projects')!;
const preliminary = SEED_INDICATORS.find((row) => row.code === 'preliminary_major_projects')!;

const input = (overrides: Partial<IndicatorTableInput>): IndicatorTableInput => ({
  year: 2020,
  month: 3,
  timeProgressMode: 'month',
  indicators: [government],
  regions: REGIONS,
  withTotal: true,
  sums: [],
  counts: [],
  targets: SEED_TARGETS_2020,
  ...overrides,
});

describe('buildIndicatorTable', () => {
  it('reproduces the hand-checked bulletin: 13.2亿 of 60.0亿 by March is 3.0 points behind', () => {
    const table = buildIndicatorTable(
      input({
        sums: [
          {
            indicator: 'government_investment',
            region: '331102',
            cumulative: yi('9.2'),
            lastYearCumulative: yi('8'),
            annualPlan: yi('40'),
          },
          {
            indicator: 'government_investment',
            region: '331121',
            cumulative: yi('4'),
            lastYearCumulative: yi('3.785'),
            annualPlan: yi('20'),
          },
        ],
      }),
    );
    expect(table).toMatchObject({ year: 2020, month: 3, timeProgressMode: 'month', timeProgressPct: '25.0' });
    expect(table.indicators).toEqual([
      { code: 'government_investment', name: '政府投资', measure: 'sum_completed', unit: 'wan' },
    ]);
    const total = table.rows.find((row) => row.region === null);
    expect(total).toEqual({
      indicator: 'government_investment',
      region: null,
      cumulative: '132000.0000',
      lastYearCumulative: '117850.0000',
      growthPct: '12.0',
      annualPlan: '600000.0000',
      completionPct: '22.0',
      timeProgressPct: '25.0',
      gapPts: '-3.0',
      count: null,
      target: { kind: 'growth', pct: '12' },
      targetMet: true,
    });
    // Regions in the given order, then the total; a region without figures shows zeros.
    expect(table.rows.map((row) => row.region)).toEqual(['331102', '331121', '331181', null]);
    expect(table.rows[0]).toMatchObject({ completionPct: '23.0', gapPts: '-2.0', growthPct: '15.0' });
    expect(table.rows[2]).toMatchObject({
      cumulative: '0.0000',
      annualPlan: '0.0000',
      growthPct: null,
      completionPct: null,
      gapPts: null,
      targetMet: null,
    });
  });

  it('counts per region and in total, against city-level and per-county targets', () => {
    const counts: CountCell[] = [
      { indicator: 'new_ten_yi_projects', region: '331102', count: 2 },
      { indicator: 'new_ten_yi_projects', region: '331121', count: 1 },
      { indicator: 'preliminary_major_projects', region: '331102', count: 150 },
      { indicator: 'preliminary_major_projects', region: '331181', count: 60 },
    ];
    const table = buildIndicatorTable(input({ indicators: [newTenYi, preliminary], counts }));
    const pick = (indicator: string) =>
      table.rows
        .filter((row) => row.indicator === indicator)
        .map((row) => [row.region, row.count, row.target, row.targetMet]);
    const two = { kind: 'count', count: 2 };
    expect(pick('new_ten_yi_projects')).toEqual([
      ['331102', 2, two, true],
      ['331121', 1, two, false],
      ['331181', 0, two, false],
      // Two per county is no city total.
      [null, 3, null, null],
    ]);
    expect(pick('preliminary_major_projects')).toEqual([
      ['331102', 150, null, null],
      ['331121', 0, null, null],
      ['331181', 60, null, null],
      [null, 210, { kind: 'count', count: 200 }, true],
    ]);
    expect(table.rows.every((row) => row.cumulative === null && row.growthPct === null)).toBe(true);
  });

  it('leaves the total out for a caller who sees one region, and uses a region’s own time rule', () => {
    const table = buildIndicatorTable(
      input({
        regions: [REGIONS[1]!],
        withTotal: false,
        regionTimeProgressModes: { '331121': 'days' },
        sums: [
          {
            indicator: 'government_investment',
            region: '331121',
            cumulative: yi('15'),
            lastYearCumulative: yi('10'),
            annualPlan: yi('60'),
          },
        ],
      }),
    );
    expect(table.rows).toHaveLength(1);
    // 25% done against 91/366 days of 2020.
    expect(table.rows[0]).toMatchObject({ completionPct: '25.0', timeProgressPct: '24.9', gapPts: '0.1' });
    expect(table.timeProgressPct).toBe('25.0');
  });

  it('ignores a target whose kind does not suit the measure', () => {
    const table = buildIndicatorTable(
      input({
        targets: [
          {
            indicator: 'government_investment',
            region: null,
            year: 2020,
            value: { kind: 'count', count: 5 },
          },
        ],
      }),
    );
    expect(table.rows.every((row) => row.target === null && row.targetMet === null)).toBe(true);
  });

  it('refuses figures of a region the table does not list', () => {
    expect(() =>
      buildIndicatorTable(
        input({
          sums: [
            {
              indicator: 'government_investment',
              region: '999999',
              cumulative: 1n,
              lastYearCumulative: 0n,
              annualPlan: 0n,
            },
          ],
        }),
      ),
    ).toThrow(RangeError);
  });
});

describe('region rows add up exactly to the total', () => {
  const regions = ['331102', '331121', '331122', '331123', '331181', 'ldz'].map((code) => ({
    code,
    name: code,
  }));
  const indicators: IndicatorDefinition[] = [
    ...SEED_INDICATORS.filter((row) => row.measure === 'sum_completed'),
    newTenYi,
  ];
  const amount = fc.bigInt({ min: -(10n ** 8n), max: 10n ** 15n });
  const sum = fc.record({
    indicator: fc.constantFrom(
      ...indicators.filter((row) => row.measure === 'sum_completed').map((row) => row.code),
    ),
    region: fc.constantFrom(...regions.map((region) => region.code)),
    cumulative: amount,
    lastYearCumulative: amount,
    annualPlan: amount,
  });
  const count = fc.record({
    indicator: fc.constant('new_ten_yi_projects'),
    region: fc.constantFrom(...regions.map((region) => region.code)),
    count: fc.nat({ max: 10_000 }),
  });

  it('for every indicator, amount and count, whatever the figures', () => {
    fc.assert(
      fc.property(
        fc.array(sum, { maxLength: 80 }),
        fc.array(count, { maxLength: 20 }),
        fc.integer({ min: 1, max: 12 }),
        (sums: SumCell[], counts: CountCell[], month) => {
          const table = buildIndicatorTable({
            year: 2021,
            month,
            timeProgressMode: 'month',
            indicators,
            regions,
            withTotal: true,
            sums,
            counts,
            targets: [],
          });
          for (const definition of indicators) {
            const rows = table.rows.filter((row) => row.indicator === definition.code);
            const total = rows.find((row) => row.region === null)!;
            const parts = rows.filter((row) => row.region !== null);
            expect(parts).toHaveLength(regions.length);
            if (definition.measure === 'sum_completed') {
              for (const field of ['cumulative', 'lastYearCumulative', 'annualPlan'] as const) {
                const added = parts.reduce((acc, row) => acc + parseWan(row[field]!), 0n);
                expect(total[field]).toBe(wanToDecimal(added));
                // And equal to the raw cells, summed independently of the rows.
                const raw = sums
                  .filter((cell) => cell.indicator === definition.code)
                  .reduce((acc, cell) => acc + cell[field], 0n);
                expect(total[field]).toBe(wanToDecimal(raw));
              }
            } else {
              expect(total.count).toBe(parts.reduce((acc, row) => acc + row.count!, 0));
              expect(total.count).toBe(counts.reduce((acc, cell) => acc + cell.count, 0));
            }
          }
        },
      ),
    );
  });
});
