import { addDays, DEFAULT_DUE_DAY, isoDate, shanghaiDate } from '@beacon/domain';

/**
 * Where the demo city stands in time. Everything the demo seeds is placed relative to the day the
 * seed runs, so the console opened right after `npm start` shows this year's work: the pages
 * default to the last closed month of today and the owner's inbox to the open month of today.
 */
export type DemoCalendar = {
  /** The instant the seed runs; reports, reviews and milestones never lie after it. */
  now: Date;
  /** Today's date in China, `YYYY-MM-DD`. */
  today: string;
  /** The plan year: the year of last month (last year in January). */
  year: number;
  /**
   * The open month: last month, whose reports are in their window or overdue today. Months before
   * it are accepted and closed; its reports are a mix of drafts, submissions and returned ones.
   */
  openMonth: number;
  /** The two full years before the plan year, accepted in full (the base of every growth rate). */
  historyYears: readonly [number, number];
  /** The day the year's plans are issued: 20 February, or yesterday if that is still ahead. */
  issuedOn: string;
  /** Day of month M+1 on which month M's reports fall due. */
  dueDay: number;
  /** Today's day of the month, so the open month's submissions are never dated after today. */
  dayOfMonth: number;
};

/** The demo calendar for the instant `now` (China calendar). */
export function demoCalendar(now: Date = new Date(), dueDay = DEFAULT_DUE_DAY): DemoCalendar {
  const today = shanghaiDate(now);
  const [thisYear, thisMonth, day] = today.split('-').map(Number) as [number, number, number];
  const year = thisMonth === 1 ? thisYear - 1 : thisYear;
  const openMonth = thisMonth === 1 ? 12 : thisMonth - 1;
  const policyDay = isoDate(year, 2, 20);
  const yesterday = addDays(today, -1);
  return {
    now,
    today,
    year,
    openMonth,
    historyYears: [year - 2, year - 1],
    issuedOn: policyDay < today ? policyDay : yesterday,
    dueDay,
    dayOfMonth: day,
  };
}

/** Midday, China time, of a calendar date, as an ISO instant. */
export const chinaInstant = (date: string, hour = 10) =>
  `${date}T${String(hour - 8).padStart(2, '0')}:00:00Z`;
