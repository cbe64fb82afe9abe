import { stageOnStart, type ReportingRule } from '@beacon/domain';
import { sql, type Kysely } from 'kysely';
import type { Scope, Tx } from '../../context.ts';
import type { DB, ProgressReportRow, ProjectRow } from '../../db/schema.ts';
import { inScope } from '../projects/repository.ts';

type Db = Kysely<DB> | Tx;

/** The project facts a report needs: where it is (the due day) and who reviews it. */
export type ReportProject = {
  id: string;
  name: string;
  regionCode: string;
  responsibleDepartmentId: string | null;
};

/** A project in the caller's scope (through the projects' own `inScope`), or undefined. */
export async function findProjectInScope(
  db: Db,
  scope: Scope,
  id: string,
): Promise<ReportProject | undefined> {
  return db
    .selectFrom('projects')
    .select([
      'projects.id',
      'projects.name',
      'projects.region_code as regionCode',
      'projects.responsible_department_id as responsibleDepartmentId',
    ])
    .where('projects.id', '=', id)
    .where(inScope(scope))
    .executeTakeFirst();
}

/** Projects in scope among `ids`; the rest are absent or hidden, and are reported alike. */
export async function findProjectsInScope(
  db: Db,
  scope: Scope,
  ids: string[],
): Promise<Map<string, ReportProject>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('projects')
    .select([
      'projects.id',
      'projects.name',
      'projects.region_code as regionCode',
      'projects.responsible_department_id as responsibleDepartmentId',
    ])
    .where('projects.id', 'in', ids)
    .where(inScope(scope))
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * The latest revision of a project's month inside the caller's scope, locked for the rest of the
 * transaction; out of scope reads as absent.
 */
export async function lockLatestRevision(
  trx: Tx,
  scope: Scope,
  period: { projectId: string; year: number; month: number },
): Promise<ProgressReportRow | undefined> {
  return trx
    .selectFrom('progress_reports')
    .innerJoin('projects', 'projects.id', 'progress_reports.project_id')
    .selectAll('progress_reports')
    .where('progress_reports.project_id', '=', period.projectId)
    .where('progress_reports.year', '=', period.year)
    .where('progress_reports.month', '=', period.month)
    .where(inScope(scope))
    .orderBy('progress_reports.revision', 'desc')
    .limit(1)
    .forUpdate('progress_reports')
    .executeTakeFirst();
}

export type ScopedReport = ProgressReportRow & { project: ReportProject; latest: boolean };

/**
 * Reports by id inside the caller's scope, locked, each with its project and whether it is the
 * latest revision of its month (only the latest may be reviewed). Hidden ones are absent.
 */
export async function lockReports(trx: Tx, scope: Scope, ids: string[]): Promise<Map<string, ScopedReport>> {
  if (ids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('progress_reports')
    .innerJoin('projects', 'projects.id', 'progress_reports.project_id')
    .selectAll('progress_reports')
    .select([
      'projects.name as project_name',
      'projects.region_code as project_region_code',
      'projects.responsible_department_id as project_department_id',
      (eb) =>
        eb
          .not(
            eb.exists(
              eb
                .selectFrom('progress_reports as newer')
                .select('newer.id')
                .whereRef('newer.project_id', '=', 'progress_reports.project_id')
                .whereRef('newer.year', '=', 'progress_reports.year')
                .whereRef('newer.month', '=', 'progress_reports.month')
                .whereRef('newer.revision', '>', 'progress_reports.revision'),
            ),
          )
          .as('latest'),
    ])
    .where('progress_reports.id', 'in', ids)
    .where(inScope(scope))
    .forUpdate('progress_reports')
    .execute();
  return new Map(
    rows.map(({ project_name, project_region_code, project_department_id, latest, ...row }) => [
      row.id,
      {
        ...row,
        latest: Boolean(latest),
        project: {
          id: row.project_id,
          name: project_name,
          regionCode: project_region_code,
          responsibleDepartmentId: project_department_id,
        },
      },
    ]),
  );
}

export type Acceptance = { projectId: string; year: number; month: number; amount: string };

/**
 * Writes accepted amounts into the project-year summaries, in the caller's transaction. Acceptance
 * is always of a month's latest revision, so its amount replaces whatever counted before. The
 * whole batch is two statements however many project-years it touches: the summary's statement
 * triggers (migration 0005) roll each statement into `investment_rollup` once, so a statement per
 * project would cost a rollup per project. Elements are assigned in SQL, so two acceptances of
 * different months of one project-year cannot overwrite each other's element.
 */
export async function applyAcceptances(trx: Tx, entries: readonly Acceptance[]): Promise<void> {
  if (entries.length === 0) return;
  const input = JSON.stringify(
    entries.map((entry) => ({
      project_id: entry.projectId,
      year: entry.year,
      month: entry.month,
      amount: entry.amount,
    })),
  );
  const rows = sql`jsonb_to_recordset(${input}::jsonb) as t(project_id uuid, year integer, month integer, amount numeric)`;
  // Only the missing rows: the summary's BEFORE INSERT trigger runs for every row offered, even one
  // the conflict clause then drops.
  await sql`
    insert into project_year_progress (project_id, year)
    select distinct t.project_id, t.year from ${rows}
     where not exists (
       select 1 from project_year_progress y where y.project_id = t.project_id and y.year = t.year)
    on conflict (project_id, year) do nothing`.execute(trx);
  const months = Array.from({ length: 12 }, (_, index) => index + 1);
  const given = sql.join(months.map((m) => sql`max(amount) filter (where month = ${sql.lit(m)})`));
  const merged = sql.join(
    months.map((m) => sql`coalesce(g.amounts[${sql.lit(m)}], y.monthly[${sql.lit(m)}])`),
  );
  await sql`
    with g as (
      select project_id, year, array[${given}]::numeric(18, 4)[] as amounts, max(month) as through
        from ${rows}
       group by project_id, year
    )
    update project_year_progress y
       set monthly = array[${merged}]::numeric(18, 4)[],
           accepted_through_month = greatest(y.accepted_through_month, g.through),
           updated_at = now()
      from g
     where y.project_id = g.project_id and y.year = g.year`.execute(trx);
}

export type StartedProject = {
  id: string;
  before: { stage: ProjectRow['stage']; actualStart: string | null; version: number };
  after: { stage: ProjectRow['stage']; actualStart: string | null; version: number };
};

/**
 * Records the start of work that accepted reports state: the earliest reported date becomes the
 * project's actual start where it has none, and a project still in preparation moves to
 * construction (see `stageOnStart` in the domain). One locking read and one update for the whole
 * batch; returns the projects it changed with their values before and after, for the audit.
 */
export async function recordStarts(
  trx: Tx,
  starts: readonly { projectId: string; startedOn: string }[],
): Promise<StartedProject[]> {
  const earliest = new Map<string, string>();
  for (const { projectId, startedOn } of starts) {
    const known = earliest.get(projectId);
    if (!known || startedOn < known) earliest.set(projectId, startedOn);
  }
  if (earliest.size === 0) return [];
  const current = await trx
    .selectFrom('projects')
    .select(['id', 'stage', 'actual_start', 'version'])
    .where(
      'id',
      'in',
      sql<string>`(select jsonb_array_elements_text(${JSON.stringify([...earliest.keys()])}::jsonb)::uuid)`,
    )
    .forUpdate()
    .execute();
  const changes = current.flatMap((row): StartedProject[] => {
    const stage = stageOnStart(row.stage) ?? row.stage;
    const actualStart = row.actual_start ?? earliest.get(row.id)!;
    if (stage === row.stage && actualStart === row.actual_start) return [];
    return [
      {
        id: row.id,
        before: { stage: row.stage, actualStart: row.actual_start, version: row.version },
        after: { stage, actualStart, version: row.version + 1 },
      },
    ];
  });
  if (changes.length === 0) return [];
  const input = JSON.stringify(
    changes.map((change) => ({
      id: change.id,
      stage: change.after.stage,
      actual_start: change.after.actualStart,
    })),
  );
  await sql`
    update projects p
       set stage = c.stage, actual_start = c.actual_start, version = p.version + 1, updated_at = now()
      from jsonb_to_recordset(${input}::jsonb) as c(id uuid, stage text, actual_start date)
     where p.id = c.id`.execute(trx);
  return changes;
}

export type YearSummary = {
  projectId: string;
  year: number;
  monthly: string[];
  acceptedThroughMonth: number;
};

/** Every summary row of these projects (unscoped: callers pass ids they already checked). */
export async function loadSummaries(db: Db, projectIds: string[]): Promise<YearSummary[]> {
  if (projectIds.length === 0) return [];
  return db
    .selectFrom('project_year_progress')
    .select([
      'project_id as projectId',
      'year',
      // numeric[] would arrive as JS floats; text[] keeps the exact decimals.
      sql<string[]>`monthly::text[]`.as('monthly'),
      'accepted_through_month as acceptedThroughMonth',
    ])
    .where('project_id', 'in', [...new Set(projectIds)])
    .orderBy('year')
    .execute();
}

export async function loadRules(db: Db, years: number[]): Promise<ReportingRule[]> {
  if (years.length === 0) return [];
  const rows = await db
    .selectFrom('reporting_rules')
    .select(['year', 'region_code', 'due_day'])
    .where('year', 'in', [...new Set(years)])
    .execute();
  return rows.map((row) => ({ year: row.year, regionCode: row.region_code, dueDay: row.due_day }));
}

/**
 * The general reporting rule for each year that has none, at the policy's default day (the column
 * default). Idempotent, so it runs with the reference data at every start.
 */
export async function ensureReportingRules(db: Db, years: number[]): Promise<void> {
  await db
    .insertInto('reporting_rules')
    .values(years.map((year) => ({ year, region_code: null })))
    .onConflict((oc) => oc.columns(['year', 'region_code']).doNothing())
    .execute();
}

export type ReportView = ProgressReportRow & {
  projectName: string;
  regionCode: string;
  regionName: string;
  reviewerName: string | null;
};

/** Reports with their project, region and reviewer names, in the order of `ids` (unscoped). */
export async function loadReportViews(db: Db, ids: string[]): Promise<ReportView[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('progress_reports')
    .innerJoin('projects', 'projects.id', 'progress_reports.project_id')
    .innerJoin('regions', 'regions.code', 'projects.region_code')
    .leftJoin('users as reviewer', 'reviewer.id', 'progress_reports.reviewed_by')
    .selectAll('progress_reports')
    .select([
      'projects.name as projectName',
      'projects.region_code as regionCode',
      'regions.name as regionName',
      'reviewer.display_name as reviewerName',
    ])
    .where('progress_reports.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Every revision of a project's reports in the caller's scope, oldest first. */
export async function listProjectReportIds(
  db: Db,
  scope: Scope,
  projectId: string,
  year?: number,
): Promise<string[]> {
  let query = db
    .selectFrom('progress_reports')
    .innerJoin('projects', 'projects.id', 'progress_reports.project_id')
    .select('progress_reports.id')
    .where('progress_reports.project_id', '=', projectId)
    .where(inScope(scope));
  if (year !== undefined) query = query.where('progress_reports.year', '=', year);
  const rows = await query
    .orderBy('progress_reports.year')
    .orderBy('progress_reports.month')
    .orderBy('progress_reports.revision')
    .execute();
  return rows.map((row) => row.id);
}

export type ReportFilter = { year?: number; month?: number; state?: string; region?: string };

/**
 * The verification queue: the latest revision of each project-month in scope, filtered. Superseded
 * revisions are history, not work, so they appear only in a project's own report history.
 */
export async function listReports(
  db: Db,
  scope: Scope,
  filter: ReportFilter,
  page: { page: number; pageSize: number },
): Promise<{ ids: string[]; total: number }> {
  let base = db
    .selectFrom('progress_reports')
    .innerJoin('projects', 'projects.id', 'progress_reports.project_id')
    .where(inScope(scope))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('progress_reports as newer')
            .select('newer.id')
            .whereRef('newer.project_id', '=', 'progress_reports.project_id')
            .whereRef('newer.year', '=', 'progress_reports.year')
            .whereRef('newer.month', '=', 'progress_reports.month')
            .whereRef('newer.revision', '>', 'progress_reports.revision'),
        ),
      ),
    );
  if (filter.year !== undefined) base = base.where('progress_reports.year', '=', filter.year);
  if (filter.month !== undefined) base = base.where('progress_reports.month', '=', filter.month);
  if (filter.state)
    base = base.where('progress_reports.state', '=', filter.state as ProgressReportRow['state']);
  if (filter.region) base = base.where('projects.region_code', '=', filter.region);
  const [rows, count] = await Promise.all([
    base
      .select('progress_reports.id')
      .orderBy('progress_reports.year', 'desc')
      .orderBy('progress_reports.month', 'desc')
      .orderBy('projects.region_code')
      .orderBy('projects.name')
      .orderBy('progress_reports.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    base.select(sql<string>`count(*)`.as('count')).executeTakeFirstOrThrow(),
  ]);
  return { ids: rows.map((row) => row.id), total: Number(count.count) };
}

/** Every report of these projects by `project:year:month` (the caller checked their scope). */
export async function existingReports(trx: Tx, projectIds: string[]) {
  const byKey = new Map<string, Pick<ProgressReportRow, 'source' | 'completed_amount'>[]>();
  if (projectIds.length === 0) return byKey;
  const rows = await trx
    .selectFrom('progress_reports')
    .select(['project_id', 'year', 'month', 'source', 'completed_amount'])
    .where('project_id', 'in', projectIds)
    .execute();
  for (const row of rows) {
    const key = `${row.project_id}:${row.year}:${row.month}`;
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  return byKey;
}

/** A JSON array bound as one parameter, read as a set: one statement for any batch size. */
const jsonSet = (values: readonly string[]) =>
  sql<string>`(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

const uuidSet = (values: readonly string[]) =>
  sql<string>`(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)::uuid)`;

export type SheetProject = ReportProject & {
  code: string;
  stage: ProjectRow['stage'];
  actualStart: string | null;
};

/**
 * Projects in the caller's scope by unified code; codes that are unknown or hidden are absent
 * alike, so a row error never tells whether a project exists elsewhere.
 */
export async function findProjectsByCodeInScope(
  db: Db,
  scope: Scope,
  codes: readonly string[],
): Promise<Map<string, SheetProject>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('projects')
    .select([
      'projects.id',
      'projects.code',
      'projects.name',
      'projects.region_code as regionCode',
      'projects.responsible_department_id as responsibleDepartmentId',
      'projects.stage',
      'projects.actual_start as actualStart',
    ])
    .where('projects.code', 'in', jsonSet(codes))
    .where(inScope(scope))
    .execute();
  return new Map(rows.map((row) => [row.code!, { ...row, code: row.code! }]));
}

/** Every revision of one month of these projects, locked, grouped by project, latest first. */
export async function lockMonthRevisions(
  trx: Tx,
  period: { year: number; month: number },
  projectIds: readonly string[],
): Promise<Map<string, ProgressReportRow[]>> {
  const byProject = new Map<string, ProgressReportRow[]>();
  if (projectIds.length === 0) return byProject;
  const rows = await trx
    .selectFrom('progress_reports')
    .selectAll()
    .where('year', '=', period.year)
    .where('month', '=', period.month)
    .where(sql<boolean>`project_id in ${uuidSet(projectIds)}`)
    .orderBy('project_id')
    .orderBy('revision', 'desc')
    .forUpdate()
    .execute();
  for (const row of rows) byProject.set(row.project_id, [...(byProject.get(row.project_id) ?? []), row]);
  return byProject;
}

/** The figures a sheet row gives a report; the same shape whether inserted or updated. */
export type SheetFigures = {
  completed_amount: string;
  physical_progress: string | null;
  percent_complete: string | null;
  started_on: string | null;
  stats_registered: boolean;
};

/**
 * Inserts accepted revisions in one statement (the rows travel as one JSON parameter, so the
 * statement does not grow with the batch's parameter count). Returns their ids by project.
 */
export async function insertAcceptedReports(
  trx: Tx,
  values: {
    period: { year: number; month: number };
    reviewer: string | null;
    at: Date;
    rows: readonly (SheetFigures & { project_id: string; revision: number; late: boolean })[];
  },
): Promise<Map<string, string>> {
  if (values.rows.length === 0) return new Map();
  const { year, month } = values.period;
  const inserted = await sql<{ id: string; project_id: string }>`
    insert into progress_reports
      (project_id, year, month, revision, state, completed_amount, physical_progress, percent_complete,
       started_on, stats_registered, source, submitted_at, late, reviewed_by, reviewed_at, created_by)
    select r.project_id, ${year}::integer, ${month}::integer, r.revision, 'accepted', r.completed_amount,
           r.physical_progress, r.percent_complete, r.started_on, r.stats_registered, 'sheet',
           ${values.at}::timestamptz, r.late, ${values.reviewer}::uuid, ${values.at}::timestamptz,
           ${values.reviewer}::uuid
      from jsonb_to_recordset(${JSON.stringify(values.rows)}::jsonb) as r(
             project_id uuid, revision integer, completed_amount numeric, physical_progress text,
             percent_complete numeric, started_on date, stats_registered boolean, late boolean)
    returning id, project_id`.execute(trx);
  return new Map(inserted.rows.map((row) => [row.project_id, row.id]));
}

/** Accepts pending revisions (draft, submitted, returned) in place with a sheet's figures, in one statement. */
export async function acceptPendingWithFigures(
  trx: Tx,
  values: {
    reviewer: string | null;
    at: Date;
    rows: readonly (SheetFigures & { id: string; late: boolean })[];
  },
): Promise<void> {
  if (values.rows.length === 0) return;
  await sql`
    update progress_reports p
       set state = 'accepted', completed_amount = r.completed_amount, physical_progress = r.physical_progress,
           percent_complete = r.percent_complete, started_on = r.started_on,
           stats_registered = r.stats_registered, source = 'sheet',
           submitted_at = coalesce(p.submitted_at, ${values.at}::timestamptz), late = r.late,
           return_reason = null, reviewed_by = ${values.reviewer}::uuid,
           reviewed_at = ${values.at}::timestamptz, version = p.version + 1, updated_at = ${values.at}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(values.rows)}::jsonb) as r(
             id uuid, completed_amount numeric, physical_progress text, percent_complete numeric,
             started_on date, stats_registered boolean, late boolean)
     where p.id = r.id`.execute(trx);
}

export type SheetDownloadRow = {
  id: string;
  code: string;
  name: string;
  ownerName: string;
  regionName: string;
  actualStart: string | null;
  planned: string | null;
  cumulative: string;
};

/**
 * The projects a month's sheet lists: those the caller may review with a unified code (the
 * sheet's key) that are under construction or have a plan for the year; with the year's plan and
 * the accepted amount before the month.
 */
export async function listSheetProjects(
  db: Db,
  scope: Scope,
  filter: { year: number; month: number; region?: string },
): Promise<SheetDownloadRow[]> {
  let query = db
    .selectFrom('projects')
    .innerJoin('enterprises', 'enterprises.id', 'projects.owner_id')
    .innerJoin('regions', 'regions.code', 'projects.region_code')
    .leftJoin('project_year_plans as plan', (join) =>
      join.onRef('plan.project_id', '=', 'projects.id').on('plan.year', '=', filter.year),
    )
    .leftJoin('project_year_progress as summary', (join) =>
      join.onRef('summary.project_id', '=', 'projects.id').on('summary.year', '=', filter.year),
    )
    .select([
      'projects.id',
      'projects.name',
      'enterprises.name as ownerName',
      'regions.name as regionName',
      'projects.actual_start as actualStart',
      'plan.planned_investment as planned',
      // Summed in SQL and read as text: the exact decimals, never a float.
      sql<string>`(select coalesce(sum(v), 0) from unnest(summary.monthly[1:${sql.lit(filter.month - 1)}]) as v)::numeric(18, 4)::text`.as(
        'cumulative',
      ),
    ])
    .select(sql<string>`projects.code`.as('code'))
    .where('projects.code', 'is not', null)
    .where((eb) => eb.or([eb('projects.stage', '=', 'construction'), eb('plan.project_id', 'is not', null)]))
    .where(inScope(scope));
  if (filter.region) query = query.where('projects.region_code', '=', filter.region);
  // A department reviews only the projects it is responsible for (see reviewRefusal), so the sheet
  // it uploads back must not list those it merely serves.
  if (scope.kind === 'department')
    query = query.where('projects.responsible_department_id', '=', scope.departmentId);
  return query.orderBy('regions.sort_order').orderBy('projects.code').execute();
}

/** The latest revision of one month of these projects (unscoped: the caller passes checked ids). */
export async function latestMonthRevisions(
  db: Db,
  period: { year: number; month: number },
  projectIds: readonly string[],
): Promise<Map<string, ProgressReportRow>> {
  if (projectIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('progress_reports')
    .selectAll()
    .distinctOn('project_id')
    .where('year', '=', period.year)
    .where('month', '=', period.month)
    .where(sql<boolean>`project_id in ${uuidSet(projectIds)}`)
    .orderBy('project_id')
    .orderBy('revision', 'desc')
    .execute();
  return new Map(rows.map((row) => [row.project_id, row]));
}

/** A report inside the caller's scope (through its project), or undefined. */
export async function findReportInScope(db: Db, scope: Scope, id: string) {
  return db
    .selectFrom('progress_reports')
    .innerJoin('projects', 'projects.id', 'progress_reports.project_id')
    .select(['progress_reports.id', 'progress_reports.state'])
    .where('progress_reports.id', '=', id)
    .where(inScope(scope))
    .executeTakeFirst();
}

export type PhotoView = {
  id: string;
  reportId: string;
  fileName: string;
  contentType: 'image/jpeg' | 'image/png' | 'image/webp';
  size: number;
  sha256: string;
  uploadedBy: string | null;
  uploaderName: string | null;
  createdAt: Date;
};

/** A report's photos without their bytes, oldest first (unscoped: the caller checked the report). */
export async function listPhotoViews(db: Db, reportId: string): Promise<PhotoView[]> {
  return db
    .selectFrom('report_photos')
    .leftJoin('users', 'users.id', 'report_photos.uploaded_by')
    .select([
      'report_photos.id',
      'report_photos.report_id as reportId',
      'report_photos.file_name as fileName',
      'report_photos.content_type as contentType',
      'report_photos.size',
      'report_photos.sha256',
      'report_photos.uploaded_by as uploadedBy',
      'users.display_name as uploaderName',
      'report_photos.created_at as createdAt',
    ])
    .where('report_photos.report_id', '=', reportId)
    .orderBy('report_photos.created_at')
    .orderBy('report_photos.id')
    .execute();
}

/** A photo whose report's project is in the caller's scope, with its bytes; else undefined. */
export async function findPhotoInScope(db: Db, scope: Scope, id: string) {
  return db
    .selectFrom('report_photos')
    .innerJoin('progress_reports', 'progress_reports.id', 'report_photos.report_id')
    .innerJoin('projects', 'projects.id', 'progress_reports.project_id')
    .select([
      'report_photos.id',
      'report_photos.report_id as reportId',
      'report_photos.file_name as fileName',
      'report_photos.content_type as contentType',
      'report_photos.size',
      'report_photos.sha256',
      'report_photos.data',
    ])
    .where('report_photos.id', '=', id)
    .where(inScope(scope))
    .executeTakeFirst();
}

export type RuleView = {
  id: string;
  year: number;
  regionCode: string | null;
  regionName: string | null;
  dueDay: number;
  timeProgressMode: 'month' | 'days';
  updatedAt: Date;
};

/** A year's reporting rules, the general one first, then by region. */
export async function listRuleViews(db: Db, year: number): Promise<RuleView[]> {
  return db
    .selectFrom('reporting_rules')
    .leftJoin('regions', 'regions.code', 'reporting_rules.region_code')
    .select([
      'reporting_rules.id',
      'reporting_rules.year',
      'reporting_rules.region_code as regionCode',
      'regions.name as regionName',
      'reporting_rules.due_day as dueDay',
      'reporting_rules.time_progress_mode as timeProgressMode',
      'reporting_rules.updated_at as updatedAt',
    ])
    .where('reporting_rules.year', '=', year)
    .orderBy(sql`reporting_rules.region_code is not null`)
    .orderBy('regions.sort_order')
    .execute();
}

/** Inserts or replaces the rule of a year and region (null: the year's general rule); returns its id. */
export async function upsertRule(
  trx: Tx,
  rule: { year: number; regionCode: string | null; dueDay: number; timeProgressMode: 'month' | 'days' },
): Promise<string> {
  const row = await trx
    .insertInto('reporting_rules')
    .values({
      year: rule.year,
      region_code: rule.regionCode,
      due_day: rule.dueDay,
      time_progress_mode: rule.timeProgressMode,
    })
    .onConflict((oc) =>
      oc.columns(['year', 'region_code']).doUpdateSet({
        due_day: rule.dueDay,
        time_progress_mode: rule.timeProgressMode,
        updated_at: new Date(),
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
