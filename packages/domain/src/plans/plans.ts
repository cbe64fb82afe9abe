import { MoneyFormatError, parseWan, sumWan, wanToDecimal } from '../money/money.ts';

/**
 * The four annual plans of the policy (四大计划, section 5) plus `other` for the plans a city adds
 * later; the plan's own name tells them apart within a year.
 */
export const PLAN_KINDS = [
  'government_investment',
  'key_construction',
  'major_preliminary',
  'policy_handling',
  'other',
] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

export const PLAN_KIND_LABELS: Record<PlanKind, string> = {
  government_investment: '市本级政府投资项目计划',
  key_construction: '市重点建设项目计划',
  major_preliminary: '重大前期项目计划',
  policy_handling: '政策处理责任目标',
  other: '其他计划',
};

/** A plan is drafted, then issued; an issued plan changes only through a recorded adjustment (计划调整). */
export const PLAN_STATES = ['draft', 'issued'] as const;
export type PlanState = (typeof PLAN_STATES)[number];

export const PLAN_STATE_LABELS: Record<PlanState, string> = { draft: '草拟', issued: '已下达' };

/** Name, members and year plans of a plan may be edited directly only while it is a draft. */
export function isPlanEditable(state: PlanState): boolean {
  return state === 'draft';
}

/** Only a draft is issued, once. */
export function canIssuePlan(state: PlanState): boolean {
  return state === 'draft';
}

/** Only an issued plan is adjusted: a draft is simply edited. */
export function canAdjustPlan(state: PlanState): boolean {
  return state === 'issued';
}

/** 新开工 (starts this year) or 续建 (continues from an earlier year). */
export const CONSTRUCTION_TYPES = ['new', 'continuing'] as const;
export type ConstructionType = (typeof CONSTRUCTION_TYPES)[number];
export const CONSTRUCTION_TYPE_LABELS: Record<ConstructionType, string> = {
  new: '新开工',
  continuing: '续建',
};

/** How the annual planned investment is spread over the year, when the plan gives a spread. */
export const DISTRIBUTION_KINDS = ['none', 'monthly', 'quarterly'] as const;
export type DistributionKind = (typeof DISTRIBUTION_KINDS)[number];

export const DISTRIBUTION_LENGTH: Record<DistributionKind, number> = { none: 0, monthly: 12, quarterly: 4 };

export type DistributionCheck =
  | { ok: true; entries: string[] | null }
  | { ok: false; reason: string; field: 'distribution' | 'plannedInvestment' };

/**
 * Checks a year plan's spread of its planned investment (万元): 12 monthly or 4 quarterly entries,
 * none negative, adding up to the annual figure exactly (bigint, no rounding, so the months of a
 * plan always sum to the plan). Returns the entries in canonical four-decimal form.
 */
export function checkDistribution(
  annual: string,
  kind: DistributionKind,
  entries: readonly string[] | null | undefined,
): DistributionCheck {
  let total: bigint;
  try {
    total = parseWan(annual);
  } catch (error) {
    if (error instanceof MoneyFormatError)
      return { ok: false, reason: error.message, field: 'plannedInvestment' };
    throw error;
  }
  if (total < 0n) return { ok: false, reason: '计划投资不能为负数', field: 'plannedInvestment' };
  const expected = DISTRIBUTION_LENGTH[kind];
  if (kind === 'none') {
    return entries && entries.length > 0
      ? { ok: false, reason: '未选择分解方式时不能填写分解数', field: 'distribution' }
      : { ok: true, entries: null };
  }
  const unit = kind === 'monthly' ? '月' : '季度';
  if (!entries || entries.length !== expected) {
    return { ok: false, reason: `按${unit}分解须填写 ${expected} 个数`, field: 'distribution' };
  }
  const parsed: bigint[] = [];
  for (const [index, entry] of entries.entries()) {
    let value: bigint;
    try {
      value = parseWan(entry);
    } catch (error) {
      if (error instanceof MoneyFormatError)
        return { ok: false, reason: `第 ${index + 1} ${unit}：${error.message}`, field: 'distribution' };
      throw error;
    }
    if (value < 0n) return { ok: false, reason: `第 ${index + 1} ${unit}不能为负数`, field: 'distribution' };
    parsed.push(value);
  }
  const sum = sumWan(parsed);
  if (sum !== total) {
    return {
      ok: false,
      reason: `分解数合计 ${wanToDecimal(sum)} 万元，与年度计划投资 ${wanToDecimal(total)} 万元不一致`,
      field: 'distribution',
    };
  }
  return { ok: true, entries: parsed.map(wanToDecimal) };
}
