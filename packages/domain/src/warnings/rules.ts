/**
 * Traffic-light warning rules (亮灯预警) as data. A deployment stores a rule set per year (and
 * optionally per region) and may edit every threshold; the engine in `engine.ts` only reads them.
 */
export const LIGHTS = ['green', 'yellow', 'red'] as const;
export type Light = (typeof LIGHTS)[number];

export const LIGHT_LABELS: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };

export const WARNING_DIMENSIONS = [
  'investment_progress',
  'start_of_work',
  'milestones',
  'reporting',
  'stats_register',
] as const;
export type WarningDimension = (typeof WARNING_DIMENSIONS)[number];

export const WARNING_DIMENSION_LABELS: Record<WarningDimension, string> = {
  investment_progress: '投资进度',
  start_of_work: '开工',
  milestones: '节点',
  reporting: '月报',
  stats_register: '统计入库',
};

/**
 * A threshold on how far behind a figure is. Published rules differ on the edge: Lishui's
 * "behind by up to 20 points" is yellow at exactly 20 (red is `>` 20), Yinchuan's "10–30 points
 * behind" is yellow from exactly 10 (`>=` 10). A value is a decimal string in percentage points
 * or percent.
 */
export type Bound = { op: '>' | '>='; value: string };

/**
 * Investment progress against 序时进度. `points`: the gap between time progress and the completion
 * rate in percentage points (Lishui, Yinchuan). `share`: how far completed investment falls short
 * of the pro-rata plan, in percent of that plan (Sanya: "behind the pro-rata plan by up to 50%").
 * At or ahead of time progress is always green.
 */
export type InvestmentProgressRule = { basis: 'points' | 'share'; yellow: Bound; red: Bound };

/** Counted in whole months after the planned start month (0 = the planned month itself). */
export type StartOfWorkRule = { yellowFromMonthsLate: number; redFromMonthsLate: number };

/** Any overdue milestone is yellow; red when one is overdue by more than `redAfterDaysOverdue` days. */
export type MilestoneRule = { redAfterDaysOverdue: number };

/** Consecutive months whose report is missing after the due day. */
export type ReportingWarningRule = { yellowFromMissedMonths: number; redFromMissedMonths: number };

/** Whole months since the actual start without an entry in the statistics register (统计入库). */
export type StatsRegisterRule = { yellowFromMonths: number; redFromMonths: number };

/** `worst`: the project's light is its worst dimension. `escalate`: as worst, and so many yellows make red. */
export type CombinationRule = { kind: 'worst' } | { kind: 'escalate'; yellowsForRed: number };

/** A region is yellow when it misses its indicator target, red after so many misses in a row. */
export type RegionRule = { redFromConsecutiveMisses: number };

export type ProjectRules = {
  investmentProgress?: InvestmentProgressRule;
  startOfWork?: StartOfWorkRule;
  milestones?: MilestoneRule;
  reporting?: ReportingWarningRule;
  statsRegister?: StatsRegisterRule;
};

/** A dimension left out of a rule set is not evaluated (Sanya's published rules have two). */
export type WarningRuleSet = {
  code: string;
  name: string;
  /** The published document the thresholds come from. */
  basis: string;
  project: ProjectRules;
  combination: CombinationRule;
  region: RegionRule;
};

/** The defaults of the platform, following the Lishui mechanism (每月通报晾晒、及时亮灯预警). */
export const LISHUI_RULES: WarningRuleSet = {
  code: 'lishui',
  name: '丽水市默认规则',
  basis: '丽水市扩大有效投资“六个一”攻坚行动方案（2020）及平台默认阈值',
  project: {
    investmentProgress: {
      basis: 'points',
      yellow: { op: '>', value: '0' },
      red: { op: '>', value: '20' },
    },
    startOfWork: { yellowFromMonthsLate: 0, redFromMonthsLate: 2 },
    milestones: { redAfterDaysOverdue: 30 },
    reporting: { yellowFromMissedMonths: 1, redFromMissedMonths: 2 },
    statsRegister: { yellowFromMonths: 1, redFromMonths: 2 },
  },
  combination: { kind: 'worst' },
  region: { redFromConsecutiveMisses: 2 },
};

/** Yinchuan 2025: 10–30 points behind yellow, beyond 30 red; starts and the register likewise. */
export const YINCHUAN_2025_RULES: WarningRuleSet = {
  code: 'yinchuan_2025',
  name: '银川市2025年规则',
  basis: '银川市2025年重点项目“红黄绿”亮灯预警机制',
  project: {
    investmentProgress: {
      basis: 'points',
      yellow: { op: '>=', value: '10' },
      red: { op: '>', value: '30' },
    },
    startOfWork: { yellowFromMonthsLate: 0, redFromMonthsLate: 3 },
    statsRegister: { yellowFromMonths: 1, redFromMonths: 2 },
  },
  combination: { kind: 'worst' },
  region: { redFromConsecutiveMisses: 2 },
};

/** Sanya 2022: behind the pro-rata plan by up to 50% yellow, more red; a district's monthly task likewise. */
export const SANYA_2022_RULES: WarningRuleSet = {
  code: 'sanya_2022',
  name: '三亚市2022年规则',
  basis: '三亚市2022年重点项目投资进度亮灯督办机制',
  project: {
    investmentProgress: {
      basis: 'share',
      yellow: { op: '>', value: '0' },
      red: { op: '>', value: '50' },
    },
  },
  combination: { kind: 'worst' },
  region: { redFromConsecutiveMisses: 2 },
};

export const SHIPPED_RULE_SETS: readonly WarningRuleSet[] = [
  LISHUI_RULES,
  YINCHUAN_2025_RULES,
  SANYA_2022_RULES,
];

const DECIMAL = /^\d+(\.\d+)?$/;

/** What is wrong with an edited rule set, in Chinese for the admin form; empty when it is usable. */
export function ruleSetProblems(set: WarningRuleSet): string[] {
  const problems: string[] = [];
  const wholeMonths = (label: string, value: number) => {
    if (!Number.isInteger(value) || value < 0 || value > 120) problems.push(`${label}应为 0 到 120 的整数`);
  };
  const ordered = (label: string, yellow: number, red: number) => {
    if (red < yellow) problems.push(`${label}：红灯阈值不能小于黄灯阈值`);
  };
  const { investmentProgress, startOfWork, milestones, reporting, statsRegister } = set.project;
  if (investmentProgress) {
    const { yellow, red } = investmentProgress;
    for (const [label, bound] of [
      ['投资进度黄灯阈值', yellow],
      ['投资进度红灯阈值', red],
    ] as const) {
      if (!DECIMAL.test(bound.value)) problems.push(`${label}应为非负数`);
    }
    if (DECIMAL.test(yellow.value) && DECIMAL.test(red.value)) {
      const difference = Number(red.value) - Number(yellow.value);
      if (difference < 0 || (difference === 0 && yellow.op === '>' && red.op === '>='))
        problems.push('投资进度：红灯阈值不能小于黄灯阈值');
    }
    if (investmentProgress.basis === 'share' && DECIMAL.test(red.value) && Number(red.value) > 100)
      problems.push('投资进度：按比例落后的阈值不能超过 100%');
  }
  if (startOfWork) {
    wholeMonths('开工黄灯月数', startOfWork.yellowFromMonthsLate);
    wholeMonths('开工红灯月数', startOfWork.redFromMonthsLate);
    ordered('开工', startOfWork.yellowFromMonthsLate, startOfWork.redFromMonthsLate);
  }
  if (milestones) {
    const days = milestones.redAfterDaysOverdue;
    if (!Number.isInteger(days) || days < 0 || days > 3650)
      problems.push('节点逾期红灯天数应为 0 到 3650 的整数');
  }
  if (reporting) {
    wholeMonths('月报黄灯月数', reporting.yellowFromMissedMonths);
    wholeMonths('月报红灯月数', reporting.redFromMissedMonths);
    ordered('月报', reporting.yellowFromMissedMonths, reporting.redFromMissedMonths);
    if (reporting.yellowFromMissedMonths < 1) problems.push('月报黄灯月数至少为 1');
  }
  if (statsRegister) {
    wholeMonths('统计入库黄灯月数', statsRegister.yellowFromMonths);
    wholeMonths('统计入库红灯月数', statsRegister.redFromMonths);
    ordered('统计入库', statsRegister.yellowFromMonths, statsRegister.redFromMonths);
  }
  if (set.combination.kind === 'escalate') {
    const count = set.combination.yellowsForRed;
    if (!Number.isInteger(count) || count < 2) problems.push('升级为红灯所需的黄灯数至少为 2');
  }
  const misses = set.region.redFromConsecutiveMisses;
  if (!Number.isInteger(misses) || misses < 1 || misses > 12)
    problems.push('地区连续未达标月数应为 1 到 12 的整数');
  return problems;
}
