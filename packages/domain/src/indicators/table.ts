import { wanToDecimal, type Wan } from '../money/money.ts';
import { countTargetMet, evaluate, type SumTarget } from './evaluate.ts';
import { isCountIndicator, type IndicatorDefinition, type IndicatorMeasure } from './indicators.ts';
import { roundPercent, timeProgress, type TimeProgressMode } from './ratio.ts';
import { resolveTarget, type IndicatorTarget, type TargetValue } from './targets.ts';

export type IndicatorTableRegion = { code: string; name: string };

export type IndicatorTableColumn = {
  code: string;
  name: string;
  measure: IndicatorMeasure;
  /** Sum indicators are amounts in 万元, count indicators numbers of projects. */
  unit: 'wan' | 'count';
};

/**
 * One figure of the monthly indicator table. `region` null is the whole-city total row. Sum
 * indicators fill the money and percentage fields and leave `count` null; count indicators the
 * reverse.
 */
export type IndicatorTableRow = {
  indicator: string;
  region: string | null;
  /** 本年累计完成投资 Jan..M, 万元 with four decimals. */
  cumulative: string | null;
  /** 上年同期累计, 万元. */
  lastYearCumulative: string | null;
  growthPct: string | null;
  /** 年度计划投资 of the covered projects, 万元. */
  annualPlan: string | null;
  completionPct: string | null;
  /** 序时进度 of the row's region (its reporting rule may count days instead of months). */
  timeProgressPct: string | null;
  /** Completion minus time progress in percentage points; negative is behind schedule. */
  gapPts: string | null;
  count: number | null;
  target: TargetValue | null;
  targetMet: boolean | null;
};

export type IndicatorTable = {
  year: number;
  month: number;
  timeProgressMode: TimeProgressMode;
  timeProgressPct: string;
  indicators: IndicatorTableColumn[];
  regions: IndicatorTableRegion[];
  rows: IndicatorTableRow[];
};

/** The aggregated figures of one sum indicator in one region, exact. */
export type SumCell = {
  indicator: string;
  region: string;
  cumulative: Wan;
  lastYearCumulative: Wan;
  annualPlan: Wan;
};
export type CountCell = { indicator: string; region: string; count: number };

export type IndicatorTableInput = {
  year: number;
  month: number;
  /** The year's general reporting rule; also the mode of the total row. */
  timeProgressMode: TimeProgressMode;
  /** Regions whose own reporting rule measures time progress differently. */
  regionTimeProgressModes?: Readonly<Record<string, TimeProgressMode>>;
  indicators: readonly IndicatorDefinition[];
  /** The regions the caller may see, in the order the table shows them. */
  regions: readonly IndicatorTableRegion[];
  /** Whether the caller sees the total row (a county sees only its own region). */
  withTotal: boolean;
  /** Cells without figures may be left out: they count as zero. */
  sums: readonly SumCell[];
  counts: readonly CountCell[];
  targets: readonly IndicatorTarget[];
};

/**
 * Builds the monthly indicator table (policy §1 growth and structural indicators, §3 and §5 counts,
 * the monthly bulletin of §5). The total row is the exact sum of the region rows' amounts and
 * counts, never aggregated or rounded separately, so a bulletin's regions always add up to its
 * total; its percentages are then derived from those exact sums with the one rounding rule.
 */
export function buildIndicatorTable(input: IndicatorTableInput): IndicatorTable {
  const { year, month } = input;
  const regionCodes = new Set(input.regions.map((region) => region.code));
  const key = (indicator: string, region: string) => `${indicator}\u0000${region}`;
  const sums = new Map<string, SumCell>();
  for (const cell of input.sums) {
    assertKnownRegion(regionCodes, cell.region);
    const previous = sums.get(key(cell.indicator, cell.region));
    sums.set(
      key(cell.indicator, cell.region),
      previous
        ? {
            ...cell,
            cumulative: previous.cumulative + cell.cumulative,
            lastYearCumulative: previous.lastYearCumulative + cell.lastYearCumulative,
            annualPlan: previous.annualPlan + cell.annualPlan,
          }
        : cell,
    );
  }
  const counts = new Map<string, number>();
  for (const cell of input.counts) {
    assertKnownRegion(regionCodes, cell.region);
    const at = key(cell.indicator, cell.region);
    counts.set(at, (counts.get(at) ?? 0) + cell.count);
  }
  const modeOf = (region: string | null) =>
    (region !== null ? input.regionTimeProgressModes?.[region] : undefined) ?? input.timeProgressMode;

  const rows: IndicatorTableRow[] = [];
  for (const definition of input.indicators) {
    const target = (region: string | null) =>
      fitting(definition, resolveTarget(input.targets, definition, year, region));
    if (isCountIndicator(definition)) {
      let total = 0;
      for (const region of input.regions) {
        const count = counts.get(key(definition.code, region.code)) ?? 0;
        total += count;
        rows.push(countRow(definition.code, region.code, count, target(region.code)));
      }
      if (input.withTotal) rows.push(countRow(definition.code, null, total, target(null)));
      continue;
    }
    const total = { cumulative: 0n, lastYearCumulative: 0n, annualPlan: 0n };
    for (const region of input.regions) {
      const cell = sums.get(key(definition.code, region.code));
      const figures = {
        cumulative: cell?.cumulative ?? 0n,
        lastYearCumulative: cell?.lastYearCumulative ?? 0n,
        annualPlan: cell?.annualPlan ?? 0n,
      };
      total.cumulative += figures.cumulative;
      total.lastYearCumulative += figures.lastYearCumulative;
      total.annualPlan += figures.annualPlan;
      rows.push(
        sumRow(
          definition.code,
          region.code,
          figures,
          { year, month },
          modeOf(region.code),
          target(region.code),
        ),
      );
    }
    if (input.withTotal)
      rows.push(sumRow(definition.code, null, total, { year, month }, modeOf(null), target(null)));
  }
  return {
    year,
    month,
    timeProgressMode: input.timeProgressMode,
    timeProgressPct: roundPercent(timeProgress({ year, month }, input.timeProgressMode)),
    indicators: input.indicators.map((definition) => ({
      code: definition.code,
      name: definition.name,
      measure: definition.measure,
      unit: isCountIndicator(definition) ? 'count' : 'wan',
    })),
    regions: input.regions.map((region) => ({ ...region })),
    rows,
  };
}

function assertKnownRegion(regions: ReadonlySet<string>, region: string) {
  // A cell outside the listed regions would be in no region row, so the total could not add up.
  if (!regions.has(region)) throw new RangeError(`地区 ${region} 不在指标表的地区中`);
}

/**
 * A target whose kind does not suit the measure (a growth rate on a count) cannot be judged; the
 * admin API refuses such rows, so this only guards against rows written around it.
 */
function fitting(definition: IndicatorDefinition, target: TargetValue | null): TargetValue | null {
  if (target === null) return null;
  return isCountIndicator(definition) === (target.kind === 'count') ? target : null;
}

function countRow(
  indicator: string,
  region: string | null,
  count: number,
  target: TargetValue | null,
): IndicatorTableRow {
  return {
    indicator,
    region,
    cumulative: null,
    lastYearCumulative: null,
    growthPct: null,
    annualPlan: null,
    completionPct: null,
    timeProgressPct: null,
    gapPts: null,
    count,
    target,
    targetMet: countTargetMet(count, target),
  };
}

function sumRow(
  indicator: string,
  region: string | null,
  figures: { cumulative: Wan; lastYearCumulative: Wan; annualPlan: Wan },
  period: { year: number; month: number },
  mode: TimeProgressMode,
  target: TargetValue | null,
): IndicatorTableRow {
  // The figures are already summed over Jan..M, so they enter the evaluation as one project whose
  // whole amount fell in January: the same arithmetic, rounding and target rule as everywhere else.
  const result = evaluate({
    projects: [{ thisYear: [figures.cumulative], lastYear: [figures.lastYearCumulative] }],
    annualPlan: figures.annualPlan,
    period,
    timeProgressMode: mode,
    target: target as SumTarget | null,
  });
  return {
    indicator,
    region,
    cumulative: wanToDecimal(result.cumulative),
    lastYearCumulative: wanToDecimal(result.lastYearCumulative),
    growthPct: result.growthPct,
    annualPlan: wanToDecimal(figures.annualPlan),
    completionPct: result.completionPct,
    timeProgressPct: result.timeProgressPct,
    gapPts: result.gapPts,
    count: null,
    target,
    targetMet: result.targetMet,
  };
}
