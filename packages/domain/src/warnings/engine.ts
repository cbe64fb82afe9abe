import {
  compareRatios,
  parsePercent,
  ratio,
  roundPercent,
  subtractRatios,
  type Ratio,
} from '../indicators/ratio.ts';
import { daysInMonth, reportingWindow } from '../progress/window.ts';
import {
  LIGHT_LABELS,
  WARNING_DIMENSION_LABELS,
  type Bound,
  type CombinationRule,
  type InvestmentProgressRule,
  type Light,
  type MilestoneRule,
  type ProjectRules,
  type RegionRule,
  type ReportingWarningRule,
  type StartOfWorkRule,
  type StatsRegisterRule,
  type WarningDimension,
} from './rules.ts';

/** One dimension's light with the figures and threshold that gave it, in Chinese for the bulletin. */
export type DimensionLight = { dimension: WarningDimension; light: Light; explanation: string };

export type ProjectLight = {
  light: Light;
  /** Only the dimensions that apply to the project (no annual plan → no investment progress …). */
  dimensions: DimensionLight[];
  explanation: string;
};

/** A month of the reporting calendar. */
export type Period = { year: number; month: number };

/**
 * What the engine needs to know about a project as of a date (`asOf`, the day the month is
 * closed). Everything is already read from the database; the engine does no I/O.
 */
export type ProjectWarningInput = {
  period: Period;
  asOf: string;
  /** Completion of the annual plan (exact); null when the project has no annual plan this year. */
  completion: Ratio | null;
  /** 序时进度 of the period. */
  timeProgress: Ratio;
  plannedStart: string | null;
  actualStart: string | null;
  milestones: readonly { name: string; plannedDate: string; actualDate: string | null }[];
  /**
   * The date each month's report was first submitted, null when it was not; months from the
   * project's first reporting month through `period`. Missing months count as not submitted.
   */
  reports: readonly { year: number; month: number; submittedOn: string | null }[];
  /** First month the project had to report (its start of construction or the plan year). */
  reportingFrom: Period | null;
  dueDay: number;
  /** The date the project entered the statistics register (统计入库), null while it has not. */
  statsRegisteredOn: string | null;
};

const ORDER: Record<Light, number> = { green: 0, yellow: 1, red: 2 };

export function worstLight(lights: Iterable<Light>): Light {
  let worst: Light = 'green';
  for (const light of lights) if (ORDER[light] > ORDER[worst]) worst = light;
  return worst;
}

export const monthIndex = (period: Period) => period.year * 12 + period.month - 1;

/**
 * Whole calendar months from `from` to `to` (ISO dates): 15 March → 15 April is one month,
 * → 14 April none. A later day-of-month that does not exist in the target month counts from its
 * last day, so 31 January → 29 February is one month.
 */
export function wholeMonthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  const months = (ty - fy) * 12 + (tm - fm);
  const dayReached = td >= Math.min(fd, daysInMonth(ty, tm));
  return dayReached ? months : months - 1;
}

/** Days from `from` to `to`, both ISO dates (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const exceeds = (value: Ratio, bound: Bound) => {
  const comparison = compareRatios(value, parsePercent(bound.value));
  return bound.op === '>' ? comparison > 0 : comparison >= 0;
};
const arrow = (light: Light) => ` → ${LIGHT_LABELS[light]}`;

/** The band that gave the light, e.g. "（超过 20 个百分点为红灯）", "（达到 10、不超过 30 个百分点为黄灯）". */
function bandText(light: Light, yellow: Bound, red: Bound, unit: string): string {
  if (light === 'green') return '';
  if (light === 'red') return `（${red.op === '>' ? '超过' : '达到'} ${red.value}${unit}为红灯）`;
  const lower =
    yellow.op === '>' && Number(yellow.value) === 0
      ? ''
      : `${yellow.op === '>' ? '超过' : '达到'} ${yellow.value}、`;
  return `（${lower}${red.op === '>' ? '不超过' : '低于'} ${red.value}${unit}为黄灯）`;
}

function banded(value: Ratio, rule: InvestmentProgressRule): Light {
  return exceeds(value, rule.red) ? 'red' : exceeds(value, rule.yellow) ? 'yellow' : 'green';
}

export function investmentProgressLight(
  rule: InvestmentProgressRule,
  completion: Ratio,
  timeProgress: Ratio,
): DimensionLight {
  const completionText = `完成率 ${roundPercent(completion)}%`;
  const progressText = `序时进度 ${roundPercent(timeProgress)}%`;
  const behindPoints = subtractRatios(timeProgress, completion);
  if (behindPoints.num <= 0n) {
    return dimension('investment_progress', 'green', `${completionText}，达到${progressText}`);
  }
  if (rule.basis === 'points') {
    const light = banded(behindPoints, rule);
    return dimension(
      'investment_progress',
      light,
      `${completionText}，低于${progressText} 达 ${roundPercent(behindPoints)} 个百分点` +
        bandText(light, rule.yellow, rule.red, ' 个百分点'),
    );
  }
  // Shortfall against the pro-rata plan as a share of it: 1 − completion / time progress. Time
  // progress is never zero (the period is at least one month into the year).
  const achieved = divideRatios(completion, timeProgress);
  const shortfall = subtractRatios({ num: 1n, den: 1n }, achieved);
  const light = banded(shortfall, rule);
  return dimension(
    'investment_progress',
    light,
    `${completionText}，为${progressText} 的 ${roundPercent(achieved)}%，落后序时计划 ${roundPercent(shortfall)}%` +
      bandText(light, rule.yellow, rule.red, '%'),
  );
}

function divideRatios(a: Ratio, b: Ratio): Ratio {
  const result = ratio(a.num * b.den, a.den * b.num);
  if (result === null) throw new RangeError('除数为零');
  return result;
}

/** Null while the planned start month has not come and the project has not started. */
export function startOfWorkLight(
  rule: StartOfWorkRule,
  input: Pick<ProjectWarningInput, 'period' | 'asOf' | 'plannedStart' | 'actualStart'>,
): DimensionLight | null {
  const { plannedStart, actualStart, period, asOf } = input;
  if (actualStart !== null && actualStart <= asOf)
    return dimension('start_of_work', 'green', `已于 ${actualStart} 开工`);
  if (plannedStart === null) return null;
  const planned = { year: Number(plannedStart.slice(0, 4)), month: Number(plannedStart.slice(5, 7)) };
  const monthsLate = monthIndex(period) - monthIndex(planned);
  if (monthsLate < 0) return null;
  const light =
    monthsLate >= rule.redFromMonthsLate
      ? 'red'
      : monthsLate >= rule.yellowFromMonthsLate
        ? 'yellow'
        : 'green';
  const late = monthsLate === 0 ? '本月为计划开工月' : `已超过计划开工月 ${monthsLate} 个月`;
  return dimension('start_of_work', light, `计划 ${plannedStart.slice(0, 7)} 开工，尚未开工，${late}`);
}

/** Null for a project without milestones. */
export function milestoneLight(
  rule: MilestoneRule,
  milestones: ProjectWarningInput['milestones'],
  asOf: string,
): DimensionLight | null {
  let worst: { name: string; plannedDate: string; days: number } | null = null;
  for (const milestone of milestones) {
    const finished = milestone.actualDate !== null && milestone.actualDate <= asOf;
    if (finished || asOf <= milestone.plannedDate) continue;
    const days = daysBetween(milestone.plannedDate, asOf);
    if (worst === null || days > worst.days) worst = { ...milestone, days };
  }
  if (worst === null) {
    return milestones.length === 0 ? null : dimension('milestones', 'green', '无逾期节点');
  }
  const light = worst.days > rule.redAfterDaysOverdue ? 'red' : 'yellow';
  const threshold = light === 'red' ? `（超过 ${rule.redAfterDaysOverdue} 天）` : '';
  return dimension(
    'milestones',
    light,
    `节点“${worst.name}”计划 ${worst.plannedDate} 完成，已逾期 ${worst.days} 天${threshold}`,
  );
}

/**
 * Months in a row, ending with the latest month whose due day has passed by `asOf`, whose report
 * was not submitted by `asOf`. A report submitted late is no longer missing (it is marked late).
 * The due day itself is still on time.
 */
export function missedReportingMonths(
  input: Pick<ProjectWarningInput, 'period' | 'asOf' | 'reports' | 'reportingFrom' | 'dueDay'>,
): number {
  if (input.reportingFrom === null) return 0;
  const submitted = new Map(input.reports.map((report) => [monthIndex(report), report.submittedOn] as const));
  let missed = 0;
  for (let index = monthIndex(input.period); index >= monthIndex(input.reportingFrom); index -= 1) {
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    if (input.asOf <= reportingWindow(year, month, input.dueDay).dueOn) {
      if (missed === 0) continue;
      break;
    }
    const on = submitted.get(index) ?? null;
    if (on !== null && on <= input.asOf) break;
    missed += 1;
  }
  return missed;
}

export function reportingLight(rule: ReportingWarningRule, missed: number): DimensionLight {
  if (missed < rule.yellowFromMissedMonths) return dimension('reporting', 'green', '月报按时报送');
  const light = missed >= rule.redFromMissedMonths ? 'red' : 'yellow';
  const text = missed === 1 ? '月报逾期未报' : `连续 ${missed} 个月月报逾期未报`;
  return dimension('reporting', light, text);
}

/** Null while the project has not started. */
export function statsRegisterLight(
  rule: StatsRegisterRule,
  input: Pick<ProjectWarningInput, 'asOf' | 'actualStart' | 'statsRegisteredOn'>,
): DimensionLight | null {
  const { actualStart, statsRegisteredOn, asOf } = input;
  if (actualStart === null || actualStart > asOf) return null;
  if (statsRegisteredOn !== null && statsRegisteredOn <= asOf)
    return dimension('stats_register', 'green', `已于 ${statsRegisteredOn} 纳入统计入库`);
  const months = wholeMonthsBetween(actualStart, asOf);
  if (months < rule.yellowFromMonths)
    return dimension(
      'stats_register',
      'green',
      `${actualStart} 开工，尚未纳入统计入库，未满 ${rule.yellowFromMonths} 个月`,
    );
  const light = months >= rule.redFromMonths ? 'red' : 'yellow';
  return dimension('stats_register', light, `${actualStart} 开工，${months} 个月未纳入统计入库`);
}

export function combineLights(rule: CombinationRule, dimensions: readonly DimensionLight[]): Light {
  const worst = worstLight(dimensions.map((entry) => entry.light));
  if (rule.kind === 'escalate' && worst === 'yellow') {
    const yellows = dimensions.filter((entry) => entry.light === 'yellow').length;
    if (yellows >= rule.yellowsForRed) return 'red';
  }
  return worst;
}

/** A project's light for the period under a rule set, with every applicable dimension explained. */
export function projectLight(
  rules: ProjectRules,
  combination: CombinationRule,
  input: ProjectWarningInput,
): ProjectLight {
  const dimensions: DimensionLight[] = [];
  if (rules.investmentProgress && input.completion !== null)
    dimensions.push(investmentProgressLight(rules.investmentProgress, input.completion, input.timeProgress));
  const optional = [
    rules.startOfWork && startOfWorkLight(rules.startOfWork, input),
    rules.milestones && milestoneLight(rules.milestones, input.milestones, input.asOf),
    rules.reporting &&
      input.reportingFrom !== null &&
      reportingLight(rules.reporting, missedReportingMonths(input)),
    rules.statsRegister && statsRegisterLight(rules.statsRegister, input),
  ];
  for (const entry of optional) if (entry) dimensions.push(entry);
  const light = combineLights(combination, dimensions);
  const reasons = dimensions.filter((entry) => entry.light !== 'green');
  const escalated =
    combination.kind === 'escalate' && light === 'red' && !reasons.some((entry) => entry.light === 'red')
      ? `；${reasons.length} 项黄灯，升级为红灯`
      : '';
  const explanation =
    reasons.length === 0
      ? `各项正常${arrow('green')}`
      : reasons.map((entry) => entry.explanation).join('；') + escalated;
  return { light, dimensions, explanation };
}

export type RegionLight = {
  light: Light;
  indicators: { indicator: string; light: Light; explanation: string }[];
  explanation: string;
};

/**
 * A region's light from its indicator attainment, oldest month first and ending with the period:
 * true met, false missed, null no target. Each indicator is lit by its misses in a row up to the
 * period; the region takes the worst. An indicator without a target this period gives no light.
 */
export function regionLight(
  rule: RegionRule,
  indicators: readonly { name: string; attainment: readonly (boolean | null)[] }[],
): RegionLight {
  const lit: RegionLight['indicators'] = [];
  for (const { name, attainment } of indicators) {
    const latest = attainment.at(-1);
    if (latest === undefined || latest === null) continue;
    let misses = 0;
    for (let index = attainment.length - 1; index >= 0 && attainment[index] === false; index -= 1)
      misses += 1;
    const light: Light = misses === 0 ? 'green' : misses >= rule.redFromConsecutiveMisses ? 'red' : 'yellow';
    const figures = misses === 0 ? '达到目标' : misses === 1 ? '未达到目标' : `连续 ${misses} 个月未达到目标`;
    lit.push({ indicator: name, light, explanation: `${name}${figures}${arrow(light)}` });
  }
  const reasons = lit.filter((entry) => entry.light !== 'green').map((entry) => entry.explanation);
  return {
    light: worstLight(lit.map((entry) => entry.light)),
    indicators: lit,
    explanation: reasons.length ? reasons.join('；') : `各项指标达到目标${arrow('green')}`,
  };
}

function dimension(name: WarningDimension, light: Light, figures: string): DimensionLight {
  return {
    dimension: name,
    light,
    explanation: `${WARNING_DIMENSION_LABELS[name]}：${figures}${arrow(light)}`,
  };
}
