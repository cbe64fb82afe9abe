import { describe, expect, it } from 'vitest';
import {
  daysInMonth,
  isLate,
  isWindowOpen,
  lateOnSubmit,
  reportingWindow,
  resolveDueDay,
  shanghaiDate,
  type ReportingRule,
} from './window.ts';

describe('reporting window', () => {
  it.each([
    [2026, 3, 5, '2026-04-01', '2026-04-05'],
    [2026, 12, 5, '2027-01-01', '2027-01-05'],
    [2024, 1, 31, '2024-02-01', '2024-02-29'],
    [2025, 1, 31, '2025-02-01', '2025-02-28'],
    [2026, 3, 31, '2026-04-01', '2026-04-30'],
    [2026, 6, 10, '2026-07-01', '2026-07-10'],
  ])('%i-%i due day %i opens %s, due %s', (year, month, dueDay, opensOn, dueOn) => {
    expect(reportingWindow(year, month, dueDay)).toEqual({ opensOn, dueOn });
  });

  it.each([
    [2000, 2, 29],
    [1900, 2, 28],
    [2026, 2, 28],
    [2026, 4, 30],
    [2026, 12, 31],
  ])('%i-%i has %i days', (year, month, days) => expect(daysInMonth(year, month)).toBe(days));

  it.each([
    ['2026-04-04T15:59:59.999Z', '2026-04-04'],
    ['2026-04-04T16:00:00.000Z', '2026-04-05'],
    ['2026-12-31T16:00:00.000Z', '2027-01-01'],
  ])('%s is %s in China', (instant, date) => expect(shanghaiDate(new Date(instant))).toBe(date));

  const march = reportingWindow(2026, 3, 5);
  it.each([
    ['2026-03-31T15:59:59Z', false],
    ['2026-03-31T16:00:00Z', true],
  ])('the March window at %s is open: %s', (instant, open) => {
    expect(isWindowOpen(march, new Date(instant))).toBe(open);
  });

  it.each([
    ['2026-04-05T00:00:00+08:00', false],
    ['2026-04-05T23:59:59+08:00', false],
    ['2026-04-05T15:59:59.999Z', false],
    ['2026-04-05T16:00:00.000Z', true],
    ['2026-04-06T00:00:00+08:00', true],
    ['2026-05-01T00:00:00+08:00', true],
  ])('the March report submitted at %s is late: %s', (instant, late) => {
    expect(isLate(march, new Date(instant))).toBe(late);
  });

  it('keeps lateness once decided', () => {
    const after = new Date('2026-04-20T00:00:00+08:00');
    expect(lateOnSubmit(null, march, after)).toBe(true);
    expect(lateOnSubmit(false, march, after)).toBe(false);
    expect(lateOnSubmit(true, march, new Date('2026-04-02T00:00:00+08:00'))).toBe(true);
  });

  const rules: ReportingRule[] = [
    { year: 2026, regionCode: null, dueDay: 5 },
    { year: 2026, regionCode: '331121', dueDay: 8 },
    { year: 2025, regionCode: null, dueDay: 7 },
  ];
  it.each([
    [2026, '331102', 5],
    [2026, '331121', 8],
    [2025, '331121', 7],
    [2019, '331102', 5],
  ])('the due day for %i in %s is %i', (year, region, day) => {
    expect(resolveDueDay(rules, year, region)).toBe(day);
  });
});
