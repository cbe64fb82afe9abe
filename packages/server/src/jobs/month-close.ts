import { randomUUID } from 'node:crypto';
import { DEFAULT_DUE_DAY, shanghaiDate, type ReportingRule } from '@beacon/domain';
import type { RequestContext, Services } from '../context.ts';
import { AppError } from '../errors.ts';
import { closeMonth, defaultAsOf } from '../modules/warnings/close.ts';

/** The job acts as the city commander, under its own name, so its closes are audited as such. */
const jobContext = (): RequestContext => ({
  actor: { userId: null, tokenId: null, name: '定时关账任务', role: 'city', scope: { kind: 'all' } },
  ip: '127.0.0.1',
  requestId: `job-month-close-${randomUUID()}`,
});

const previousMonth = (year: number, month: number) =>
  month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };

/**
 * The latest month whose reports are overdue on `today` (China calendar): last month from the day
 * after its due day, else the month before it.
 */
export function monthToClose(
  today: string,
  rules: readonly ReportingRule[],
): { year: number; month: number } {
  const last = previousMonth(Number(today.slice(0, 4)), Number(today.slice(5, 7)));
  const dueDay =
    rules.find((rule) => rule.year === last.year && rule.regionCode === null)?.dueDay ?? DEFAULT_DUE_DAY;
  return today >= defaultAsOf(last.year, last.month, dueDay) ? last : previousMonth(last.year, last.month);
}

const isDuplicate = (error: unknown) =>
  (error instanceof AppError && error.code === 'CONFLICT') ||
  (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505');

/**
 * Closes the latest overdue month if nobody closed it by hand and its year has a work list.
 * Several server processes may run it: the unique edition makes a second close of the same month
 * fail, and that failure is expected.
 */
export async function runMonthClose(services: Services, now = new Date()): Promise<string | null> {
  const rules = await services.db
    .selectFrom('reporting_rules')
    .select(['year', 'region_code', 'due_day'])
    .execute();
  const period = monthToClose(
    shanghaiDate(now),
    rules.map((rule) => ({ year: rule.year, regionCode: rule.region_code, dueDay: rule.due_day })),
  );
  const [closed, workList] = await Promise.all([
    services.db
      .selectFrom('month_closes')
      .select('id')
      .where('year', '=', period.year)
      .where('month', '=', period.month)
      .executeTakeFirst(),
    services.db
      .selectFrom('project_year_plans')
      .select('project_id')
      .where('year', '=', period.year)
      .limit(1)
      .executeTakeFirst(),
  ]);
  if (closed || !workList) return null;
  try {
    return (await closeMonth(services, jobContext(), period)).id;
  } catch (error) {
    if (isDuplicate(error)) return null;
    throw error;
  }
}

const HOUR = 3_600_000;

/** Runs a minute after start and then hourly; returns the function that stops it at shutdown. */
export function startMonthCloseJob(services: Services, onError: (error: unknown) => void) {
  const tick = () => void runMonthClose(services).catch(onError);
  const first = setTimeout(tick, 60_000);
  const timer = setInterval(tick, HOUR);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
