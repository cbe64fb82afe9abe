import {
  canAdjustPlan,
  canIssuePlan,
  checkDistribution,
  isPlanEditable,
  milestoneStatus,
  MoneyFormatError,
  parseWan,
  reverseSchedule,
  ScheduleError,
  todayIn,
  wanToDecimal,
} from '@beacon/domain';
import type { RequestContext, Scope, Services, Tx } from '../../context.ts';
import { AppError, notFound, type ErrorDetail } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { inScope, lockProject } from '../projects/repository.ts';
import {
  departmentExists,
  findMilestone,
  findPlan,
  findTemplate,
  findYearPlan,
  insertAdjustment,
  isMember,
  issuedPlanOf,
  listAdjustments,
  listMilestones,
  listPlans,
  lockMilestone,
  lockPlan,
  nextSortOrder,
  planMembers,
  saveYearPlan,
  type MilestoneRecord,
} from './repository.ts';
import type {
  AdjustmentDto,
  AdjustmentInput,
  CreateMilestoneInput,
  CreatePlanInput,
  IssuePlanInput,
  MilestoneDto,
  PlanDetailDto,
  PutYearPlanInput,
  ReverseScheduleInput,
  UpdateMilestoneInput,
  UpdatePlanInput,
  YearPlanDto,
  YearPlanValues,
} from './schemas.ts';

/**
 * Every city the platform serves keeps China Standard Time, so "today" for milestone status and
 * a plan's default issue date is the calendar day there, whatever the server's clock zone.
 */
export const PLAN_TIME_ZONE = 'Asia/Shanghai';

const ISSUED_PLAN_LOCKED = '计划已下达，只能通过计划调整修改';

function rejectIfInvalid(problems: ErrorDetail[]) {
  if (problems.length > 0) {
    throw new AppError('VALIDATION', problems.map((p) => p.reason).join('；'), { details: problems });
  }
}

/** A project the caller may see, with what the services need of it; out of scope reads as absent. */
async function projectInScope(db: Services['db'] | Tx, scope: Scope, id: string) {
  const project = await db
    .selectFrom('projects')
    .select(['id', 'name', 'sector_code'])
    .where('id', '=', id)
    .where(inScope(scope))
    .executeTakeFirst();
  if (!project) throw notFound('项目');
  return project;
}

// --- plans -------------------------------------------------------------------------------------

export async function listPlansFor(services: Services, ctx: RequestContext, year: number | undefined) {
  return { items: await listPlans(services.db, ctx.actor.scope, year) };
}

async function planDetail(db: Services['db'] | Tx, scope: Scope, id: string): Promise<PlanDetailDto> {
  const plan = await findPlan(db, scope, id);
  if (!plan) throw notFound('计划');
  return { ...plan, members: await planMembers(db, scope, id, plan.year) };
}

export async function getPlan(services: Services, ctx: RequestContext, id: string): Promise<PlanDetailDto> {
  return planDetail(services.db, ctx.actor.scope, id);
}

async function assertNameFree(trx: Tx, year: number, name: string, exceptId?: string) {
  let query = trx.selectFrom('plans').select('id').where('year', '=', year).where('name', '=', name);
  if (exceptId) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) {
    throw new AppError('CONFLICT', `${year} 年已有名为「${name}」的计划`, {
      details: [{ field: 'name', reason: '同一年度已有同名计划', value: name }],
    });
  }
}

export async function createPlan(
  services: Services,
  ctx: RequestContext,
  input: CreatePlanInput,
): Promise<PlanDetailDto> {
  const name = input.name.trim();
  return services.db.transaction().execute(async (trx) => {
    await assertNameFree(trx, input.year, name);
    const { id } = await trx
      .insertInto('plans')
      .values({ year: input.year, kind: input.kind, name })
      .returning('id')
      .executeTakeFirstOrThrow();
    const after = await planDetail(trx, ctx.actor.scope, id);
    await recordAudit(trx, ctx, { action: 'plan.create', objectType: 'plan', objectId: id, after });
    return after;
  });
}

/** Locks a plan and checks the version the caller read; a stale write gets 409 with the current plan. */
async function lockPlanAt(trx: Tx, scope: Scope, id: string, version?: number) {
  const row = await lockPlan(trx, id);
  if (!row) throw notFound('计划');
  if (version !== undefined && row.version !== version) {
    throw new AppError('VERSION_CONFLICT', '该计划已被他人修改，请刷新后再编辑', {
      current: await planDetail(trx, scope, id),
    });
  }
  return row;
}

export async function updatePlan(
  services: Services,
  ctx: RequestContext,
  id: string,
  input: UpdatePlanInput,
): Promise<PlanDetailDto> {
  return services.db.transaction().execute(async (trx) => {
    const row = await lockPlanAt(trx, ctx.actor.scope, id, input.version);
    if (!isPlanEditable(row.state)) throw new AppError('CONFLICT', ISSUED_PLAN_LOCKED);
    const before = await planDetail(trx, ctx.actor.scope, id);
    const year = input.year ?? row.year;
    const name = input.name?.trim() ?? row.name;
    await assertNameFree(trx, year, name, id);
    await trx
      .updateTable('plans')
      .set({ year, name, kind: input.kind ?? row.kind, version: row.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    const after = await planDetail(trx, ctx.actor.scope, id);
    await recordAudit(trx, ctx, { action: 'plan.update', objectType: 'plan', objectId: id, before, after });
    return after;
  });
}

export async function issuePlan(
  services: Services,
  ctx: RequestContext,
  id: string,
  input: IssuePlanInput,
): Promise<PlanDetailDto> {
  return services.db.transaction().execute(async (trx) => {
    const row = await lockPlanAt(trx, ctx.actor.scope, id, input.version);
    if (!canIssuePlan(row.state)) throw new AppError('CONFLICT', '计划已下达');
    const before = await planDetail(trx, ctx.actor.scope, id);
    await trx
      .updateTable('plans')
      .set({
        state: 'issued',
        issued_on: input.issuedOn ?? todayIn(PLAN_TIME_ZONE),
        version: row.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    const after = await planDetail(trx, ctx.actor.scope, id);
    await recordAudit(trx, ctx, { action: 'plan.issue', objectType: 'plan', objectId: id, before, after });
    return after;
  });
}

/** Membership is part of the plan: it moves the plan's version, so a form holding the old one reloads. */
async function touchPlan(trx: Tx, id: string, version: number) {
  await trx
    .updateTable('plans')
    .set({ version: version + 1, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function addMember(
  services: Services,
  ctx: RequestContext,
  id: string,
  projectId: string,
): Promise<PlanDetailDto> {
  return services.db.transaction().execute(async (trx) => {
    const row = await lockPlanAt(trx, ctx.actor.scope, id);
    if (!isPlanEditable(row.state)) throw new AppError('CONFLICT', ISSUED_PLAN_LOCKED);
    await projectInScope(trx, ctx.actor.scope, projectId);
    if (!(await isMember(trx, id, projectId))) {
      await trx.insertInto('plan_members').values({ plan_id: id, project_id: projectId }).execute();
      await touchPlan(trx, id, row.version);
      await recordAudit(trx, ctx, {
        action: 'plan.member.add',
        objectType: 'plan',
        objectId: id,
        after: { planId: id, projectId },
      });
    }
    return planDetail(trx, ctx.actor.scope, id);
  });
}

export async function removeMember(
  services: Services,
  ctx: RequestContext,
  id: string,
  projectId: string,
): Promise<PlanDetailDto> {
  return services.db.transaction().execute(async (trx) => {
    const row = await lockPlanAt(trx, ctx.actor.scope, id);
    if (!isPlanEditable(row.state)) throw new AppError('CONFLICT', ISSUED_PLAN_LOCKED);
    await projectInScope(trx, ctx.actor.scope, projectId);
    const removed = await trx
      .deleteFrom('plan_members')
      .where('plan_id', '=', id)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    if (removed.numDeletedRows === 0n) throw notFound('计划成员');
    await touchPlan(trx, id, row.version);
    await recordAudit(trx, ctx, {
      action: 'plan.member.remove',
      objectType: 'plan',
      objectId: id,
      before: { planId: id, projectId },
    });
    return planDetail(trx, ctx.actor.scope, id);
  });
}

export async function listPlanAdjustments(services: Services, ctx: RequestContext, id: string) {
  if (!(await findPlan(services.db, ctx.actor.scope, id))) throw notFound('计划');
  return { items: await listAdjustments(services.db, ctx.actor.scope, id) };
}

/**
 * 计划调整: the one way an issued plan changes. The project's year plan is rewritten and the values
 * before and after are kept with the reason, who and when, so the plan as issued stays readable.
 */
export async function adjustPlan(
  services: Services,
  ctx: RequestContext,
  id: string,
  input: AdjustmentInput,
): Promise<AdjustmentDto> {
  return services.db.transaction().execute(async (trx) => {
    const plan = await lockPlanAt(trx, ctx.actor.scope, id);
    if (!canAdjustPlan(plan.state)) throw new AppError('CONFLICT', '计划尚未下达，请直接修改，无需调整');
    if (!(await lockProject(trx, ctx.actor.scope, input.projectId))) throw notFound('项目');
    if (!(await isMember(trx, id, input.projectId))) {
      throw new AppError('VALIDATION', '项目不在该计划中', {
        details: [{ field: 'projectId', reason: '项目不在该计划中', value: input.projectId }],
      });
    }
    const existing = await findYearPlan(trx, input.projectId, plan.year, { lock: true });
    const before = existing ? valuesOf(existing) : null;
    const { changes } = input;
    const merged = {
      ...(before ?? {}),
      ...changes,
      ...(changes.distributionKind === 'none' && changes.distribution === undefined
        ? { distribution: null }
        : {}),
    };
    const { plannedInvestment, constructionType, ...rest } = merged;
    if (plannedInvestment === undefined || constructionType === undefined) {
      throw new AppError('VALIDATION', '该项目尚无年度计划，调整须给出年度计划投资和建设性质', {
        details: [{ field: 'changes', reason: '须给出 plannedInvestment 和 constructionType' }],
      });
    }
    const after = checkYearPlan({ ...rest, plannedInvestment, constructionType });
    await saveYearPlan(trx, input.projectId, plan.year, after, existing);
    const adjustmentId = await insertAdjustment(trx, {
      planId: id,
      projectId: input.projectId,
      reason: input.reason.trim(),
      before,
      after,
      actorId: ctx.actor.userId,
      actorName: ctx.actor.name,
    });
    await recordAudit(trx, ctx, {
      action: 'plan.adjust',
      objectType: 'plan',
      objectId: id,
      before: { projectId: input.projectId, yearPlan: before },
      after: { projectId: input.projectId, yearPlan: after, reason: input.reason.trim(), adjustmentId },
    });
    const [adjustment] = await listAdjustments(trx, ctx.actor.scope, id, adjustmentId);
    return adjustment!;
  });
}

// --- year plans --------------------------------------------------------------------------------

function valuesOf(plan: YearPlanDto): YearPlanValues {
  return {
    plannedInvestment: plan.plannedInvestment,
    constructionType: plan.constructionType,
    plannedStart: plan.plannedStart,
    plannedCompletion: plan.plannedCompletion,
    progressGoal: plan.progressGoal,
    distributionKind: plan.distributionKind,
    distribution: plan.distribution,
  };
}

type YearPlanCandidate = Pick<YearPlanValues, 'plannedInvestment' | 'constructionType'> &
  Partial<Omit<YearPlanValues, 'plannedInvestment' | 'constructionType'>>;

/** Every problem with a year plan, in Chinese, or its canonical stored form (exact money, one shape). */
function checkYearPlan(candidate: YearPlanCandidate): YearPlanValues {
  const problems: ErrorDetail[] = [];
  const kind = candidate.distributionKind ?? 'none';
  let plannedInvestment = candidate.plannedInvestment;
  try {
    plannedInvestment = wanToDecimal(parseWan(candidate.plannedInvestment));
  } catch (error) {
    if (!(error instanceof MoneyFormatError)) throw error;
    problems.push({ field: 'plannedInvestment', reason: error.message, value: candidate.plannedInvestment });
  }
  const distribution = checkDistribution(plannedInvestment, kind, candidate.distribution);
  if (!distribution.ok && problems.length === 0) {
    problems.push({ field: distribution.field, reason: distribution.reason });
  }
  const plannedStart = candidate.plannedStart ?? null;
  const plannedCompletion = candidate.plannedCompletion ?? null;
  if (plannedStart && plannedCompletion && plannedCompletion < plannedStart) {
    problems.push({
      field: 'plannedCompletion',
      reason: '计划竣工日期不能早于计划开工日期',
      value: plannedCompletion,
    });
  }
  rejectIfInvalid(problems);
  return {
    plannedInvestment,
    constructionType: candidate.constructionType,
    plannedStart,
    plannedCompletion,
    progressGoal: candidate.progressGoal?.trim() || null,
    distributionKind: kind,
    distribution: distribution.ok ? distribution.entries : null,
  };
}

export async function getYearPlan(
  services: Services,
  ctx: RequestContext,
  projectId: string,
  year: number,
): Promise<YearPlanDto> {
  await projectInScope(services.db, ctx.actor.scope, projectId);
  const plan = await findYearPlan(services.db, projectId, year);
  if (!plan) throw notFound('年度计划');
  return plan;
}

/**
 * Creates or replaces a project's plan for a year. Once the project is in an issued plan of that
 * year, the plan as issued must stay as it was: the change goes through an adjustment instead.
 */
export async function putYearPlan(
  services: Services,
  ctx: RequestContext,
  projectId: string,
  year: number,
  input: PutYearPlanInput,
): Promise<YearPlanDto> {
  return services.db.transaction().execute(async (trx) => {
    if (!(await lockProject(trx, ctx.actor.scope, projectId))) throw notFound('项目');
    const issued = await issuedPlanOf(trx, projectId, year);
    if (issued) {
      throw new AppError('CONFLICT', `项目已列入已下达的「${issued.name}」，年度计划只能通过计划调整修改`);
    }
    const existing = await findYearPlan(trx, projectId, year, { lock: true });
    if (existing?.version !== input.version) {
      throw new AppError('VERSION_CONFLICT', '该年度计划已被他人修改，请刷新后再编辑', {
        current: existing ?? null,
      });
    }
    const { version: _version, ...values } = input;
    const checked = checkYearPlan(values);
    await saveYearPlan(trx, projectId, year, checked, existing);
    const after = await findYearPlan(trx, projectId, year);
    await recordAudit(trx, ctx, {
      action: existing ? 'year_plan.update' : 'year_plan.create',
      objectType: 'project_year_plan',
      objectId: `${projectId}/${year}`,
      before: existing,
      after,
    });
    return after!;
  });
}

// --- milestones --------------------------------------------------------------------------------

function withStatus(milestone: MilestoneRecord, today: string): MilestoneDto {
  return { ...milestone, status: milestoneStatus(milestone, today) };
}

export async function listProjectMilestones(services: Services, ctx: RequestContext, projectId: string) {
  await projectInScope(services.db, ctx.actor.scope, projectId);
  const today = todayIn(PLAN_TIME_ZONE);
  const items = await listMilestones(services.db, projectId);
  return { today, items: items.map((item) => withStatus(item, today)) };
}

/** A milestone's department must exist, and an actual date is a fact, so it cannot lie in the future. */
async function checkMilestone(
  trx: Tx,
  candidate: { responsibleDepartmentId: string | null; actualDate: string | null },
) {
  const problems: ErrorDetail[] = [];
  const department = candidate.responsibleDepartmentId;
  if (department && !(await departmentExists(trx, department))) {
    problems.push({ field: 'responsibleDepartmentId', reason: '部门不存在', value: department });
  }
  if (candidate.actualDate && candidate.actualDate > todayIn(PLAN_TIME_ZONE)) {
    problems.push({ field: 'actualDate', reason: '实际完成日期不能晚于今天', value: candidate.actualDate });
  }
  rejectIfInvalid(problems);
}

export async function createMilestone(
  services: Services,
  ctx: RequestContext,
  projectId: string,
  input: CreateMilestoneInput,
): Promise<MilestoneDto> {
  return services.db.transaction().execute(async (trx) => {
    if (!(await lockProject(trx, ctx.actor.scope, projectId))) throw notFound('项目');
    const values = {
      name: input.name.trim(),
      responsibleDepartmentId: input.responsibleDepartmentId ?? null,
      responsibleUnit: input.responsibleUnit?.trim() || null,
      plannedDate: input.plannedDate,
      actualDate: input.actualDate ?? null,
    };
    await checkMilestone(trx, values);
    const { id } = await trx
      .insertInto('milestones')
      .values({
        project_id: projectId,
        name: values.name,
        responsible_department_id: values.responsibleDepartmentId,
        responsible_unit: values.responsibleUnit,
        planned_date: values.plannedDate,
        actual_date: values.actualDate,
        sort_order: input.sortOrder ?? (await nextSortOrder(trx, projectId)),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const after = (await findMilestone(trx, ctx.actor.scope, id))!;
    await recordAudit(trx, ctx, { action: 'milestone.create', objectType: 'milestone', objectId: id, after });
    return withStatus(after, todayIn(PLAN_TIME_ZONE));
  });
}

export async function updateMilestone(
  services: Services,
  ctx: RequestContext,
  id: string,
  input: UpdateMilestoneInput,
): Promise<MilestoneDto> {
  return services.db.transaction().execute(async (trx) => {
    const row = await lockMilestone(trx, ctx.actor.scope, id);
    if (!row) throw notFound('节点');
    const before = (await findMilestone(trx, ctx.actor.scope, id))!;
    if (row.version !== input.version) {
      throw new AppError('VERSION_CONFLICT', '该节点已被他人修改，请刷新后再编辑', {
        current: withStatus(before, todayIn(PLAN_TIME_ZONE)),
      });
    }
    const merged = {
      name: input.name?.trim() ?? before.name,
      responsibleDepartmentId:
        input.responsibleDepartmentId === undefined
          ? before.responsibleDepartmentId
          : input.responsibleDepartmentId,
      responsibleUnit:
        input.responsibleUnit === undefined ? before.responsibleUnit : input.responsibleUnit?.trim() || null,
      plannedDate: input.plannedDate ?? before.plannedDate,
      actualDate: input.actualDate === undefined ? before.actualDate : input.actualDate,
      sortOrder: input.sortOrder ?? before.sortOrder,
    };
    await checkMilestone(trx, merged);
    await trx
      .updateTable('milestones')
      .set({
        name: merged.name,
        responsible_department_id: merged.responsibleDepartmentId,
        responsible_unit: merged.responsibleUnit,
        planned_date: merged.plannedDate,
        actual_date: merged.actualDate,
        sort_order: merged.sortOrder,
        version: row.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    const after = (await findMilestone(trx, ctx.actor.scope, id))!;
    await recordAudit(trx, ctx, {
      action: 'milestone.update',
      objectType: 'milestone',
      objectId: id,
      before,
      after,
    });
    return withStatus(after, todayIn(PLAN_TIME_ZONE));
  });
}

export async function deleteMilestone(
  services: Services,
  ctx: RequestContext,
  id: string,
): Promise<MilestoneDto> {
  return services.db.transaction().execute(async (trx) => {
    if (!(await lockMilestone(trx, ctx.actor.scope, id))) throw notFound('节点');
    const before = (await findMilestone(trx, ctx.actor.scope, id))!;
    await trx.deleteFrom('milestones').where('id', '=', id).execute();
    await recordAudit(trx, ctx, {
      action: 'milestone.delete',
      objectType: 'milestone',
      objectId: id,
      before,
    });
    return withStatus(before, todayIn(PLAN_TIME_ZONE));
  });
}

/** Proposes dates back from the deadline from a template; writes nothing, the user adjusts and saves. */
export async function proposeReverseSchedule(
  services: Services,
  ctx: RequestContext,
  projectId: string,
  input: ReverseScheduleInput,
) {
  const project = await projectInScope(services.db, ctx.actor.scope, projectId);
  const template = await findTemplate(services.db, {
    code: input.templateCode,
    sectorCode: project.sector_code,
  });
  if (!template) {
    throw new AppError('VALIDATION', '节点模板不存在', {
      details: [{ field: 'templateCode', reason: '节点模板不存在', value: input.templateCode }],
    });
  }
  try {
    return {
      templateCode: template.code,
      templateName: template.name,
      ...reverseSchedule(input.deadline, template.steps),
    };
  } catch (error) {
    if (!(error instanceof ScheduleError)) throw error;
    throw new AppError('VALIDATION', error.message, {
      details: [{ field: 'deadline', reason: error.message }],
    });
  }
}
