import { sumWan, wanToDecimal, type Wan } from '../money/money.ts';

/**
 * Cumulative figures of a monthly report (本年累计, 自开工累计), always derived from the monthly
 * amounts rather than typed in, so the columns of a bulletin add up.
 */
export type Cumulative = { thisYear: Wan; sinceStart: Wan };

/**
 * `monthly` holds the counting (latest accepted) amounts of the year, index 0 = January; the
 * report's own `amount` stands in for its month, whatever was accepted before, so a draft shows the
 * totals it would make. `priorYears` is the accepted total of every earlier year.
 */
export function deriveCumulative(options: {
  monthly: readonly Wan[];
  month: number;
  amount: Wan;
  priorYears: Wan;
}): Cumulative {
  const before = sumWan(options.monthly.slice(0, options.month - 1));
  const thisYear = before + options.amount;
  return { thisYear, sinceStart: options.priorYears + thisYear };
}

/** Returns the reason, in Chinese, when an entered cumulative differs from the derived one. */
export function checkEnteredCumulative(
  label: string,
  entered: Wan | undefined,
  derived: Wan,
): string | undefined {
  if (entered === undefined || entered === derived) return undefined;
  return `${label}填报为 ${wanToDecimal(entered)} 万元，按各月完成投资计算应为 ${wanToDecimal(derived)} 万元`;
}
