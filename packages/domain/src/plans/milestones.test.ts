import { describe, expect, it } from 'vitest';
import { milestoneStatus, todayIn } from './milestones.ts';

describe('milestoneStatus is derived from the dates and today', () => {
  it.each([
    ['finished early', '2020-05-01', '2020-04-20', '2020-06-01', 'done'],
    ['finished on the day', '2020-05-01', '2020-05-01', '2020-06-01', 'done'],
    ['finished a day late', '2020-05-01', '2020-05-02', '2020-06-01', 'done_late'],
    ['finished late, seen before the planned day', '2020-05-01', '2020-05-03', '2020-04-01', 'done_late'],
    ['open, planned day is today', '2020-05-01', null, '2020-05-01', 'due'],
    ['open, planned day ahead', '2020-05-01', null, '2020-04-30', 'due'],
    ['open, planned day passed yesterday', '2020-05-01', null, '2020-05-02', 'overdue'],
    ['open, across a year end', '2020-12-31', null, '2021-01-01', 'overdue'],
  ] as const)('%s → %s', (_label, plannedDate, actualDate, today, expected) => {
    expect(milestoneStatus({ plannedDate, actualDate }, today)).toBe(expected);
  });
});

describe('todayIn', () => {
  it.each([
    // 16:30 UTC is already past midnight in China (UTC+8).
    ['2020-02-19T16:30:00Z', 'Asia/Shanghai', '2020-02-20'],
    ['2020-02-19T15:59:59Z', 'Asia/Shanghai', '2020-02-19'],
    ['2020-02-19T16:30:00Z', 'UTC', '2020-02-19'],
  ])('%s in %s is %s', (instant, zone, expected) => {
    expect(todayIn(zone, new Date(instant))).toBe(expected);
  });
});
