import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseWan } from '../money/money.ts';
import {
  compareRatios,
  completionRate,
  growthRate,
  parsePercent,
  ratio,
  roundPercent,
  scheduleGap,
  timeProgress,
  type Ratio,
} from './ratio.ts';

const r = (num: bigint, den: bigint): Ratio => {
  const value = ratio(num, den);
  if (value === null) throw new Error('zero denominator in test data');
  return value;
};

/** Tenths of a percent written out independently of `roundPercent`. */
const tenthsText = (tenths: bigint) => {
  const magnitude = tenths < 0n ? -tenths : tenths;
  return `${tenths < 0n ? '-' : ''}${magnitude / 10n}.${magnitude % 10n}`;
};

describe('ratio', () => {
  it('keeps the denominator positive and the fraction reduced', () => {
    expect(ratio(6n, -8n)).toEqual({ num: -3n, den: 4n });
    expect(ratio(0n, -5n)).toEqual({ num: 0n, den: 1n });
    expect(ratio(1n, 0n)).toBeNull();
  });

  it('compares exactly', () => {
    expect(compareRatios(r(1n, 3n), r(333n, 1000n))).toBe(1);
    expect(compareRatios(r(-1n, 2n), r(1n, -2n))).toBe(0);
    expect(compareRatios(r(-2n, 3n), r(-1n, 2n))).toBe(-1);
  });
});

describe('roundPercent: one decimal, half away from zero', () => {
  it.each([
    ['0.22', r(22n, 100n), '22.0'],
    ['0.12345 (12.345%)', r(12345n, 100000n), '12.3'],
    ['0.12350 (12.35% → up)', r(1235n, 10000n), '12.4'],
    ['0.00050 (0.05% → up)', r(5n, 10000n), '0.1'],
    ['0.00049999', r(49999n, 100000000n), '0.0'],
    ['-0.1235 (−12.35% → away from zero)', r(-1235n, 10000n), '-12.4'],
    ['-0.0005 (−0.05% → away from zero)', r(-5n, 10000n), '-0.1'],
    ['-0.0004 (no "-0.0")', r(-4n, 10000n), '0.0'],
    ['1/3', r(1n, 3n), '33.3'],
    ['2/3', r(2n, 3n), '66.7'],
    ['-2/3', r(-2n, 3n), '-66.7'],
    ['12 (1200%)', r(12n, 1n), '1200.0'],
  ])('%s → %s', (_label, value, expected) => {
    expect(roundPercent(value)).toBe(expected);
  });

  it('never changes a value that already has one decimal', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (tenths, scale) => {
          // tenths of a percent = tenths / 1000 of one, written with an arbitrary common factor.
          expect(roundPercent(r(tenths * scale, 1000n * scale))).toBe(tenthsText(tenths));
        },
      ),
    );
  });

  it('is symmetric around zero and within half a tenth of the exact value', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (num, den) => {
          const value = r(num, den);
          const positive = roundPercent(r(num < 0n ? -num : num, den));
          expect(roundPercent(value)).toBe(num < 0n && positive !== '0.0' ? `-${positive}` : positive);
          const shown = parsePercent(roundPercent(value));
          const error = r((shown.num * value.den - value.num * shown.den) * 2000n, shown.den * value.den);
          expect(compareRatios(error, r(-1n, 1n)) >= 0 && compareRatios(error, r(1n, 1n)) <= 0).toBe(true);
        },
      ),
    );
  });
});

describe('parsePercent', () => {
  it.each([
    ['12', r(12n, 100n)],
    ['12.5', r(125n, 1000n)],
    ['-3.0', r(-3n, 100n)],
    [' 0 ', r(0n, 1n)],
  ])('%s', (text, expected) => {
    expect(parsePercent(text)).toEqual(expected);
  });

  it('rejects text that is not a decimal', () => {
    expect(() => parsePercent('12%')).toThrow(RangeError);
    expect(() => parsePercent('')).toThrow(RangeError);
  });
});

describe('completion, growth and time progress', () => {
  it.each([
    ['13.2亿 of 60.0亿', '13.2', '60.0', '22.0'],
    ['nothing done yet', '0', '60', '0.0'],
    ['over the plan', '66', '60', '110.0'],
  ])('completion: %s', (_label, done, plan, expected) => {
    const completion = completionRate(parseWan(done, 'yi'), parseWan(plan, 'yi'));
    expect(completion && roundPercent(completion)).toBe(expected);
  });

  it('has no completion rate without a positive plan', () => {
    expect(completionRate(parseWan('100'), null)).toBeNull();
    expect(completionRate(parseWan('100'), 0n)).toBeNull();
    expect(completionRate(parseWan('100'), parseWan('-5'))).toBeNull();
  });

  it.each([
    ['112 vs 100', '112', '100', '12.0'],
    ['fall', '88', '100', '-12.0'],
    ['half-up edge 100.05 vs 100', '100.05', '100', '0.1'],
    ['half-up edge 99.95 vs 100 (away from zero)', '99.95', '100', '-0.1'],
    ['zero base', '50', '0', null],
    ['negative base', '50', '-10', null],
  ])('growth: %s', (_label, current, lastYear, expected) => {
    const growth = growthRate(parseWan(current), parseWan(lastYear));
    expect(growth && roundPercent(growth)).toBe(expected);
  });

  it.each([
    ['March, by month', { year: 2020, month: 3 }, 'month', '25.0'],
    ['January, by month', { year: 2021, month: 1 }, 'month', '8.3'],
    ['December, by month', { year: 2021, month: 12 }, 'month', '100.0'],
    ['31 March 2020 (leap), by day: 91/366', { year: 2020, month: 3, day: 31 }, 'days', '24.9'],
    ['March 2020 without a day = month end', { year: 2020, month: 3 }, 'days', '24.9'],
    ['31 March 2021, by day: 90/365', { year: 2021, month: 3, day: 31 }, 'days', '24.7'],
    ['29 Feb 2020: 60/366', { year: 2020, month: 2, day: 29 }, 'days', '16.4'],
    ['31 Dec 2100 (not leap): 365/365', { year: 2100, month: 12, day: 31 }, 'days', '100.0'],
  ] as const)('time progress: %s', (_label, period, mode, expected) => {
    expect(roundPercent(timeProgress(period, mode))).toBe(expected);
  });

  it('counts days exactly', () => {
    expect(timeProgress({ year: 2020, month: 3, day: 31 }, 'days')).toEqual(r(91n, 366n));
    expect(timeProgress({ year: 2000, month: 12 }, 'days')).toEqual(r(1n, 1n));
  });

  it.each([
    { year: 2020, month: 0 },
    { year: 2020, month: 13 },
    { year: 2021, month: 2, day: 29 },
    { year: 2020, month: 4, day: 31 },
    { year: 2020, month: 1.5 },
  ])('rejects the period %o', (period) => {
    expect(() => timeProgress(period, 'days')).toThrow(RangeError);
  });
});

describe('schedule gap', () => {
  it.each([
    // The hand-checked bulletin case: 13.2亿 of a 60.0亿 plan by March is 3.0 points behind.
    ['13.2亿 of 60亿 in March', '13.2', '60.0', 3, '-3.0'],
    ['ahead of time', '20', '60.0', 3, '8.3'],
    ['on schedule', '15', '60', 3, '0.0'],
  ])('%s', (_label, done, plan, month, expected) => {
    const completion = completionRate(parseWan(done, 'yi'), parseWan(plan, 'yi'));
    const gap = scheduleGap(completion, timeProgress({ year: 2020, month }));
    expect(gap && roundPercent(gap)).toBe(expected);
  });

  it('is computed from the exact values, then rounded once', () => {
    // 1 046 of 10 000 万元 by January: completion 10.46% shows "10.5", time progress 8.33…% shows
    // "8.3"; the exact gap 2.126…7 shows "2.1", where subtracting the displayed figures gives 2.2.
    const completion = completionRate(parseWan('1046'), parseWan('10000'));
    const progress = timeProgress({ year: 2020, month: 1 });
    const gap = scheduleGap(completion, progress);
    expect(completion && roundPercent(completion)).toBe('10.5');
    expect(roundPercent(progress)).toBe('8.3');
    expect(gap && roundPercent(gap)).toBe('2.1');
  });

  it('is absent when there is no plan', () => {
    expect(scheduleGap(completionRate(100n, null), timeProgress({ year: 2020, month: 3 }))).toBeNull();
  });
});
