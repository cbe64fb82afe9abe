/** One step of a standard preliminary-work sequence and how many days it normally takes. */
export type ScheduleStep = { name: string; days: number };
export type ProposedStep = { name: string; days: number; plannedDate: string };
export type ReverseSchedule = { deadline: string; startBy: string; steps: ProposedStep[] };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export class ScheduleError extends Error {}

/** Parses an ISO date as midnight UTC; rejects impossible dates such as 2021-02-29. */
export function parseIsoDate(text: string): number {
  const match = ISO_DATE.exec(text);
  if (!match) throw new ScheduleError(`日期格式应为 YYYY-MM-DD：${text}`);
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const time = Date.UTC(year, month - 1, day);
  const back = new Date(time);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new ScheduleError(`日期不存在：${text}`);
  }
  return time;
}

/** Whole calendar days, in UTC so no daylight-saving or server time zone moves a date. */
export function addDays(date: string, days: number): string {
  return new Date(parseIsoDate(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Reverse scheduling (倒排计划, policy section 5): the last step falls on the deadline (e.g. the
 * planned start of works) and each earlier step must be done `days` of the following step before
 * it. `startBy` is when the first step's own work must begin. The result is a proposal the user
 * may adjust; nothing here is stored.
 */
export function reverseSchedule(deadline: string, steps: readonly ScheduleStep[]): ReverseSchedule {
  parseIsoDate(deadline);
  if (steps.length === 0) throw new ScheduleError('至少需要一个节点');
  for (const step of steps) {
    if (!Number.isInteger(step.days) || step.days < 0) {
      throw new ScheduleError(`节点「${step.name}」的标准工期应为非负整数天`);
    }
  }
  const planned: string[] = new Array<string>(steps.length);
  let date = deadline;
  for (let index = steps.length - 1; index >= 0; index -= 1) {
    planned[index] = date;
    date = addDays(date, -steps[index]!.days);
  }
  return {
    deadline,
    startBy: date,
    steps: steps.map((step, index) => ({ name: step.name, days: step.days, plannedDate: planned[index]! })),
  };
}
