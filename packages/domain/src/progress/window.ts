/**
 * The reporting window of the policy's monthly report: the report for month M opens on the 1st of
 * M+1 and is due on a configured day of that month (the 2020 policy's 5th by default). Dates are
 * calendar dates in China (Asia/Shanghai) and all arithmetic is on `YYYY-MM-DD` strings, so no
 * time zone or daylight rule can move a deadline by a day.
 */
export type ReportingRule = { year: number; regionCode: string | null; dueDay: number };

/** Used only when no rule row exists for the year: the day the 2020 policy names. */
export const DEFAULT_DUE_DAY = 5;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');
export const isoDate = (year: number, month: number, day: number) =>
  `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The calendar month after (year, month). */
export function nextMonth(year: number, month: number): { year: number; month: number } {
  return month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
}

const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in China at an instant, as `YYYY-MM-DD`. */
export function shanghaiDate(at: Date): string {
  const parts = Object.fromEntries(SHANGHAI.formatToParts(at).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

export const shanghaiYear = (at: Date) => Number(shanghaiDate(at).slice(0, 4));

/**
 * The due day for a report of `year` in `regionCode`: the region's own rule, else the year's
 * general rule (region null), else {@link DEFAULT_DUE_DAY}.
 */
export function resolveDueDay(rules: readonly ReportingRule[], year: number, regionCode: string): number {
  const ofYear = rules.filter((rule) => rule.year === year);
  const rule =
    ofYear.find((candidate) => candidate.regionCode === regionCode) ??
    ofYear.find((candidate) => candidate.regionCode === null);
  return rule?.dueDay ?? DEFAULT_DUE_DAY;
}

export type ReportingWindow = { opensOn: string; dueOn: string };

/**
 * Opens on the 1st of the following month; due on `dueDay` of that month, or its last day when the
 * month is shorter (a rule of the 31st means "the last day" in a 30-day month).
 */
export function reportingWindow(year: number, month: number, dueDay: number): ReportingWindow {
  const next = nextMonth(year, month);
  const day = Math.min(Math.max(1, dueDay), daysInMonth(next.year, next.month));
  return { opensOn: isoDate(next.year, next.month, 1), dueOn: isoDate(next.year, next.month, day) };
}

/** A report may be filled in from the 1st of the following month, China time. */
export const isWindowOpen = (window: ReportingWindow, now: Date) => shanghaiDate(now) >= window.opensOn;

/** Late means submitted on a China calendar date after the due date; the due day itself is on time. */
export const isLate = (window: ReportingWindow, submittedAt: Date) =>
  shanghaiDate(submittedAt) > window.dueOn;

/**
 * Lateness is decided at a revision's first submission and kept: a resubmission after the
 * reviewer returned the report does not make an on-time report late, and a correction carries the
 * flag of the revision it corrects (`current` is already set for both).
 */
export const lateOnSubmit = (current: boolean | null, window: ReportingWindow, now: Date) =>
  current ?? isLate(window, now);
