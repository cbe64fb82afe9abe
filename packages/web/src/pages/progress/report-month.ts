import { shanghaiDate } from '@beacon/domain';

export type YearMonth = { year: number; month: number };

/**
 * The month whose report is being filled in now: a month's report opens on the 1st of the next
 * month (policy section 5), so in November the October report is the open one. China time.
 */
export function openMonth(now: Date = new Date()): YearMonth {
  const [year, month] = shanghaiDate(now).split('-').map(Number) as [number, number];
  return month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
}

/** Whether a month's report may be filled in yet (its window opens on the 1st of the next month). */
export function isOpen(target: YearMonth, now: Date = new Date()): boolean {
  const open = openMonth(now);
  return target.year < open.year || (target.year === open.year && target.month <= open.month);
}

/** "2026-10" from a URL, or the open month when absent or malformed. */
export function monthFromParam(value: string | null): YearMonth {
  const match = value ? /^(\d{4})-(\d{1,2})$/.exec(value) : null;
  if (match) {
    const month = Number(match[2]);
    if (month >= 1 && month <= 12) return { year: Number(match[1]), month };
  }
  return openMonth();
}

export const monthParam = ({ year, month }: YearMonth) => `${year}-${String(month).padStart(2, '0')}`;
