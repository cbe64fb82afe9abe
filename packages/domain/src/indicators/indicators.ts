import { parseWan, type Wan } from '../money/money.ts';
import type { FundingSource } from '../projects/attributes.ts';
import type { ProjectStage } from '../projects/stages.ts';

/** The project attributes an indicator can select on; one project may count in several indicators. */
export type IndicatorProject = {
  regionCode: string;
  sectorCode: string;
  fundingSource: FundingSource;
  highTech: boolean;
  /** 总投资 in yuan units of 万元. */
  totalInvestment: Wan;
  stage: ProjectStage;
  /** Codes of the named lists the project is on (省市县长项目, 集中开工 …). */
  lists: readonly string[];
  /** Actual start of work, YYYY-MM-DD. */
  actualStart: string | null;
  /** Year the project entered the reserve as newly planned (谋划). */
  plannedYear: number | null;
};

/**
 * Which projects an indicator covers. Every given criterion must hold; within a list any value
 * matches. An absent or empty list does not restrict, so an indicator stored as a table row with
 * an empty array column means "all", never "none".
 */
export type IndicatorFilter = {
  sectors?: readonly string[];
  fundingSources?: readonly FundingSource[];
  highTech?: boolean;
  /** On at least one of these named lists. */
  lists?: readonly string[];
  stages?: readonly ProjectStage[];
  /** Inclusive lower bound on total investment, a decimal string in 万元 ("亿元以上" includes 1亿). */
  minTotalInvestment?: string;
};

/** Count measures: how many matching projects exist, started (开工) or were newly planned (谋划). */
export type CountMeasure = 'count_projects' | 'count_started' | 'count_planned';
/** `sum_completed` adds up completed investment (完成投资) of the matching projects. */
export type IndicatorMeasure = 'sum_completed' | CountMeasure;

/**
 * At which level a target row without a region applies: `any` for rates that hold for the city and
 * for every county alike (growth ≥ 12%), `city` for a citywide total (200 preliminary projects),
 * `each_region` for a quota every county must meet on its own (2 projects ≥ 10亿 per county).
 */
export type TargetLevel = 'any' | 'city' | 'each_region';

export type IndicatorDefinition = {
  code: string;
  name: string;
  filter: IndicatorFilter;
  measure: IndicatorMeasure;
  targetLevel: TargetLevel;
  /** For `count_started`: the months of the year whose starts count (Q1 = 1..3); default the whole year. */
  window?: { fromMonth: number; toMonth: number };
};

export type CountIndicator = IndicatorDefinition & { measure: CountMeasure };

/** Count indicators are read with `countIndicator`, sum indicators with `evaluate`. */
export function isCountIndicator(definition: IndicatorDefinition): definition is CountIndicator {
  return definition.measure !== 'sum_completed';
}

export function matchesIndicator(project: IndicatorProject, filter: IndicatorFilter): boolean {
  const allows = <T>(values: readonly T[] | undefined, value: T) =>
    values === undefined || values.length === 0 || values.includes(value);
  return (
    allows(filter.sectors, project.sectorCode) &&
    allows(filter.fundingSources, project.fundingSource) &&
    (filter.highTech === undefined || filter.highTech === project.highTech) &&
    (filter.lists === undefined ||
      filter.lists.length === 0 ||
      filter.lists.some((list) => project.lists.includes(list))) &&
    allows(filter.stages, project.stage) &&
    (filter.minTotalInvestment === undefined ||
      project.totalInvestment >= parseWan(filter.minTotalInvestment))
  );
}

/**
 * Counts the projects a count indicator covers as of reporting month `month` of `year`. Starts
 * count only inside the indicator's window and up to the reporting month, so the Q1 start target
 * (policy §5: 230 projects ≥ 1亿 start or resume in Q1) stops growing after March.
 */
export function countIndicator(
  definition: CountIndicator,
  projects: Iterable<IndicatorProject>,
  period: { year: number; month: number },
): number {
  const fromMonth = definition.window?.fromMonth ?? 1;
  const toMonth = Math.min(definition.window?.toMonth ?? 12, period.month);
  let count = 0;
  for (const project of projects) {
    if (!matchesIndicator(project, definition.filter)) continue;
    if (definition.measure === 'count_started') {
      const start = project.actualStart;
      if (start === null || Number(start.slice(0, 4)) !== period.year) continue;
      const month = Number(start.slice(5, 7));
      if (month < fromMonth || month > toMonth) continue;
    }
    if (definition.measure === 'count_planned' && project.plannedYear !== period.year) continue;
    count += 1;
  }
  return count;
}

/** 1 亿元 = 10 000 万元: the "亿元以上" threshold of the policy's count targets. */
const ONE_YI = '10000';
/** 10 亿元: the threshold of the newly planned major projects (policy §3). */
const TEN_YI = '100000';

/**
 * The indicators of the 2020 Lishui policy as seed rows. They are data: a deployment stores them
 * in a table and may change them or add its own; nothing else in the code refers to these codes.
 */
export const SEED_INDICATORS: readonly IndicatorDefinition[] = [
  // §1: government investment grows ≥ 12% year on year.
  {
    code: 'government_investment',
    name: '政府投资',
    filter: { fundingSources: ['government'] },
    measure: 'sum_completed',
    targetLevel: 'any',
  },
  // §1 structural indicators (结构性指标), each ≥ 12%.
  {
    code: 'transport_investment',
    name: '交通投资',
    filter: { sectors: ['transport'] },
    measure: 'sum_completed',
    targetLevel: 'any',
  },
  {
    code: 'high_tech_investment',
    name: '高新技术产业投资',
    filter: { highTech: true },
    measure: 'sum_completed',
    targetLevel: 'any',
  },
  {
    code: 'private_investment',
    name: '民间项目投资',
    filter: { fundingSources: ['private'] },
    measure: 'sum_completed',
    targetLevel: 'any',
  },
  {
    code: 'ecology_urban_water_investment',
    name: '生态环境、城市更新和水利设施投资',
    filter: { sectors: ['ecology', 'urban', 'water'] },
    measure: 'sum_completed',
    targetLevel: 'any',
  },
  // §3: ≥ 200 projects of ≥ 1亿 in the preliminary stage citywide.
  {
    code: 'preliminary_major_projects',
    name: '亿元以上前期项目',
    filter: { stages: ['preliminary'], minTotalInvestment: ONE_YI },
    measure: 'count_projects',
    targetLevel: 'city',
  },
  // §3: each county plans ≥ 2 new projects of ≥ 10亿.
  {
    code: 'new_ten_yi_projects',
    name: '新谋划10亿元以上项目',
    filter: { minTotalInvestment: TEN_YI },
    measure: 'count_planned',
    targetLevel: 'each_region',
  },
  // §5: 230 projects of ≥ 1亿 start in Q1.
  {
    code: 'q1_major_starts',
    name: '一季度亿元以上项目开工',
    filter: { minTotalInvestment: ONE_YI },
    measure: 'count_started',
    targetLevel: 'city',
    window: { fromMonth: 1, toMonth: 3 },
  },
];
