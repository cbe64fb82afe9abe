import {
  parseWan,
  type CountCell,
  type FundingSource,
  type IndicatorDefinition,
  type IndicatorTableRegion,
  type IndicatorTarget,
  type ProjectStage,
  type SumCell,
  type TargetValue,
  type TimeProgressMode,
} from '@beacon/domain';
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { Scope, Tx } from '../../context.ts';
import type { DB, IndicatorTable, IndicatorTargetTable } from '../../db/schema.ts';
import { inScope } from '../projects/repository.ts';

type Db = Kysely<DB> | Tx;
export type IndicatorRow = Selectable<IndicatorTable>;
export type Period = { year: number; month: number };

export function definitionOf(row: IndicatorRow): IndicatorDefinition {
  const filter: IndicatorDefinition['filter'] = {
    ...(row.sectors.length ? { sectors: row.sectors } : {}),
    ...(row.funding_sources.length ? { fundingSources: row.funding_sources as FundingSource[] } : {}),
    ...(row.high_tech !== null ? { highTech: row.high_tech } : {}),
    ...(row.lists.length ? { lists: row.lists } : {}),
    ...(row.stages.length ? { stages: row.stages as ProjectStage[] } : {}),
    ...(row.min_total_investment !== null ? { minTotalInvestment: row.min_total_investment } : {}),
  };
  return {
    code: row.code,
    name: row.name,
    filter,
    measure: row.measure,
    targetLevel: row.target_level,
    ...(row.window_from_month !== null && row.window_to_month !== null
      ? { window: { fromMonth: row.window_from_month, toMonth: row.window_to_month } }
      : {}),
  };
}

export async function listIndicators(db: Db, options: { activeOnly: boolean }): Promise<IndicatorRow[]> {
  let query = db.selectFrom('indicators').selectAll();
  if (options.activeOnly) query = query.where('active', '=', true);
  return query.orderBy('sort_order').orderBy('code').execute();
}

export async function findIndicator(db: Db, code: string): Promise<IndicatorRow | undefined> {
  return db.selectFrom('indicators').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function lockIndicator(trx: Tx, code: string): Promise<IndicatorRow | undefined> {
  return trx.selectFrom('indicators').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
}

/**
 * The regions whose rows the caller sees, in region order. A county sees its own region; everyone
 * else sees every region (a department, an owner or a leader sees them filled with its own
 * projects' figures only). The city itself is listed as 市本级 for projects registered at city level.
 */
export async function regionsFor(db: Db, scope: Scope): Promise<IndicatorTableRegion[]> {
  let query = db.selectFrom('regions').select(['code', 'name', 'kind']);
  if (scope.kind === 'region') query = query.where('code', '=', scope.regionCode);
  const rows = await query.orderBy('sort_order').orderBy('code').execute();
  return rows.map((row) => ({ code: row.code, name: row.kind === 'city' ? `${row.name}本级` : row.name }));
}

/** The time progress rule of the year: the general row and the regions that have their own. */
export async function timeProgressModes(db: Db, year: number) {
  const rows = await db
    .selectFrom('reporting_rules')
    .select(['region_code', 'time_progress_mode'])
    .where('year', '=', year)
    .execute();
  const general: TimeProgressMode =
    rows.find((row) => row.region_code === null)?.time_progress_mode ?? 'month';
  const byRegion: Record<string, TimeProgressMode> = {};
  for (const row of rows) if (row.region_code !== null) byRegion[row.region_code] = row.time_progress_mode;
  return { general, byRegion };
}

export function targetValueOf(row: Pick<Selectable<IndicatorTargetTable>, 'kind' | 'value'>): TargetValue {
  if (row.kind === 'count') return { kind: 'count', count: Number(parseWan(row.value) / 10_000n) };
  if (row.kind === 'amount') return { kind: 'amount', wan: row.value };
  // numeric(18,4) reads "12.0000"; the target is shown as it was meant, "12".
  return { kind: 'growth', pct: row.value.replace(/\.?0+$/, '') || '0' };
}

export async function targetsOfYear(db: Db, year: number): Promise<IndicatorTarget[]> {
  const rows = await db
    .selectFrom('indicator_targets')
    .select(['indicator_code', 'region_code', 'year', 'kind', 'value'])
    .where('year', '=', year)
    .execute();
  return rows.map((row) => ({
    indicator: row.indicator_code,
    region: row.region_code,
    year: row.year,
    value: targetValueOf(row),
  }));
}

// --- SQL for the indicator filters -------------------------------------------------------------

/**
 * The columns a filter reads; `project` names the projects row when lists and sizes are needed,
 * `cumulative` an already computed January..M column when there is one.
 */
type FilterColumns = { cell: string; project?: string; cumulative?: string };

/** Whether the rollup's cells (sector × funding source × high-tech) can answer a filter. */
export function rollupCanAnswer(definition: IndicatorDefinition): boolean {
  const { lists, minTotalInvestment, stages } = definition.filter;
  return !lists?.length && minTotalInvestment === undefined && !stages?.length;
}

function filterCondition(definition: IndicatorDefinition, columns: FilterColumns): RawBuilder<boolean> {
  const { filter } = definition;
  const col = (name: string) => sql.ref(`${columns.cell}.${name}`);
  const parts: RawBuilder<unknown>[] = [];
  if (filter.sectors?.length) parts.push(sql`${col('sector_code')} = any(${[...filter.sectors]}::text[])`);
  if (filter.fundingSources?.length)
    parts.push(sql`${col('funding_source')} = any(${[...filter.fundingSources]}::text[])`);
  if (filter.highTech !== undefined) parts.push(sql`${col('high_tech')} = ${filter.highTech}`);
  if (filter.stages?.length) parts.push(sql`${col('stage')} = any(${[...filter.stages]}::text[])`);
  if (!rollupCanAnswer(definition)) {
    if (!columns.project) throw new Error(`indicator ${definition.code} needs the projects row`);
    const project = (name: string) => sql.ref(`${columns.project}.${name}`);
    if (filter.lists?.length)
      parts.push(
        sql`exists (select 1 from project_list_members lm where lm.project_id = ${project('id')} and lm.list_code = any(${[...filter.lists]}::text[]))`,
      );
    if (filter.minTotalInvestment !== undefined)
      parts.push(sql`${project('total_investment')} >= ${filter.minTotalInvestment}::numeric`);
  }
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` and `)})` : sql<boolean>`true`;
}

/** monthly[1] + … + monthly[M]: January through the reporting month. */
function cumulativeOf(column: string, month: number): RawBuilder<string> {
  const terms = Array.from({ length: month }, (_, index) => sql`${sql.ref(column)}[${sql.lit(index + 1)}]`);
  return sql<string>`(${sql.join(terms, sql` + `)})`;
}

const pad = (month: number) => String(month).padStart(2, '0');

/** The measure's own condition on a project: started inside the window and by the month, or planned this year. */
function measureCondition(
  definition: IndicatorDefinition,
  period: Period,
  project: string,
): RawBuilder<boolean> {
  const column = (name: string) => sql.ref(`${project}.${name}`);
  if (definition.measure === 'count_planned') return sql<boolean>`${column('planned_year')} = ${period.year}`;
  if (definition.measure !== 'count_started') return sql<boolean>`true`;
  const fromMonth = definition.window?.fromMonth ?? 1;
  const toMonth = Math.min(definition.window?.toMonth ?? 12, period.month);
  if (toMonth < fromMonth) return sql<boolean>`false`;
  const from = `${period.year}-${pad(fromMonth)}-01`;
  const before = toMonth === 12 ? `${period.year + 1}-01-01` : `${period.year}-${pad(toMonth + 1)}-01`;
  return sql<boolean>`(${column('actual_start')} >= ${from}::date and ${column('actual_start')} < ${before}::date)`;
}

type SumColumns = Record<string, string | null> & { region: string };

function sumCells(definitions: readonly IndicatorDefinition[], rows: SumColumns[]): SumCell[] {
  return rows.flatMap((row) =>
    definitions.map((definition, index) => ({
      indicator: definition.code,
      region: row.region,
      cumulative: parseWan(row[`c${index}`] ?? '0'),
      lastYearCumulative: parseWan(row[`l${index}`] ?? '0'),
      annualPlan: parseWan(row[`p${index}`] ?? '0'),
    })),
  );
}

function sumSelections(
  definitions: readonly IndicatorDefinition[],
  period: Period,
  columns: FilterColumns,
): { expression: RawBuilder<string | null>; alias: string }[] {
  const cumulative = columns.cumulative
    ? sql.ref(columns.cumulative)
    : cumulativeOf(`${columns.cell}.monthly`, period.month);
  const planned = sql.ref(`${columns.cell}.planned`);
  const year = sql.ref(`${columns.cell}.year`);
  return definitions.flatMap((definition, index) => {
    const matches = filterCondition(definition, columns);
    return [
      {
        expression: sql<
          string | null
        >`sum(${cumulative}) filter (where ${year} = ${period.year} and ${matches})`,
        alias: `c${index}`,
      },
      {
        expression: sql<
          string | null
        >`sum(${cumulative}) filter (where ${year} = ${period.year - 1} and ${matches})`,
        alias: `l${index}`,
      },
      {
        expression: sql<
          string | null
        >`sum(${planned}) filter (where ${year} = ${period.year} and ${matches})`,
        alias: `p${index}`,
      },
    ];
  });
}

/**
 * Sum indicators of the whole city or one region from the rollup: one pass over this year's and
 * last year's cells (a few thousand rows however many projects), every indicator a FILTER of it.
 */
export async function rollupSums(
  db: Db,
  definitions: readonly IndicatorDefinition[],
  period: Period,
  region: string | null,
): Promise<SumCell[]> {
  if (definitions.length === 0) return [];
  const columns = { cell: 'r' };
  // Each cell's January..M sum is computed once (the CTE is materialised) rather than once per
  // indicator and year in every FILTERed aggregate below.
  const { rows } = await sql<SumColumns>`
    with r as materialized (
      select region_code, year, sector_code, funding_source, high_tech, planned,
             ${cumulativeOf('monthly', period.month)} as cumulative
        from investment_rollup
       where year in (${period.year}, ${period.year - 1})
         ${region === null ? sql`` : sql`and region_code = ${region}`}
    )
    select r.region_code as region, ${sql.join(
      sumSelections(definitions, period, { ...columns, cumulative: 'r.cumulative' }).map(
        ({ expression, alias }) => sql`${expression} as ${sql.ref(alias)}`,
      ),
    )}
      from r
     group by r.region_code`.execute(db);
  return sumCells(definitions, rows);
}

/**
 * Sum indicators the rollup cannot answer, either because the filter reads a named list or the
 * total investment, or because the caller's scope is a set of projects (a department, an owner, a
 * leader): the same pass over the project-year summary rows joined with their projects.
 */
export async function projectSums(
  db: Db,
  scope: Scope,
  definitions: readonly IndicatorDefinition[],
  period: Period,
): Promise<SumCell[]> {
  if (definitions.length === 0) return [];
  const columns = { cell: 'y', project: 'projects' };
  const rows = await db
    .selectFrom('project_year_progress as y')
    .innerJoin('projects', 'projects.id', 'y.project_id')
    .where('y.year', 'in', [period.year, period.year - 1])
    .where(inScope(scope))
    .select([
      sql<string>`y.region_code`.as('region'),
      ...sumSelections(definitions, period, columns).map(({ expression, alias }) => expression.as(alias)),
    ])
    .groupBy('y.region_code')
    .execute();
  return sumCells(definitions, rows as unknown as SumColumns[]);
}

/**
 * Every count indicator in one statement: one branch per indicator, each with its own condition in
 * the WHERE clause, so the stage, planned-year and actual-start indexes narrow each branch to its
 * few candidate projects instead of one pass over the whole registry.
 */
export async function projectCounts(
  db: Db,
  scope: Scope,
  definitions: readonly IndicatorDefinition[],
  period: Period,
): Promise<CountCell[]> {
  const columns = { cell: 'projects', project: 'projects' };
  const branches = definitions.map((definition, index) =>
    db
      .selectFrom('projects')
      .where(inScope(scope))
      .where(() => filterCondition(definition, columns))
      .where(() => measureCondition(definition, period, 'projects'))
      .select([
        sql<number>`${sql.lit(index)}::int`.as('indicator'),
        'projects.region_code as region',
        sql<number>`count(*)::int`.as('count'),
      ])
      .groupBy('projects.region_code'),
  );
  const [first, ...rest] = branches;
  if (!first) return [];
  const rows = await rest.reduce((query, branch) => query.unionAll(branch), first).execute();
  return rows.map((row) => ({
    indicator: definitions[row.indicator]!.code,
    region: row.region,
    count: row.count,
  }));
}

// --- drill-down --------------------------------------------------------------------------------

export type DrillRow = {
  id: string;
  code: string | null;
  name: string;
  region_code: string;
  region_name: string;
  sector_code: string;
  funding_source: DB['projects']['funding_source'];
  high_tech: boolean;
  stage: DB['projects']['stage'];
  total_investment: string;
  actual_start: string | null;
  planned_year: number | null;
  cumulative: string;
  last_year_cumulative: string;
  annual_plan: string;
};

/**
 * The projects behind one figure of the table, in the caller's scope: for a sum indicator those
 * with a summary row this year or last (the rows the rollup adds up), for a count indicator those
 * counted. The totals are over every matching project, not only the page.
 */
export async function drillProjects(
  db: Db,
  scope: Scope,
  definition: IndicatorDefinition,
  options: Period & { region: string | null; page: { page: number; pageSize: number } },
) {
  const period = { year: options.year, month: options.month };
  const columns = { cell: 'projects', project: 'projects' };
  const isSum = definition.measure === 'sum_completed';
  // Each project's two summary rows are looked up by key beside it (a lateral join), so a region's
  // few thousand projects cost a few thousand index probes instead of a scan of every summary row.
  let base = db
    .selectFrom('projects')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('project_year_progress as y')
          .whereRef('y.project_id', '=', 'projects.id')
          .where('y.year', 'in', [period.year, period.year - 1])
          .select([
            sql<string>`coalesce(sum(${cumulativeOf('y.monthly', period.month)}) filter (where y.year = ${period.year}), 0)`.as(
              'cumulative',
            ),
            sql<string>`coalesce(sum(${cumulativeOf('y.monthly', period.month)}) filter (where y.year = ${period.year - 1}), 0)`.as(
              'last_year_cumulative',
            ),
            sql<string>`coalesce(sum(y.planned) filter (where y.year = ${period.year}), 0)`.as('annual_plan'),
            sql<number>`count(*)::int`.as('summary_rows'),
          ])
          .as('f'),
      (join) => join.onTrue(),
    )
    .where(inScope(scope))
    .where(() => filterCondition(definition, columns))
    .where((eb) => (isSum ? eb('f.summary_rows', '>', 0) : measureCondition(definition, period, 'projects')));
  if (options.region !== null) base = base.where('projects.region_code', '=', options.region);
  const cumulative = sql<string>`f.cumulative`;
  const lastYear = sql<string>`f.last_year_cumulative`;
  const plan = sql<string>`f.annual_plan`;
  const items = base
    .innerJoin('regions', 'regions.code', 'projects.region_code')
    .select([
      'projects.id',
      'projects.code',
      'projects.name',
      'projects.region_code',
      'regions.name as region_name',
      'projects.sector_code',
      'projects.funding_source',
      'projects.high_tech',
      'projects.stage',
      'projects.total_investment',
      'projects.actual_start',
      'projects.planned_year',
      sql<string>`(${cumulative})::text`.as('cumulative'),
      sql<string>`(${lastYear})::text`.as('last_year_cumulative'),
      sql<string>`(${plan})::text`.as('annual_plan'),
      // The totals over every matching project ride along on each row of the page (window
      // aggregates are taken before LIMIT), so the matching set is computed once.
      sql<number>`(count(*) over ())::int`.as('total_count'),
      sql<string>`(sum(${cumulative}) over ())::text`.as('total_cumulative'),
      sql<string>`(sum(${lastYear}) over ())::text`.as('total_last_year_cumulative'),
      sql<string>`(sum(${plan}) over ())::text`.as('total_annual_plan'),
    ])
    .orderBy(sql`${cumulative}`, 'desc')
    .orderBy('regions.sort_order')
    .orderBy('projects.name')
    .orderBy('projects.id')
    .limit(options.page.pageSize)
    .offset((options.page.page - 1) * options.page.pageSize);
  const rows = await items.execute();
  const first = rows[0];
  // A page past the end has no row to carry the totals: only then are they asked for separately.
  const totals = first
    ? {
        count: first.total_count,
        cumulative: first.total_cumulative,
        last_year_cumulative: first.total_last_year_cumulative,
        annual_plan: first.total_annual_plan,
      }
    : await base
        .select([
          sql<number>`count(*)::int`.as('count'),
          sql<string>`coalesce(sum(${cumulative}), 0)::text`.as('cumulative'),
          sql<string>`coalesce(sum(${lastYear}), 0)::text`.as('last_year_cumulative'),
          sql<string>`coalesce(sum(${plan}), 0)::text`.as('annual_plan'),
        ])
        .executeTakeFirstOrThrow();
  return { rows: rows satisfies DrillRow[], totals };
}
