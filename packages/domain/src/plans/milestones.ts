/**
 * A milestone's status is derived from its dates and today, never stored, so it can never go
 * stale when the day turns over or an actual date is entered.
 */
export const MILESTONE_STATUSES = ['done', 'done_late', 'overdue', 'due'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const MILESTONE_STATUS_LABELS: Record<MilestoneStatus, string> = {
  done: '按期完成',
  done_late: '逾期完成',
  overdue: '已逾期',
  due: '未到期',
};

/**
 * done: finished on or before the planned date; done_late: finished after it; overdue: not
 * finished and the planned date has passed; due: not finished and still on time (the planned
 * day itself is still on time). Dates are ISO `YYYY-MM-DD`, so text order is date order.
 */
export function milestoneStatus(
  milestone: { plannedDate: string; actualDate: string | null },
  today: string,
): MilestoneStatus {
  if (milestone.actualDate !== null)
    return milestone.actualDate <= milestone.plannedDate ? 'done' : 'done_late';
  return today > milestone.plannedDate ? 'overdue' : 'due';
}

/**
 * Today's calendar date where the users work (the city's time zone, not the server's), as an ISO
 * date; `now` is injectable so status derivation is testable at any instant.
 */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}
