import { sql, type Kysely } from 'kysely';
import type { Scope, Tx } from '../../context.ts';
import type { DB, MilestoneStepJson } from '../../db/schema.ts';
import { inScope } from '../projects/repository.ts';
import type {
  AdjustmentDto,
  MilestoneDto,
  PlanDto,
  PlanMemberDto,
  YearPlanDto,
  YearPlanValues,
} from './schemas.ts';

type Db = Kysely<DB> | Tx;

/** The ids of the projects the caller may see, as a subquery: every project-based read goes through it. */
const projectsInScope = (db: Db, scope: Scope) =>
  db.selectFrom('projects').select('projects.id').where(inScope(scope));

// --- plans -------------------------------------------------------------------------------------

/** Plans themselves are city-wide documents every role may see; their members are scoped. */
function planQuery(db: Db, scope: Scope) {
  return db
    .selectFrom('plans')
    .selectAll('plans')
    .select((eb) =>
      eb
        .selectFrom('plan_members')
        .select(sql<string>`count(*)`.as('count'))
        .whereRef('plan_members.plan_id', '=', 'plans.id')
        .where('plan_members.project_id', 'in', projectsInScope(db, scope))
        .as('member_count'),
    );
}

type PlanRowWithCount = Awaited<ReturnType<ReturnType<typeof planQuery>['executeTakeFirstOrThrow']>>;

function toPlanDto(row: PlanRowWithCount): PlanDto {
  return {
    id: row.id,
    year: row.year,
    kind: row.kind,
    name: row.name,
    issuedOn: row.issued_on,
    state: row.state,
    memberCount: Number(row.member_count ?? 0),
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function listPlans(db: Db, scope: Scope, year: number | undefined): Promise<PlanDto[]> {
  let query = planQuery(db, scope);
  if (year !== undefined) query = query.where('plans.year', '=', year);
  const rows = await query
    .orderBy('plans.year', 'desc')
    .orderBy('plans.kind')
    .orderBy('plans.name')
    .execute();
  return rows.map(toPlanDto);
}

export async function findPlan(db: Db, scope: Scope, id: string): Promise<PlanDto | undefined> {
  const row = await planQuery(db, scope).where('plans.id', '=', id).executeTakeFirst();
  return row && toPlanDto(row);
}

/** Locks the plan for the rest of the transaction, so an issue and a member change cannot cross. */
export async function lockPlan(trx: Tx, id: string) {
  return trx.selectFrom('plans').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function planMembers(
  db: Db,
  scope: Scope,
  planId: string,
  year: number,
): Promise<PlanMemberDto[]> {
  const rows = await db
    .selectFrom('plan_members')
    .innerJoin('projects', 'projects.id', 'plan_members.project_id')
    .innerJoin('regions', 'regions.code', 'projects.region_code')
    .select([
      'projects.id',
      'projects.code',
      'projects.name',
      'projects.region_code',
      'regions.name as region_name',
    ])
    .where('plan_members.plan_id', '=', planId)
    .where('plan_members.project_id', 'in', projectsInScope(db, scope))
    .orderBy('projects.region_code')
    .orderBy('projects.name')
    .execute();
  const plans = await loadYearPlans(
    db,
    rows.map((row) => row.id),
    year,
  );
  return rows.map((row) => ({
    projectId: row.id,
    code: row.code,
    name: row.name,
    regionCode: row.region_code,
    regionName: row.region_name,
    yearPlan: plans.get(row.id) ?? null,
  }));
}

export async function isMember(db: Db, planId: string, projectId: string): Promise<boolean> {
  const row = await db
    .selectFrom('plan_members')
    .select('project_id')
    .where('plan_id', '=', planId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The issued plan of that year a project belongs to, if any: its year plan then changes only by adjustment. */
export async function issuedPlanOf(db: Db, projectId: string, year: number) {
  return db
    .selectFrom('plans')
    .innerJoin('plan_members', 'plan_members.plan_id', 'plans.id')
    .select(['plans.id', 'plans.name'])
    .where('plan_members.project_id', '=', projectId)
    .where('plans.year', '=', year)
    .where('plans.state', '=', 'issued')
    .orderBy('plans.name')
    .executeTakeFirst();
}

// --- year plans --------------------------------------------------------------------------------

function yearPlanQuery(db: Db) {
  return db.selectFrom('project_year_plans').select([
    'project_id',
    'year',
    'planned_investment',
    'construction_type',
    'planned_start',
    'planned_completion',
    'progress_goal',
    'distribution_kind',
    // node-postgres would parse numeric[] into floats; text keeps every entry exact.
    sql<string[] | null>`distribution::text[]`.as('distribution'),
    'version',
    'updated_at',
  ]);
}

type YearPlanRow = Awaited<ReturnType<ReturnType<typeof yearPlanQuery>['executeTakeFirstOrThrow']>>;

function toYearPlanDto(row: YearPlanRow): YearPlanDto {
  return {
    projectId: row.project_id,
    year: row.year,
    plannedInvestment: row.planned_investment,
    constructionType: row.construction_type,
    plannedStart: row.planned_start,
    plannedCompletion: row.planned_completion,
    progressGoal: row.progress_goal,
    distributionKind: row.distribution_kind,
    distribution: row.distribution,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function loadYearPlans(db: Db, projectIds: string[], year: number) {
  if (projectIds.length === 0) return new Map<string, YearPlanDto>();
  const rows = await yearPlanQuery(db)
    .where('project_id', 'in', projectIds)
    .where('year', '=', year)
    .execute();
  return new Map(rows.map((row) => [row.project_id, toYearPlanDto(row)]));
}

/** The caller has already checked the project is in scope. */
export async function findYearPlan(db: Db, projectId: string, year: number, { lock = false } = {}) {
  let query = yearPlanQuery(db).where('project_id', '=', projectId).where('year', '=', year);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toYearPlanDto(row);
}

export async function saveYearPlan(
  trx: Tx,
  projectId: string,
  year: number,
  values: YearPlanValues,
  existing: YearPlanDto | undefined,
): Promise<void> {
  const columns = {
    planned_investment: values.plannedInvestment,
    construction_type: values.constructionType,
    planned_start: values.plannedStart,
    planned_completion: values.plannedCompletion,
    progress_goal: values.progressGoal,
    distribution_kind: values.distributionKind,
    distribution: values.distribution,
  };
  if (existing) {
    await trx
      .updateTable('project_year_plans')
      .set({ ...columns, version: existing.version + 1, updated_at: new Date() })
      .where('project_id', '=', projectId)
      .where('year', '=', year)
      .execute();
  } else {
    await trx
      .insertInto('project_year_plans')
      .values({ project_id: projectId, year, ...columns })
      .execute();
  }
}

// --- adjustments -------------------------------------------------------------------------------

export async function insertAdjustment(
  trx: Tx,
  entry: {
    planId: string;
    projectId: string;
    reason: string;
    before: YearPlanValues | null;
    after: YearPlanValues;
    actorId: string | null;
    actorName: string;
  },
): Promise<string> {
  const row = await trx
    .insertInto('plan_adjustments')
    .values({
      plan_id: entry.planId,
      project_id: entry.projectId,
      reason: entry.reason,
      before: JSON.stringify(entry.before),
      after: JSON.stringify(entry.after),
      actor_id: entry.actorId,
      actor_name: entry.actorName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listAdjustments(
  db: Db,
  scope: Scope,
  planId: string,
  id?: string,
): Promise<AdjustmentDto[]> {
  let query = db
    .selectFrom('plan_adjustments')
    .innerJoin('projects', 'projects.id', 'plan_adjustments.project_id')
    .selectAll('plan_adjustments')
    .select('projects.name as project_name')
    .where('plan_adjustments.plan_id', '=', planId)
    .where('plan_adjustments.project_id', 'in', projectsInScope(db, scope));
  if (id) query = query.where('plan_adjustments.id', '=', id);
  const rows = await query.orderBy('plan_adjustments.at').orderBy('plan_adjustments.id').execute();
  return rows.map((row) => ({
    id: row.id,
    planId: row.plan_id,
    projectId: row.project_id,
    projectName: row.project_name,
    reason: row.reason,
    before: row.before as YearPlanValues | null,
    after: row.after as YearPlanValues,
    actorId: row.actor_id,
    actorName: row.actor_name,
    at: row.at.toISOString(),
  }));
}

// --- milestones --------------------------------------------------------------------------------

export type MilestoneRecord = Omit<MilestoneDto, 'status'>;

function milestoneQuery(db: Db) {
  return db
    .selectFrom('milestones')
    .leftJoin('departments', 'departments.id', 'milestones.responsible_department_id')
    .selectAll('milestones')
    .select('departments.name as department_name');
}

type MilestoneRow = Awaited<ReturnType<ReturnType<typeof milestoneQuery>['executeTakeFirstOrThrow']>>;

function toMilestone(row: MilestoneRow): MilestoneRecord {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    responsibleDepartmentId: row.responsible_department_id,
    responsibleDepartmentName: row.department_name,
    responsibleUnit: row.responsible_unit,
    plannedDate: row.planned_date,
    actualDate: row.actual_date,
    sortOrder: row.sort_order,
    version: row.version,
  };
}

/** The caller has already checked the project is in scope. */
export async function listMilestones(db: Db, projectId: string): Promise<MilestoneRecord[]> {
  const rows = await milestoneQuery(db)
    .where('milestones.project_id', '=', projectId)
    .orderBy('milestones.sort_order')
    .orderBy('milestones.planned_date')
    .orderBy('milestones.id')
    .execute();
  return rows.map(toMilestone);
}

/** One milestone, only if its project is in the caller's scope: out of scope reads as absent. */
export async function findMilestone(db: Db, scope: Scope, id: string): Promise<MilestoneRecord | undefined> {
  const row = await milestoneQuery(db)
    .where('milestones.id', '=', id)
    .where('milestones.project_id', 'in', projectsInScope(db, scope))
    .executeTakeFirst();
  return row && toMilestone(row);
}

/** Locks a milestone in scope for the rest of the transaction. */
export async function lockMilestone(trx: Tx, scope: Scope, id: string) {
  return trx
    .selectFrom('milestones')
    .selectAll()
    .where('id', '=', id)
    .where('project_id', 'in', projectsInScope(trx, scope))
    .forUpdate()
    .executeTakeFirst();
}

/** The next sort position after the project's last milestone. */
export async function nextSortOrder(trx: Tx, projectId: string): Promise<number> {
  const row = await trx
    .selectFrom('milestones')
    .select(sql<number>`coalesce(max(sort_order) + 1, 0)::int`.as('next'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return row.next;
}

export async function departmentExists(db: Db, id: string): Promise<boolean> {
  return (
    (await db.selectFrom('departments').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
  );
}

// --- templates ---------------------------------------------------------------------------------

/** The named template, or else the one for the project's sector, or else the general one. */
export async function findTemplate(
  db: Db,
  options: { code?: string; sectorCode: string },
): Promise<{ code: string; name: string; steps: MilestoneStepJson[] } | undefined> {
  let query = db.selectFrom('milestone_templates').select(['code', 'name', 'steps']);
  query = options.code
    ? query.where('code', '=', options.code)
    : query
        .where((eb) => eb.or([eb('sector_code', '=', options.sectorCode), eb('sector_code', 'is', null)]))
        // A sector's own template wins over the general one.
        .orderBy(sql`sector_code is null`)
        .orderBy('code');
  return query.executeTakeFirst();
}
