import type { Wan } from '../money/money.ts';

/**
 * An exact rational number with a positive denominator. Rates are carried as fractions of one
 * (0.22, not 22) and stay exact until `roundPercent` turns them into text, so a gap or a
 * comparison is never computed from an already rounded figure.
 */
export type Ratio = { readonly num: bigint; readonly den: bigint };

/** `num / den` in lowest terms, or null when the denominator is zero (shown as "—"). */
export function ratio(num: bigint, den: bigint): Ratio | null {
  if (den === 0n) return null;
  const sign = den < 0n ? -1n : 1n;
  const divisor = gcd(num < 0n ? -num : num, den < 0n ? -den : den);
  return { num: (sign * num) / divisor, den: (sign * den) / divisor };
}

export function subtractRatios(a: Ratio, b: Ratio): Ratio {
  return exact(a.num * b.den - b.num * a.den, a.den * b.den);
}

export function compareRatios(a: Ratio, b: Ratio): -1 | 0 | 1 {
  // Both denominators are positive, so cross-multiplying keeps the order.
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The one rounding rule for every displayed percentage and percentage-point gap: one decimal,
 * half away from zero (四舍五入, as in the statistical bulletins: 2.25 → "2.3", −2.25 → "−2.3").
 * It is applied once, to the exact value, when the figure is shown; no displayed figure is ever
 * derived from another rounded one. Returns the number of percent (×100) without the "%" sign.
 */
export function roundPercent(value: Ratio): string {
  const negative = value.num < 0n;
  const magnitude = negative ? -value.num : value.num;
  // Tenths of a percent are the fraction × 1000; adding half a denominator before the integer
  // division rounds the magnitude half up, which is half away from zero for the signed value.
  const tenths = (magnitude * 2000n + value.den) / (2n * value.den);
  const text = `${tenths / 10n}.${tenths % 10n}`;
  return negative && tenths !== 0n ? `-${text}` : text;
}

const PERCENT = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** A percentage written as data ("12", "12.5") as an exact fraction of one. */
export function parsePercent(text: string): Ratio {
  const match = PERCENT.exec(text.trim());
  if (!match) throw new RangeError(`不是有效的百分比：${text}`);
  const [, sign = '', whole = '0', fraction = ''] = match;
  const num = BigInt(whole + fraction);
  return exact(sign === '-' ? -num : num, 100n * 10n ** BigInt(fraction.length));
}

/**
 * Completion rate (完成率) = completed investment to date / annual plan (policy §5, the annual work
 * list and the four annual plans). A missing or non-positive plan has no rate.
 */
export function completionRate(cumulative: Wan, annualPlan: Wan | null): Ratio | null {
  return annualPlan === null || annualPlan <= 0n ? null : ratio(cumulative, annualPlan);
}

/**
 * Year-on-year growth (同比增长) of completed investment, Jan..M this year against the same months
 * last year (policy §1: government investment and each structural indicator grow ≥ 12%). Without
 * a positive base the growth is undefined: a zero base would be infinite and a negative one would
 * flip the sign of the result.
 */
export function growthRate(current: Wan, lastYear: Wan): Ratio | null {
  return lastYear <= 0n ? null : ratio(current - lastYear, lastYear);
}

/**
 * How the share of the year that has passed (序时进度) is measured: by whole reporting months
 * (March = 3/12, the bulletins' usual convention) or by elapsed calendar days including the given
 * day (31 March 2020 = 91/366).
 */
export type TimeProgressMode = 'month' | 'days';

/** A reporting date; without `day` the period is the whole month, i.e. it ends on the month's last day. */
export type ReportingPeriod = { year: number; month: number; day?: number };

export function timeProgress(period: ReportingPeriod, mode: TimeProgressMode = 'month'): Ratio {
  const { year, month } = period;
  if (!Number.isInteger(year) || year < 1) throw new RangeError(`年份无效：${year}`);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`月份无效：${month}`);
  const lastDay = daysInMonth(year, month);
  const day = period.day ?? lastDay;
  if (!Number.isInteger(day) || day < 1 || day > lastDay) throw new RangeError(`日期无效：${day}`);
  if (mode === 'month') return exact(BigInt(month), 12n);
  let elapsed = day;
  for (let earlier = 1; earlier < month; earlier += 1) elapsed += daysInMonth(year, earlier);
  return exact(BigInt(elapsed), isLeapYear(year) ? 366n : 365n);
}

/**
 * Gap to the time schedule in percentage points (completion − time progress; negative = behind,
 * the figure the monthly traffic lights compare). It is taken from the two exact values and
 * rounded only when shown: 10.46% done in January (8.33…%) is 2.1 points ahead, not 10.5 − 8.3 = 2.2.
 */
export function scheduleGap(completion: Ratio | null, progress: Ratio): Ratio | null {
  return completion === null ? null : subtractRatios(completion, progress);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function exact(num: bigint, den: bigint): Ratio {
  const value = ratio(num, den);
  if (value === null) throw new RangeError('分母为零');
  return value;
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}
