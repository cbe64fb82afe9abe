import { parseWan, type Wan } from '../money/money.ts';
import {
  compareRatios,
  completionRate,
  growthRate,
  parsePercent,
  roundPercent,
  scheduleGap,
  timeProgress,
  type Ratio,
  type ReportingPeriod,
  type TimeProgressMode,
} from './ratio.ts';
import type { TargetValue } from './targets.ts';

/** Completed investment (完成投资) of one project per month, index 0 = January, in yuan units of 万元. */
export type MonthlyAmounts = readonly Wan[];

/** One project's monthly completed investment this year and last year. */
export type ProjectMonthly = { thisYear: MonthlyAmounts; lastYear: MonthlyAmounts };

export type SumTarget = Extract<TargetValue, { kind: 'growth' | 'amount' }>;

export type EvaluateInput = {
  /** The projects the indicator covers in the region (or city) being evaluated. */
  projects: Iterable<ProjectMonthly>;
  /** Annual plan (年度计划投资) of those projects; null when none was set. */
  annualPlan: Wan | null;
  period: ReportingPeriod;
  timeProgressMode?: TimeProgressMode;
  target: SumTarget | null;
};

export type Evaluation = {
  cumulative: Wan;
  lastYearCumulative: Wan;
  annualPlan: Wan | null;
  /** Display figures, one decimal (see `roundPercent`); null is shown as "—". */
  growthPct: string | null;
  completionPct: string | null;
  timeProgressPct: string;
  gapPts: string | null;
  /** Null when no target applies or growth has no base. */
  targetMet: boolean | null;
  /** The unrounded values the display figures and `targetMet` come from. */
  exact: { growth: Ratio | null; completion: Ratio | null; timeProgress: Ratio; gap: Ratio | null };
};

/** Completed investment of January through `month`. */
export function cumulativeThrough(monthly: MonthlyAmounts, month: number): Wan {
  if (monthly.length > 12) throw new RangeError(`月度数据超过 12 个月：${monthly.length}`);
  let total = 0n;
  for (const amount of monthly.slice(0, month)) total += amount;
  return total;
}

/**
 * The monthly bulletin figures of a sum indicator (policy §1 growth ≥ target, §5 monthly bulletin
 * with traffic lights): cumulative Jan..M against the same months last year, completion of the
 * annual plan, time progress and the gap between them. A growth target is met when the exact
 * growth reaches it, so 11.96% (shown "12.0") does not meet 12%; an amount target is met when the
 * cumulative reaches it.
 */
export function evaluate(input: EvaluateInput): Evaluation {
  const { month } = input.period;
  let cumulative = 0n;
  let lastYearCumulative = 0n;
  for (const project of input.projects) {
    cumulative += cumulativeThrough(project.thisYear, month);
    lastYearCumulative += cumulativeThrough(project.lastYear, month);
  }
  const growth = growthRate(cumulative, lastYearCumulative);
  const completion = completionRate(cumulative, input.annualPlan);
  const progress = timeProgress(input.period, input.timeProgressMode);
  const gap = scheduleGap(completion, progress);
  return {
    cumulative,
    lastYearCumulative,
    annualPlan: input.annualPlan,
    growthPct: growth && roundPercent(growth),
    completionPct: completion && roundPercent(completion),
    timeProgressPct: roundPercent(progress),
    gapPts: gap && roundPercent(gap),
    targetMet: sumTargetMet(input.target, growth, cumulative),
    exact: { growth, completion, timeProgress: progress, gap },
  };
}

/** A count target (policy §3: 200 preliminary projects, 2 per county; §5: 230 Q1 starts) is met at or above it. */
export function countTargetMet(count: number, target: TargetValue | null): boolean | null {
  if (target === null) return null;
  if (target.kind !== 'count') throw new RangeError(`计数指标不能使用${target.kind}目标`);
  return count >= target.count;
}

function sumTargetMet(target: SumTarget | null, growth: Ratio | null, cumulative: Wan): boolean | null {
  if (target === null) return null;
  if (target.kind === 'amount') return cumulative >= parseWan(target.wan);
  return growth === null ? null : compareRatios(growth, parsePercent(target.pct)) >= 0;
}
