import { wanToDecimal, type Wan } from '../money/money.ts';
import {
  completionRate,
  growthRate,
  ratio,
  roundPercent,
  scheduleGap,
  type Ratio,
} from '../indicators/ratio.ts';
import type { IndicatorTable } from '../indicators/table.ts';
import type { ProjectLight, RegionLight } from '../warnings/engine.ts';
import type { Light } from '../warnings/rules.ts';
import { listChanges, rankBy, rankChange, type RankChange } from './ranking.ts';

/** One project of the month's work list with its figures and light, as the close computed them. */
export type SnapshotProject = {
  id: string;
  code: string | null;
  name: string;
  regionCode: string;
  responsibleUnit: string | null;
  leadingOfficial: string | null;
  lists: readonly string[];
  totalInvestment: Wan;
  annualPlan: Wan;
  /** Completed investment Jan..M this year and the same months last year. */
  cumulative: Wan;
  lastYearCumulative: Wan;
  /** Planned to start (新开工) by the end of the month, and whether it has started by the close. */
  plannedStart: boolean;
  started: boolean;
  light: ProjectLight;
};

export type LightCounts = Record<Light, number>;

/** The shared figures of a group of projects: the city, a region, a named list. */
export type GroupFigures = {
  projects: number;
  totalInvestment: string;
  annualPlan: string;
  cumulative: string;
  lastYearCumulative: string;
  growthPct: string | null;
  completionPct: string | null;
  gapPts: string | null;
  plannedStarts: number;
  starts: number;
  startRatePct: string | null;
  lights: LightCounts;
};

export type BulletinRegion = GroupFigures & {
  code: string;
  name: string;
  /** Rank by completion rate, best first; null without an annual plan. */
  rank: number | null;
  previousRank: number | null;
  rankChange: RankChange | null;
  light: Light | null;
  explanation: string | null;
};

export type BulletinProjectLine = {
  id: string;
  code: string | null;
  name: string;
  regionCode: string;
  responsibleUnit: string | null;
  leadingOfficial: string | null;
  explanation: string;
};

export type BulletinContent = {
  year: number;
  month: number;
  asOf: string;
  timeProgressPct: string;
  headline: GroupFigures;
  /** The month's indicator table for every region, frozen with the close (policy §1 growth targets). */
  indicators: IndicatorTable | null;
  regions: BulletinRegion[];
  redProjects: BulletinProjectLine[];
  additions: BulletinProjectLine[];
  removals: BulletinProjectLine[];
  lists: (GroupFigures & { code: string; name: string })[];
};

export type BulletinInput = {
  year: number;
  month: number;
  asOf: string;
  timeProgress: Ratio;
  /** The regions of the city in display order. */
  regions: readonly { code: string; name: string }[];
  namedLists: readonly { code: string; name: string }[];
  projects: readonly SnapshotProject[];
  indicators: IndicatorTable | null;
  regionLights: Readonly<Record<string, RegionLight>>;
  /** Last month's close, for rank changes and additions/removals; null for the first close. */
  previous: {
    regionRanks: Readonly<Record<string, number | null>>;
    projects: readonly BulletinProjectLine[];
  } | null;
};

/**
 * The monthly bulletin (通报) as data: headline figures, the regions ranked by completion rate
 * with their light counts and rank change, the red-light projects, the work list's additions and
 * removals since last month and each named list's figures. Every order is fixed (region order,
 * then project code and name), so the same input always gives the same content.
 */
export function buildBulletin(input: BulletinInput): BulletinContent {
  const projects = [...input.projects].sort(byCodeAndName);
  const ofRegion = groupBy(projects, (project) => [project.regionCode]);
  const ofList = groupBy(projects, (project) => project.lists);

  const regionFigures = input.regions.map((region) => ({
    region,
    figures: groupFigures(ofRegion.get(region.code) ?? [], input.timeProgress),
    exactCompletion: exactCompletion(ofRegion.get(region.code) ?? []),
  }));
  const ranks = new Map(
    rankBy(regionFigures, (entry) => entry.exactCompletion).map(({ item, rank }) => [item.region.code, rank]),
  );
  const regions: BulletinRegion[] = regionFigures.map(({ region, figures }) => {
    const rank = ranks.get(region.code) ?? null;
    const previousRank = input.previous?.regionRanks[region.code] ?? null;
    const light = input.regionLights[region.code];
    return {
      code: region.code,
      name: region.name,
      ...figures,
      rank,
      previousRank,
      rankChange: input.previous ? rankChange(previousRank, rank) : null,
      light: light && light.indicators.length > 0 ? light.light : null,
      explanation: light && light.indicators.length > 0 ? light.explanation : null,
    };
  });

  const lines = projects.map(projectLine);
  const changes = input.previous
    ? listChanges(
        input.previous.projects.map((line) => line.id),
        lines.map((line) => line.id),
      )
    : { added: [], removed: [] };
  const previousById = new Map(input.previous?.projects.map((line) => [line.id, line]));
  const currentById = new Map(lines.map((line) => [line.id, line]));

  return {
    year: input.year,
    month: input.month,
    asOf: input.asOf,
    timeProgressPct: roundPercent(input.timeProgress),
    headline: groupFigures(projects, input.timeProgress),
    indicators: input.indicators,
    regions,
    redProjects: projects.filter((project) => project.light.light === 'red').map(projectLine),
    additions: changes.added.map((id) => currentById.get(id)!),
    removals: changes.removed.map((id) => previousById.get(id)!).sort(byCodeAndName),
    lists: input.namedLists.map((list) => ({
      code: list.code,
      name: list.name,
      ...groupFigures(ofList.get(list.code) ?? [], input.timeProgress),
    })),
  };
}

function groupFigures(projects: readonly SnapshotProject[], timeProgress: Ratio): GroupFigures {
  let totalInvestment = 0n;
  let annualPlan = 0n;
  let cumulative = 0n;
  let lastYearCumulative = 0n;
  let plannedStarts = 0;
  let starts = 0;
  const lights: LightCounts = { green: 0, yellow: 0, red: 0 };
  for (const project of projects) {
    totalInvestment += project.totalInvestment;
    annualPlan += project.annualPlan;
    cumulative += project.cumulative;
    lastYearCumulative += project.lastYearCumulative;
    if (project.plannedStart) {
      plannedStarts += 1;
      if (project.started) starts += 1;
    }
    lights[project.light.light] += 1;
  }
  const completion = completionRate(cumulative, annualPlan);
  const growth = growthRate(cumulative, lastYearCumulative);
  const gap = scheduleGap(completion, timeProgress);
  const startRate = ratio(BigInt(starts), BigInt(plannedStarts));
  return {
    projects: projects.length,
    totalInvestment: wanToDecimal(totalInvestment),
    annualPlan: wanToDecimal(annualPlan),
    cumulative: wanToDecimal(cumulative),
    lastYearCumulative: wanToDecimal(lastYearCumulative),
    growthPct: growth && roundPercent(growth),
    completionPct: completion && roundPercent(completion),
    gapPts: gap && roundPercent(gap),
    plannedStarts,
    starts,
    startRatePct: startRate && roundPercent(startRate),
    lights,
  };
}

function exactCompletion(projects: readonly SnapshotProject[]): Ratio | null {
  let annualPlan = 0n;
  let cumulative = 0n;
  for (const project of projects) {
    annualPlan += project.annualPlan;
    cumulative += project.cumulative;
  }
  return completionRate(cumulative, annualPlan);
}

function projectLine(project: SnapshotProject): BulletinProjectLine {
  return {
    id: project.id,
    code: project.code,
    name: project.name,
    regionCode: project.regionCode,
    responsibleUnit: project.responsibleUnit,
    leadingOfficial: project.leadingOfficial,
    explanation: project.light.explanation,
  };
}

function groupBy(
  projects: readonly SnapshotProject[],
  keys: (project: SnapshotProject) => readonly string[],
): Map<string, SnapshotProject[]> {
  const groups = new Map<string, SnapshotProject[]>();
  for (const project of projects) {
    for (const key of keys(project)) {
      const group = groups.get(key);
      if (group) group.push(project);
      else groups.set(key, [project]);
    }
  }
  return groups;
}

/** Code order with uncoded projects after, then name, then id: a total order, so output is stable. */
function byCodeAndName(a: { code: string | null; name: string; id: string }, b: typeof a): number {
  if (a.code !== b.code) {
    if (a.code === null) return 1;
    if (b.code === null) return -1;
    return a.code < b.code ? -1 : 1;
  }
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
