import { createHash } from 'node:crypto';
import {
  buildBulletin,
  completionRate,
  DEFAULT_DUE_DAY,
  parseWan,
  projectLight,
  regionLight,
  reportingWindow,
  resolveDueDay,
  timeProgress,
  type BulletinContent,
  type BulletinProjectLine,
  type IndicatorTable,
  type ProjectWarningInput,
  type RegionLight,
  type ReportingRule,
  type SnapshotProject,
  type TimeProgressMode,
} from '@beacon/domain';
import { sql } from 'kysely';
import type { RequestContext, Services, Tx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { regionsFor } from '../indicators/repository.ts';
import { computeIndicatorTable } from '../indicators/service.ts';
import { ruleSetFor, type StoredRules } from './rule-sets.ts';

export type CloseInput = { year: number; month: number; asOf?: string; reason?: string };

/** Rows per INSERT of project lights: large enough to be fast, small enough for the bind limit. */
const INSERT_CHUNK = 5_000;

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const lastDayOf = (year: number, month: number) =>
  new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);

/**
 * The default closing date of month M: the day after its reports were due, so a report still
 * missing then counts as missing, and closing the same month again gives the same lights.
 */
export function defaultAsOf(year: number, month: number, dueDay: number): string {
  return addDays(reportingWindow(year, month, dueDay).dueOn, 1);
}

/**
 * Closes month M: every project of the year's work list (those with a year plan) gets its light
 * under the rule set in force for its region, every region its light from its indicator
 * attainment, and the bulletin content is built and frozen with a digest. Everything is read in
 * one repeatable-read transaction, so the snapshot is consistent with itself; the same data and
 * closing date always give the same content. A second close of a month is a reissue: a new
 * edition that needs a reason; the earlier edition stays as it was.
 */
export async function closeMonth(services: Services, ctx: RequestContext, input: CloseInput) {
  const { year, month } = input;
  return services.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const previousEdition = await trx
        .selectFrom('month_closes')
        .select((eb) => eb.fn.max('edition').as('edition'))
        .where('year', '=', year)
        .where('month', '=', month)
        .executeTakeFirst();
      const edition = (previousEdition?.edition ?? 0) + 1;
      const reason = input.reason?.trim() || null;
      if (edition > 1 && reason === null) {
        throw new AppError('CONFLICT', `${year}年${month}月已关账；重新发布须填写原因`);
      }
      const reportingRules = await loadReportingRules(trx, year);
      const generalDueDay =
        reportingRules.find((rule) => rule.regionCode === null)?.dueDay ?? DEFAULT_DUE_DAY;
      const asOf = input.asOf ?? defaultAsOf(year, month, generalDueDay);
      const cityRules = await ruleSetFor(trx, year, null);
      const regionRules = await loadRegionRules(trx, year);
      const rulesOf = (regionCode: string) => regionRules.get(regionCode) ?? cityRules.rules;

      const projects = await loadWorkList(trx, year, month, asOf);
      const regions = await regionsFor(trx, { kind: 'all' });
      const modes = new Map(reportingRules.map((rule) => [rule.regionCode, rule.mode]));
      const progressOf = (regionCode: string | null) =>
        timeProgress({ year, month }, modes.get(regionCode) ?? modes.get(null) ?? 'month');

      const snapshot: (SnapshotProject & { figures: Record<string, unknown> })[] = projects.map((project) => {
        const rules = rulesOf(project.regionCode);
        const started = project.actualStart !== null && project.actualStart <= asOf;
        const dueToStart = project.plannedStart !== null && project.plannedStart <= lastDayOf(year, month);
        const warningInput: ProjectWarningInput = {
          period: { year, month },
          asOf,
          // A new project is held to its start date, not to time progress, until it is due to start.
          completion: started || dueToStart ? completionRate(project.cumulative, project.annualPlan) : null,
          timeProgress: progressOf(project.regionCode),
          plannedStart: project.plannedStart,
          actualStart: project.actualStart,
          milestones: project.milestones,
          reports: project.reports,
          reportingFrom: project.reportingFrom,
          dueDay: resolveDueDay(reportingRules, year, project.regionCode),
          statsRegisteredOn: project.statsRegisteredOn,
        };
        const light = projectLight(rules.project, rules.combination, warningInput);
        return {
          id: project.id,
          code: project.code,
          name: project.name,
          regionCode: project.regionCode,
          responsibleUnit: project.responsibleUnit,
          leadingOfficial: project.leadingOfficial,
          lists: project.lists,
          totalInvestment: project.totalInvestment,
          annualPlan: project.annualPlan,
          cumulative: project.cumulative,
          lastYearCumulative: project.lastYearCumulative,
          plannedStart: dueToStart,
          started,
          light,
          figures: {
            annualPlan: project.annualPlanText,
            cumulative: project.cumulativeText,
            lastYearCumulative: project.lastYearCumulativeText,
            plannedStart: project.plannedStart,
            actualStart: project.actualStart,
          },
        };
      });

      const { lights: regionLights, table: indicators } = await computeRegionLights(
        trx,
        { year, month },
        regions,
        (code) => rulesOf(code).region.redFromConsecutiveMisses,
      );
      const previous = await loadPreviousClose(trx, year, month);
      const content = buildBulletin({
        year,
        month,
        asOf,
        timeProgress: progressOf(null),
        regions,
        namedLists: await trx
          .selectFrom('named_lists')
          .select(['code', 'name'])
          .orderBy('sort_order')
          .orderBy('code')
          .execute(),
        projects: snapshot,
        indicators,
        regionLights,
        previous,
      });
      const contentText = JSON.stringify(content);
      const digest = createHash('sha256').update(contentText).digest('hex');
      const close = await trx
        .insertInto('month_closes')
        .values({
          year,
          month,
          edition,
          reason,
          as_of: asOf,
          rules: JSON.stringify({ city: cityRules, regions: Object.fromEntries(regionRules) }),
          content: contentText,
          summary: JSON.stringify({
            headline: content.headline,
            regions: content.regions.map((region) => ({ code: region.code, lights: region.lights })),
          }),
          content_sha256: digest,
          closed_by: ctx.actor.userId,
          closed_by_name: ctx.actor.name,
        })
        .returning(['id', 'closed_at'])
        .executeTakeFirstOrThrow();
      await insertProjectLights(trx, close.id, snapshot);
      await insertRegionLights(trx, close.id, regionLights);
      await recordAudit(trx, ctx, {
        action: edition === 1 ? 'month.close' : 'month.reissue',
        objectType: 'month_close',
        objectId: close.id,
        after: { year, month, edition, reason, asOf, contentSha256: digest, projects: snapshot.length },
      });
      return {
        id: close.id,
        year,
        month,
        edition,
        reason,
        asOf,
        contentSha256: digest,
        projects: snapshot.length,
        lights: content.headline.lights,
        closedAt: close.closed_at.toISOString(),
      };
    });
}

type WorkListProject = {
  id: string;
  code: string | null;
  name: string;
  regionCode: string;
  responsibleUnit: string | null;
  leadingOfficial: string | null;
  lists: string[];
  totalInvestment: bigint;
  annualPlan: bigint;
  annualPlanText: string;
  cumulative: bigint;
  cumulativeText: string;
  lastYearCumulative: bigint;
  lastYearCumulativeText: string;
  plannedStart: string | null;
  actualStart: string | null;
  reportingFrom: { year: number; month: number } | null;
  milestones: { name: string; plannedDate: string; actualDate: string | null }[];
  reports: { year: number; month: number; submittedOn: string | null }[];
  statsRegisteredOn: string | null;
};

/** China has kept UTC+8 without daylight saving since 1991, so this is its calendar date. */
const CHINA_DATE = (column: string) =>
  sql.raw(`to_char((${column} at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`);

async function loadWorkList(trx: Tx, year: number, month: number, asOf: string): Promise<WorkListProject[]> {
  const rows = await sql<{
    id: string;
    code: string | null;
    name: string;
    region_code: string;
    responsible_unit: string | null;
    leading_official: string | null;
    lists: string[] | null;
    total_investment: string;
    annual_plan: string;
    cumulative: string;
    last_year_cumulative: string;
    planned_start: string | null;
    actual_start: string | null;
    construction_type: 'new' | 'continuing';
  }>`
    select p.id, p.code, p.name, p.region_code, d.name as responsible_unit, p.leading_official,
           (select array_agg(l.list_code order by l.list_code) from project_list_members l where l.project_id = p.id) as lists,
           p.total_investment::text as total_investment,
           yp.planned_investment::text as annual_plan,
           coalesce((select sum(v) from unnest(cur.monthly[1:${sql.lit(month)}]) v), 0)::numeric(18, 4)::text as cumulative,
           coalesce((select sum(v) from unnest(prev.monthly[1:${sql.lit(month)}]) v), 0)::numeric(18, 4)::text as last_year_cumulative,
           coalesce(yp.planned_start, p.planned_start)::text as planned_start,
           p.actual_start::text as actual_start,
           yp.construction_type
      from project_year_plans yp
      join projects p on p.id = yp.project_id
      left join departments d on d.id = p.responsible_department_id
      left join project_year_progress cur on cur.project_id = p.id and cur.year = ${year}
      left join project_year_progress prev on prev.project_id = p.id and prev.year = ${year - 1}
     where yp.year = ${year}`.execute(trx);

  const milestones = await sql<{
    project_id: string;
    name: string;
    planned_date: string;
    actual_date: string | null;
  }>`
    select m.project_id, m.name, m.planned_date::text as planned_date, m.actual_date::text as actual_date
      from milestones m
      join project_year_plans yp on yp.project_id = m.project_id and yp.year = ${year}
     where m.planned_date < ${asOf}::date
     order by m.project_id, m.sort_order, m.planned_date`.execute(trx);
  const reports = await sql<{ project_id: string; month: number; submitted_on: string }>`
    select r.project_id, r.month, ${CHINA_DATE('min(r.submitted_at)')} as submitted_on
      from progress_reports r
      join project_year_plans yp on yp.project_id = r.project_id and yp.year = ${year}
     where r.year = ${year} and r.month <= ${month} and r.submitted_at is not null
     group by r.project_id, r.month`.execute(trx);
  const registered = await sql<{ project_id: string; registered_on: string }>`
    select r.project_id, ${CHINA_DATE('min(r.submitted_at)')} as registered_on
      from progress_reports r
      join project_year_plans yp on yp.project_id = r.project_id and yp.year = ${year}
     where r.stats_registered and r.submitted_at is not null and r.state in ('submitted', 'accepted')
     group by r.project_id`.execute(trx);

  const milestonesOf = groupRows(milestones.rows, (row) => row.project_id);
  const reportsOf = groupRows(reports.rows, (row) => row.project_id);
  const registeredOf = new Map(registered.rows.map((row) => [row.project_id, row.registered_on]));
  const endOfPeriod = lastDayOf(year, month);

  return rows.rows.map((row) => {
    const started = row.actual_start !== null && row.actual_start <= endOfPeriod;
    const startMonth =
      started && Number(row.actual_start!.slice(0, 4)) === year ? Number(row.actual_start!.slice(5, 7)) : 1;
    // A project reports from its start of work; a continuing project from January.
    const reportingFrom =
      started || row.construction_type === 'continuing' ? { year, month: startMonth } : null;
    return {
      id: row.id,
      code: row.code,
      name: row.name,
      regionCode: row.region_code,
      responsibleUnit: row.responsible_unit,
      leadingOfficial: row.leading_official,
      lists: row.lists ?? [],
      totalInvestment: parseWan(row.total_investment),
      annualPlan: parseWan(row.annual_plan),
      annualPlanText: row.annual_plan,
      cumulative: parseWan(row.cumulative),
      cumulativeText: row.cumulative,
      lastYearCumulative: parseWan(row.last_year_cumulative),
      lastYearCumulativeText: row.last_year_cumulative,
      plannedStart: row.planned_start,
      actualStart: row.actual_start,
      reportingFrom,
      milestones: (milestonesOf.get(row.id) ?? []).map((milestone) => ({
        name: milestone.name,
        plannedDate: milestone.planned_date,
        actualDate: milestone.actual_date,
      })),
      reports: (reportsOf.get(row.id) ?? []).map((report) => ({
        year,
        month: report.month,
        submittedOn: report.submitted_on,
      })),
      statsRegisteredOn: registeredOf.get(row.id) ?? null,
    };
  });
}

async function loadReportingRules(trx: Tx, year: number) {
  const rows = await trx
    .selectFrom('reporting_rules')
    .select(['year', 'region_code', 'due_day', 'time_progress_mode'])
    .where('year', '=', year)
    .execute();
  return rows.map((row): ReportingRule & { mode: TimeProgressMode } => ({
    year: row.year,
    regionCode: row.region_code,
    dueDay: row.due_day,
    mode: row.time_progress_mode,
  }));
}

async function loadRegionRules(trx: Tx, year: number): Promise<Map<string, StoredRules>> {
  const rows = await trx
    .selectFrom('warning_rule_sets')
    .select(['region_code', 'rules'])
    .where('year', '=', year)
    .where('region_code', 'is not', null)
    .execute();
  return new Map(rows.map((row) => [row.region_code!, row.rules as StoredRules]));
}

/**
 * Each region's light from its attainment of the growth targets: the indicator table of this month
 * and of the months before it, as far back as the longest run of misses any rule needs, within the
 * year.
 */
async function computeRegionLights(
  trx: Tx,
  { year, month }: { year: number; month: number },
  regions: readonly { code: string }[],
  missesForRed: (regionCode: string) => number,
): Promise<{ lights: Record<string, RegionLight>; table: IndicatorTable }> {
  const depth = Math.max(1, ...regions.map((region) => missesForRed(region.code)));
  const tables: IndicatorTable[] = [];
  for (let back = Math.min(depth, month) - 1; back >= 0; back -= 1) {
    tables.push(await computeIndicatorTable(trx, { kind: 'all' }, { year, month: month - back }));
  }
  const latest = tables.at(-1)!;
  const lights: Record<string, RegionLight> = {};
  for (const region of regions) {
    const indicators = latest.indicators.map((indicator) => ({
      name: indicator.name,
      attainment: tables.map((table) => {
        const row = table.rows.find(
          (candidate) => candidate.indicator === indicator.code && candidate.region === region.code,
        );
        // Growth targets hold for every month's cumulative figures; amount and count targets are
        // annual quotas a region meets only by the year's end, so they are not lit monthly.
        return row?.target?.kind === 'growth' ? row.targetMet : null;
      }),
    }));
    lights[region.code] = regionLight({ redFromConsecutiveMisses: missesForRed(region.code) }, indicators);
  }
  return { lights, table: latest };
}

async function loadPreviousClose(trx: Tx, year: number, month: number) {
  if (month === 1) return null;
  const previous = await trx
    .selectFrom('month_closes')
    .select(['id', 'content'])
    .where('year', '=', year)
    .where('month', '=', month - 1)
    .orderBy('edition', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!previous) return null;
  const content = previous.content as BulletinContent;
  const projects = await trx
    .selectFrom('project_lights as pl')
    .innerJoin('projects as p', 'p.id', 'pl.project_id')
    .leftJoin('departments as d', 'd.id', 'p.responsible_department_id')
    .select([
      'p.id',
      'p.code',
      'p.name',
      'pl.region_code',
      'd.name as responsible_unit',
      'p.leading_official',
      'pl.explanation',
    ])
    .where('pl.close_id', '=', previous.id)
    .execute();
  return {
    regionRanks: Object.fromEntries(content.regions.map((region) => [region.code, region.rank])),
    projects: projects.map((row): BulletinProjectLine => ({
      id: row.id,
      code: row.code,
      name: row.name,
      regionCode: row.region_code,
      responsibleUnit: row.responsible_unit,
      leadingOfficial: row.leading_official,
      explanation: row.explanation,
    })),
  };
}

async function insertProjectLights(
  trx: Tx,
  closeId: string,
  snapshot: readonly (SnapshotProject & { figures: Record<string, unknown> })[],
) {
  for (let start = 0; start < snapshot.length; start += INSERT_CHUNK) {
    const chunk = snapshot.slice(start, start + INSERT_CHUNK);
    // One statement per chunk through unnest: a few bind parameters instead of seven per row.
    await sql`
      insert into project_lights (close_id, project_id, region_code, light, explanation, dimensions, figures)
      select ${closeId}::uuid, t.project_id, t.region_code, t.light, t.explanation, t.dimensions::jsonb, t.figures::jsonb
        from unnest(${chunk.map((p) => p.id)}::uuid[], ${chunk.map((p) => p.regionCode)}::text[],
                    ${chunk.map((p) => p.light.light)}::text[], ${chunk.map((p) => p.light.explanation)}::text[],
                    ${chunk.map((p) => JSON.stringify(p.light.dimensions))}::text[],
                    ${chunk.map((p) => JSON.stringify(p.figures))}::text[])
          as t(project_id, region_code, light, explanation, dimensions, figures)`.execute(trx);
  }
}

async function insertRegionLights(trx: Tx, closeId: string, lights: Record<string, RegionLight>) {
  const rows = Object.entries(lights)
    .filter(([, light]) => light.indicators.length > 0)
    .map(([regionCode, light]) => ({
      close_id: closeId,
      region_code: regionCode,
      light: light.light,
      explanation: light.explanation,
      indicators: JSON.stringify(light.indicators),
    }));
  if (rows.length > 0) await trx.insertInto('region_lights').values(rows).execute();
}

function groupRows<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const at = key(row);
    const group = groups.get(at);
    if (group) group.push(row);
    else groups.set(at, [row]);
  }
  return groups;
}
