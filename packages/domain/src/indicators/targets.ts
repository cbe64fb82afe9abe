import type { IndicatorDefinition } from './indicators.ts';

/** A target value: a growth rate in percent ("12"), an amount in 万元 (decimal string) or a count. */
export type TargetValue =
  { kind: 'growth'; pct: string } | { kind: 'amount'; wan: string } | { kind: 'count'; count: number };

/**
 * One target row (policy §1: targets are per indicator, region and year). `region: null` is the
 * default at the level the indicator's `targetLevel` names; a row for a region overrides it.
 */
export type IndicatorTarget = {
  indicator: string;
  region: string | null;
  year: number;
  value: TargetValue;
};

/**
 * The target for an indicator in `year`, for one region or, with `region` null, for the whole city.
 * A year without rows has no target: last year's figures are never carried over silently.
 */
export function resolveTarget(
  targets: readonly IndicatorTarget[],
  definition: IndicatorDefinition,
  year: number,
  region: string | null,
): TargetValue | null {
  const rows = targets.filter((row) => row.indicator === definition.code && row.year === year);
  if (region !== null) {
    const own = rows.find((row) => row.region === region);
    if (own) return own.value;
  }
  const level = definition.targetLevel;
  const defaultApplies = level === 'any' || (level === 'city' ? region === null : region !== null);
  if (!defaultApplies) return null;
  return rows.find((row) => row.region === null)?.value ?? null;
}

/** The 2020 policy's targets as seed rows (growth ≥ 12% for §1, the counts of §3 and §5). */
export const SEED_TARGETS_2020: readonly IndicatorTarget[] = [
  ...[
    'government_investment',
    'transport_investment',
    'high_tech_investment',
    'private_investment',
    'ecology_urban_water_investment',
  ].map((indicator) => ({
    indicator,
    region: null,
    year: 2020,
    value: { kind: 'growth', pct: '12' } as const,
  })),
  { indicator: 'preliminary_major_projects', region: null, year: 2020, value: { kind: 'count', count: 200 } },
  { indicator: 'new_ten_yi_projects', region: null, year: 2020, value: { kind: 'count', count: 2 } },
  { indicator: 'q1_major_starts', region: null, year: 2020, value: { kind: 'count', count: 230 } },
];
