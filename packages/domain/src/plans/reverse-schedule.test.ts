import { describe, expect, it } from 'vitest';
import { addDays, parseIsoDate, reverseSchedule, ScheduleError } from './reverse-schedule.ts';

describe('addDays in whole UTC days', () => {
  it.each([
    ['2020-03-01', -1, '2020-02-29'],
    ['2021-03-01', -1, '2021-02-28'],
    ['2020-01-01', -1, '2019-12-31'],
    ['2020-12-31', 1, '2021-01-01'],
    ['2020-03-29', 0, '2020-03-29'],
    ['2020-06-30', -366, '2019-06-30'],
  ] as const)('%s %+d → %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each(['2021-02-29', '2020-13-01', '2020-1-5', 'tomorrow'])('rejects %s', (text) => {
    expect(() => parseIsoDate(text)).toThrow(ScheduleError);
  });
});

describe('reverseSchedule (倒排计划)', () => {
  it('plans each step back from the deadline by the durations of the steps after it', () => {
    const result = reverseSchedule('2020-06-30', [
      { name: '立项', days: 30 },
      { name: '用地预审', days: 20 },
      { name: '施工许可', days: 10 },
      { name: '开工', days: 7 },
    ]);
    expect(result).toEqual({
      deadline: '2020-06-30',
      startBy: '2020-04-24',
      steps: [
        { name: '立项', days: 30, plannedDate: '2020-05-24' },
        { name: '用地预审', days: 20, plannedDate: '2020-06-13' },
        { name: '施工许可', days: 10, plannedDate: '2020-06-23' },
        { name: '开工', days: 7, plannedDate: '2020-06-30' },
      ],
    });
  });

  it.each([
    [
      'across February of a leap year',
      '2020-03-10',
      [
        { name: 'a', days: 10 },
        { name: 'b', days: 10 },
      ],
      ['2020-02-29', '2020-03-10'],
      '2020-02-19',
    ],
    [
      'across a year end',
      '2021-01-05',
      [
        { name: 'a', days: 3 },
        { name: 'b', days: 5 },
      ],
      ['2020-12-31', '2021-01-05'],
      '2020-12-28',
    ],
    [
      'zero-day steps share a date',
      '2020-05-01',
      [
        { name: 'a', days: 0 },
        { name: 'b', days: 0 },
      ],
      ['2020-05-01', '2020-05-01'],
      '2020-05-01',
    ],
  ] as const)('%s', (_label, deadline, steps, dates, startBy) => {
    const result = reverseSchedule(deadline, steps);
    expect(result.steps.map((step) => step.plannedDate)).toEqual(dates);
    expect(result.startBy).toBe(startBy);
  });

  it.each([
    ['no steps', '2020-05-01', []],
    ['negative days', '2020-05-01', [{ name: 'a', days: -1 }]],
    ['fractional days', '2020-05-01', [{ name: 'a', days: 1.5 }]],
    ['impossible deadline', '2020-02-30', [{ name: 'a', days: 1 }]],
  ] as const)('refuses %s', (_label, deadline, steps) => {
    expect(() => reverseSchedule(deadline, steps)).toThrow(ScheduleError);
  });
});
