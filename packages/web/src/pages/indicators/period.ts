import { DEFAULT_DUE_DAY, shanghaiDate } from '@beacon/domain';

export type Period = { year: number; month: number };

/**
 * The last month whose reports are in: the report for month M is due on the due day of M+1, so
 * on the 6th of November October is closed, and on the 5th only September is.
 */
export function lastClosedMonth(now: Date, dueDay = DEFAULT_DUE_DAY): Period {
  const [year = 0, month = 1, day = 1] = shanghaiDate(now).split('-').map(Number);
  const back = day > dueDay ? 1 : 2;
  const index = year * 12 + (month - 1) - back;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** Year and month from the URL, falling back to the last closed month on anything malformed. */
export function periodFromParams(params: URLSearchParams, now = new Date()): Period {
  const fallback = lastClosedMonth(now);
  const year = Number(params.get('year'));
  const month = Number(params.get('month'));
  const validYear = Number.isInteger(year) && year >= 1990 && year <= 2100;
  const validMonth = Number.isInteger(month) && month >= 1 && month <= 12;
  return {
    year: validYear ? year : fallback.year,
    // A past year without a month reads as the whole year.
    month: validMonth ? month : !validYear || year === fallback.year ? fallback.month : 12,
  };
}
