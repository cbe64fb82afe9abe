import {
  canTransition,
  checkProjectCode,
  parseWan,
  STAGE_LABELS,
  wanToDecimal,
  type ProjectStage,
} from '@beacon/domain';
import type { RequestContext, Services, Tx } from '../../context.ts';
import type { ProjectRow, TeamMember } from '../../db/schema.ts';
import { AppError, notFound, type ErrorDetail } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { divisionExists } from '../regions/divisions.ts';
import { assertRegionWritable } from './policy.ts';
import { loadReference, type Reference } from './reference.ts';
import {
  ensureEnterprise,
  findProject,
  leaderUserId,
  listProjects,
  loadProjects,
  lockProject,
  replaceLists,
  replaceServiceUnits,
} from './repository.ts';
import type { CreateProjectInput, ProjectDto, ProjectListQuery, UpdateProjectInput } from './schemas.ts';

/** A project's editable fields after parsing, ready to check and store. */
export type ProjectCandidate = {
  code: string | null;
  name: string;
  ownerName: string;
  regionCode: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  sectorCode: string;
  fundingSource: ProjectRow['funding_source'];
  highTech: boolean;
  totalInvestment: string;
  content: string | null;
  startYear: number | null;
  endYear: number | null;
  /** 谋划年份: the year the project entered the reserve as newly planned. */
  plannedYear: number | null;
  plannedStart: string | null;
  plannedCompletion: string | null;
  actualStart: string | null;
  actualCompletion: string | null;
  stage: ProjectStage;
  lists: string[];
  leadingOfficial: string | null;
  officialInCharge: string | null;
  responsibleDepartmentId: string | null;
  serviceUnitIds: string[];
  team: TeamMember[];
};

export async function listProjectsFor(services: Services, ctx: RequestContext, query: ProjectListQuery) {
  const { sort, page, pageSize, ...filter } = query;
  return listProjects(services.db, ctx.actor.scope, filter, { sort, page, pageSize });
}

export async function getProject(services: Services, ctx: RequestContext, id: string): Promise<ProjectDto> {
  const project = await findProject(services.db, ctx.actor.scope, id);
  if (!project) throw notFound('项目');
  return project;
}

/** Every problem with a candidate, each naming its field, in Chinese. Empty means valid. */
export function checkCandidate(
  candidate: ProjectCandidate,
  reference: Reference,
  previousStage?: ProjectStage,
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const add = (field: string, reason: string, value?: unknown) => problems.push({ field, reason, value });
  if (candidate.code) {
    const check = checkProjectCode(candidate.code, divisionExists);
    if (!check.ok) add('code', check.reason, candidate.code);
  }
  if (!reference.regions.has(candidate.regionCode))
    add('regionCode', `地区 ${candidate.regionCode} 不存在`, candidate.regionCode);
  if (!reference.sectors.has(candidate.sectorCode))
    add('sectorCode', `行业 ${candidate.sectorCode} 不存在`, candidate.sectorCode);
  for (const list of candidate.lists)
    if (!reference.lists.has(list)) add('lists', `名单 ${list} 不存在`, list);
  const department = candidate.responsibleDepartmentId;
  if (department && !reference.departments.has(department))
    add('responsibleDepartmentId', '部门不存在', department);
  for (const id of candidate.serviceUnitIds) {
    if (!reference.departments.has(id)) add('serviceUnitIds', '部门不存在', id);
  }
  if (candidate.startYear && candidate.endYear && candidate.endYear < candidate.startYear) {
    add('endYear', '建设结束年份不能早于开始年份', candidate.endYear);
  }
  if (
    candidate.plannedStart &&
    candidate.plannedCompletion &&
    candidate.plannedCompletion < candidate.plannedStart
  ) {
    add('plannedCompletion', '计划竣工时间不能早于计划开工时间', candidate.plannedCompletion);
  }
  if (
    candidate.actualStart &&
    candidate.actualCompletion &&
    candidate.actualCompletion < candidate.actualStart
  ) {
    add('actualCompletion', '实际竣工时间不能早于实际开工时间', candidate.actualCompletion);
  }
  if ((candidate.lng === null) !== (candidate.lat === null)) add('lng', '经度和纬度须同时填写');
  if (previousStage && !canTransition(previousStage, candidate.stage)) {
    add(
      'stage',
      `项目阶段不能从「${STAGE_LABELS[previousStage]}」变为「${STAGE_LABELS[candidate.stage]}」`,
      candidate.stage,
    );
  }
  return problems;
}

export function candidateFromInput(input: CreateProjectInput): ProjectCandidate {
  return {
    code: input.code?.trim() || null,
    name: input.name.trim(),
    ownerName: input.ownerName.trim(),
    regionCode: input.regionCode,
    address: input.address ?? null,
    lng: input.lng ?? null,
    lat: input.lat ?? null,
    sectorCode: input.sectorCode,
    fundingSource: input.fundingSource as ProjectRow['funding_source'],
    highTech: input.highTech ?? false,
    totalInvestment: wanToDecimal(parseWan(input.totalInvestment)),
    content: input.content ?? null,
    startYear: input.startYear ?? null,
    endYear: input.endYear ?? null,
    plannedYear: input.plannedYear ?? null,
    plannedStart: input.plannedStart ?? null,
    plannedCompletion: input.plannedCompletion ?? null,
    actualStart: input.actualStart ?? null,
    actualCompletion: input.actualCompletion ?? null,
    stage: input.stage as ProjectStage,
    lists: [...new Set(input.lists ?? [])],
    leadingOfficial: input.leadingOfficial?.trim() || null,
    officialInCharge: input.officialInCharge?.trim() || null,
    responsibleDepartmentId: input.responsibleDepartmentId ?? null,
    serviceUnitIds: [...new Set(input.serviceUnitIds ?? [])],
    team: (input.team ?? []) as TeamMember[],
  };
}

/** A code that belongs to another project is a conflict, whichever path brings it. */
async function assertCodeFree(trx: Tx, code: string | null, exceptId?: string) {
  if (!code) return;
  let query = trx.selectFrom('projects').select('id').where('code', '=', code);
  if (exceptId) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) {
    throw new AppError('CONFLICT', `项目代码 ${code} 已被其他项目使用`, {
      details: [{ field: 'code', reason: '项目代码已被使用', value: code }],
    });
  }
}

/** Writes a checked candidate; returns the project id. Used by the form and the import alike. */
/**
 * Name → id answers remembered for one transaction, so an import of hundreds of rows from a few
 * owners and leaders looks each name up once.
 */
export type NameLookups = { enterprises: Map<string, string>; leaders: Map<string, string | null> };
export const newNameLookups = (): NameLookups => ({ enterprises: new Map(), leaders: new Map() });

async function remembered<T>(memo: Map<string, T>, key: string, find: () => Promise<T>): Promise<T> {
  if (memo.has(key)) return memo.get(key)!;
  const value = await find();
  memo.set(key, value);
  return value;
}

export async function saveCandidate(
  trx: Tx,
  candidate: ProjectCandidate,
  existing?: ProjectRow,
  lookups: NameLookups = newNameLookups(),
): Promise<string> {
  const ownerId = await remembered(lookups.enterprises, candidate.ownerName, () =>
    ensureEnterprise(trx, candidate.ownerName, candidate.regionCode),
  );
  const leader = (name: string | null) =>
    name ? remembered(lookups.leaders, name, () => leaderUserId(trx, name)) : Promise.resolve(null);
  const values = {
    code: candidate.code,
    name: candidate.name,
    owner_id: ownerId,
    region_code: candidate.regionCode,
    address: candidate.address,
    lng: candidate.lng === null ? null : String(candidate.lng),
    lat: candidate.lat === null ? null : String(candidate.lat),
    sector_code: candidate.sectorCode,
    funding_source: candidate.fundingSource,
    high_tech: candidate.highTech,
    total_investment: candidate.totalInvestment,
    content: candidate.content,
    start_year: candidate.startYear,
    end_year: candidate.endYear,
    planned_year: candidate.plannedYear,
    planned_start: candidate.plannedStart,
    planned_completion: candidate.plannedCompletion,
    actual_start: candidate.actualStart,
    actual_completion: candidate.actualCompletion,
    stage: candidate.stage,
    leading_official: candidate.leadingOfficial,
    leading_official_user_id: await leader(candidate.leadingOfficial),
    official_in_charge: candidate.officialInCharge,
    official_in_charge_user_id: await leader(candidate.officialInCharge),
    responsible_department_id: candidate.responsibleDepartmentId,
    team: JSON.stringify(candidate.team),
  };
  let id: string;
  if (existing) {
    await trx
      .updateTable('projects')
      .set({ ...values, version: existing.version + 1, updated_at: new Date() })
      .where('id', '=', existing.id)
      .execute();
    id = existing.id;
  } else {
    id = (await trx.insertInto('projects').values(values).returning('id').executeTakeFirstOrThrow()).id;
  }
  await replaceLists(trx, id, candidate.lists, { isNew: !existing });
  await replaceServiceUnits(trx, id, candidate.serviceUnitIds, { isNew: !existing });
  return id;
}

function rejectIfInvalid(problems: ErrorDetail[]) {
  if (problems.length > 0) {
    throw new AppError('VALIDATION', problems.map((p) => p.reason).join('；'), { details: problems });
  }
}

export async function createProject(
  services: Services,
  ctx: RequestContext,
  input: CreateProjectInput,
): Promise<ProjectDto> {
  const candidate = candidateFromInput(input);
  assertRegionWritable(ctx.actor, candidate.regionCode);
  return services.db.transaction().execute(async (trx) => {
    rejectIfInvalid(checkCandidate(candidate, await loadReference(trx)));
    await assertCodeFree(trx, candidate.code);
    const id = await saveCandidate(trx, candidate);
    const [project] = await loadProjects(trx, [id]);
    await recordAudit(trx, ctx, {
      action: 'project.create',
      objectType: 'project',
      objectId: id,
      after: project,
    });
    return project!;
  });
}

/**
 * Optimistic locking: the caller sends the version it read. If anyone saved in between, the
 * write is refused with 409 and the current values, so the form can offer "reload" instead of
 * silently overwriting a colleague's change.
 */
export async function updateProject(
  services: Services,
  ctx: RequestContext,
  id: string,
  input: UpdateProjectInput,
): Promise<ProjectDto> {
  return services.db.transaction().execute(async (trx) => {
    const row = await lockProject(trx, ctx.actor.scope, id);
    if (!row) throw notFound('项目');
    const [before] = await loadProjects(trx, [id]);
    if (!before) throw notFound('项目');
    if (row.version !== input.version) {
      throw new AppError('VERSION_CONFLICT', '该项目已被他人修改，请刷新后再编辑', { current: before });
    }
    const { version: _version, ...changes } = input;
    const merged = candidateFromInput({ ...projectInputOf(before), ...changes });
    if (merged.regionCode !== before.regionCode) assertRegionWritable(ctx.actor, merged.regionCode);
    rejectIfInvalid(checkCandidate(merged, await loadReference(trx), before.stage as ProjectStage));
    await assertCodeFree(trx, merged.code, id);
    await saveCandidate(trx, merged, row);
    const [after] = await loadProjects(trx, [id]);
    await recordAudit(trx, ctx, {
      action: 'project.update',
      objectType: 'project',
      objectId: id,
      before,
      after,
    });
    return after!;
  });
}

/** A stored project as a candidate, so an import can merge a sheet row over it and compare. */
export function candidateFromProject(project: ProjectDto): ProjectCandidate {
  return candidateFromInput(projectInputOf(project));
}

function projectInputOf(project: ProjectDto): CreateProjectInput {
  return {
    ...project,
    lng: project.lng === null ? null : Number(project.lng),
    lat: project.lat === null ? null : Number(project.lat),
  } as CreateProjectInput;
}
