import {
  buildIndicatorTable,
  isCountIndicator,
  parseWan,
  wanToDecimal,
  type IndicatorDefinition,
  type IndicatorTable,
  type TargetValue,
} from '@beacon/domain';
import type { Kysely } from 'kysely';
import type { RequestContext, Scope, Services, Tx } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
import { AppError, notFound, type ErrorDetail } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import {
  definitionOf,
  drillProjects,
  findIndicator,
  listIndicators,
  lockIndicator,
  projectCounts,
  projectSums,
  regionsFor,
  rollupCanAnswer,
  rollupSums,
  targetsOfYear,
  targetValueOf,
  timeProgressModes,
  type DrillRow,
  type IndicatorRow,
  type Period,
} from './repository.ts';
import type {
  CreateIndicatorInput,
  DrillProjectDto,
  DrillQuery,
  IndicatorDto,
  PutTargetInput,
  TargetDto,
  UpdateIndicatorInput,
} from './schemas.ts';

/**
 * The monthly indicator table for the caller's scope (policy §1, §3 and §5). The city and a county
 * read the rollup, one pass over a few thousand cells; filters the rollup cannot express (named
 * lists, a minimum total investment) and project-set scopes (a department, an owner, a leader)
 * read the project-year summary rows of their projects instead. Counts are one statement over
 * the projects. A county sees its own region and no city total, so no other county's figures can
 * be derived from the table; a department, an owner or a leader sees every region's row filled
 * with its own projects' figures, and their total.
 */
export async function computeIndicatorTable(
  db: Kysely<DB>,
  scope: Scope,
  period: Period,
): Promise<IndicatorTable> {
  const [rows, regions, modes, targets] = await Promise.all([
    listIndicators(db, { activeOnly: true }),
    regionsFor(db, scope),
    timeProgressModes(db, period.year),
    targetsOfYear(db, period.year),
  ]);
  const definitions = rows.map(definitionOf);
  const sumDefinitions = definitions.filter((definition) => !isCountIndicator(definition));
  const byRollup =
    scope.kind === 'all' || scope.kind === 'region' ? sumDefinitions.filter(rollupCanAnswer) : [];
  const byProjects = sumDefinitions.filter((definition) => !byRollup.includes(definition));
  const [rollup, projects, counts] = await Promise.all([
    rollupSums(db, byRollup, period, scope.kind === 'region' ? scope.regionCode : null),
    projectSums(db, scope, byProjects, period),
    projectCounts(db, scope, definitions.filter(isCountIndicator), period),
  ]);
  return buildIndicatorTable({
    ...period,
    timeProgressMode: modes.general,
    regionTimeProgressModes: modes.byRegion,
    indicators: definitions,
    regions,
    withTotal: scope.kind !== 'region',
    sums: [...rollup, ...projects],
    counts,
    targets,
  });
}

export async function getIndicatorTable(services: Services, ctx: RequestContext, period: Period) {
  return computeIndicatorTable(services.db, ctx.actor.scope, period);
}

// --- drill-down --------------------------------------------------------------------------------

async function definitionFor(db: Kysely<DB> | Tx, code: string): Promise<IndicatorDefinition> {
  const row = await findIndicator(db, code);
  if (!row) throw notFound('指标');
  return definitionOf(row);
}

/** A county asking for another county's projects gets the same answer as for a missing region. */
async function assertRegionVisible(db: Kysely<DB>, scope: Scope, region: string | undefined) {
  if (region === undefined) return;
  const visible = await regionsFor(db, scope);
  if (!visible.some((item) => item.code === region)) throw notFound('地区');
}

// SQL's coalesce(…, 0) reads "0"; the API writes every amount with its four decimals.
const decimal = (value: string) => wanToDecimal(parseWan(value));

const drillDto = (row: DrillRow): DrillProjectDto => ({
  id: row.id,
  code: row.code,
  name: row.name,
  regionCode: row.region_code,
  regionName: row.region_name,
  sectorCode: row.sector_code,
  fundingSource: row.funding_source,
  highTech: row.high_tech,
  stage: row.stage,
  totalInvestment: row.total_investment,
  actualStart: row.actual_start,
  plannedYear: row.planned_year,
  cumulative: decimal(row.cumulative),
  lastYearCumulative: decimal(row.last_year_cumulative),
  annualPlan: decimal(row.annual_plan),
});

/**
 * The projects behind one figure, each with its own cumulative, last year's and plan; their sums
 * are the table's figure. A project's monthly reports are read through the progress module's
 * `GET /api/projects/:id/reports`.
 */
export async function drillDown(services: Services, ctx: RequestContext, code: string, query: DrillQuery) {
  const definition = await definitionFor(services.db, code);
  await assertRegionVisible(services.db, ctx.actor.scope, query.region);
  const { rows, totals } = await drillProjects(services.db, ctx.actor.scope, definition, {
    year: query.year,
    month: query.month,
    region: query.region ?? null,
    page: { page: query.page, pageSize: query.pageSize },
  });
  return {
    indicator: { code: definition.code, name: definition.name, measure: definition.measure },
    items: rows.map(drillDto),
    total: Number(totals.count),
    cumulative: decimal(totals.cumulative),
    lastYearCumulative: decimal(totals.last_year_cumulative),
    annualPlan: decimal(totals.annual_plan),
  };
}

// --- administration ----------------------------------------------------------------------------

export const indicatorDto = (row: IndicatorRow): IndicatorDto => ({
  code: row.code,
  name: row.name,
  measure: row.measure,
  targetLevel: row.target_level,
  filter: {
    sectors: row.sectors,
    fundingSources: row.funding_sources as IndicatorDto['filter']['fundingSources'],
    highTech: row.high_tech,
    lists: row.lists,
    stages: row.stages as IndicatorDto['filter']['stages'],
    minTotalInvestment: row.min_total_investment,
  },
  window:
    row.window_from_month !== null && row.window_to_month !== null
      ? { fromMonth: row.window_from_month, toMonth: row.window_to_month }
      : null,
  sortOrder: row.sort_order,
  active: row.active,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export async function listIndicatorsFor(services: Services) {
  return { items: (await listIndicators(services.db, { activeOnly: false })).map(indicatorDto) };
}

function rejectIfInvalid(problems: ErrorDetail[]) {
  if (problems.length > 0)
    throw new AppError('VALIDATION', problems.map((p) => p.reason).join('；'), { details: problems });
}

const targetFits = (measure: IndicatorRow['measure'], kind: TargetValue['kind']) =>
  measure === 'sum_completed' ? kind !== 'count' : kind === 'count';

type IndicatorValues = {
  name: string;
  measure: IndicatorRow['measure'];
  targetLevel: IndicatorRow['target_level'];
  filter: IndicatorDto['filter'];
  window: IndicatorDto['window'];
  sortOrder: number;
};

/** Filter values must name existing sectors and lists; the window belongs to start counts only. */
async function checkValues(trx: Tx, values: IndicatorValues, code: string): Promise<void> {
  const problems: ErrorDetail[] = [];
  const [sectors, lists, targetKinds] = await Promise.all([
    trx.selectFrom('sectors').select('code').execute(),
    trx.selectFrom('named_lists').select('code').execute(),
    trx
      .selectFrom('indicator_targets')
      .select('kind')
      .distinct()
      .where('indicator_code', '=', code)
      .execute(),
  ]);
  const known = (rows: { code: string }[]) => new Set(rows.map((row) => row.code));
  const sectorCodes = known(sectors);
  const listCodes = known(lists);
  for (const sector of values.filter.sectors)
    if (!sectorCodes.has(sector))
      problems.push({ field: 'filter.sectors', reason: `行业 ${sector} 不存在`, value: sector });
  for (const list of values.filter.lists)
    if (!listCodes.has(list))
      problems.push({ field: 'filter.lists', reason: `名单 ${list} 不存在`, value: list });
  if (values.window) {
    if (values.measure !== 'count_started')
      problems.push({ field: 'window', reason: '只有开工项目数指标可以设置月份范围' });
    else if (values.window.fromMonth > values.window.toMonth)
      problems.push({ field: 'window', reason: '起始月份不能晚于截止月份', value: values.window });
  }
  for (const { kind } of targetKinds)
    if (!targetFits(values.measure, kind))
      problems.push({
        field: 'measure',
        reason: `该指标已有${KIND_LABELS[kind]}目标，不能改为此计量方式`,
        value: values.measure,
      });
  rejectIfInvalid(problems);
}

const KIND_LABELS: Record<TargetValue['kind'], string> = { growth: '增长率', amount: '金额', count: '个数' };

const columnsOf = (values: IndicatorValues) => ({
  name: values.name.trim(),
  measure: values.measure,
  target_level: values.targetLevel,
  sectors: [...new Set(values.filter.sectors)],
  funding_sources: [...new Set(values.filter.fundingSources)],
  high_tech: values.filter.highTech,
  lists: [...new Set(values.filter.lists)],
  stages: [...new Set(values.filter.stages)],
  min_total_investment: values.filter.minTotalInvestment,
  window_from_month: values.window?.fromMonth ?? null,
  window_to_month: values.window?.toMonth ?? null,
  sort_order: values.sortOrder,
});

const filterOf = (input: CreateIndicatorInput['filter']): IndicatorDto['filter'] => ({
  sectors: input?.sectors ?? [],
  fundingSources: input?.fundingSources ?? [],
  highTech: input?.highTech ?? null,
  lists: input?.lists ?? [],
  stages: input?.stages ?? [],
  minTotalInvestment: input?.minTotalInvestment ?? null,
});

export async function createIndicator(services: Services, ctx: RequestContext, input: CreateIndicatorInput) {
  return services.db.transaction().execute(async (trx) => {
    if (await findIndicator(trx, input.code))
      throw new AppError('CONFLICT', `指标代码 ${input.code} 已存在`, {
        details: [{ field: 'code', reason: '指标代码已存在', value: input.code }],
      });
    const values: IndicatorValues = {
      name: input.name,
      measure: input.measure,
      targetLevel: input.targetLevel ?? 'any',
      filter: filterOf(input.filter),
      window: input.window ?? null,
      sortOrder: input.sortOrder ?? 0,
    };
    await checkValues(trx, values, input.code);
    const row = await trx
      .insertInto('indicators')
      .values({ code: input.code, ...columnsOf(values) })
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = indicatorDto(row);
    await recordAudit(trx, ctx, {
      action: 'indicator.create',
      objectType: 'indicator',
      objectId: row.code,
      after,
    });
    return after;
  });
}

/** Optimistic locking as everywhere: a stale version is refused with the current values. */
export async function updateIndicator(
  services: Services,
  ctx: RequestContext,
  code: string,
  input: UpdateIndicatorInput,
) {
  return services.db.transaction().execute(async (trx) => {
    const row = await lockIndicator(trx, code);
    if (!row) throw notFound('指标');
    const before = indicatorDto(row);
    if (row.version !== input.version)
      throw new AppError('VERSION_CONFLICT', '该指标已被他人修改，请刷新后再编辑', { current: before });
    const values: IndicatorValues = {
      name: input.name ?? before.name,
      measure: input.measure ?? before.measure,
      targetLevel: input.targetLevel ?? before.targetLevel,
      filter: input.filter ? filterOf(input.filter) : before.filter,
      window: input.window !== undefined ? input.window : before.window,
      sortOrder: input.sortOrder ?? before.sortOrder,
    };
    await checkValues(trx, values, code);
    const updated = await trx
      .updateTable('indicators')
      .set({
        ...columnsOf(values),
        active: input.active ?? row.active,
        version: row.version + 1,
        updated_at: new Date(),
      })
      .where('code', '=', code)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = indicatorDto(updated);
    const action = input.active === false && row.active ? 'indicator.deactivate' : 'indicator.update';
    await recordAudit(trx, ctx, { action, objectType: 'indicator', objectId: code, before, after });
    return after;
  });
}

/** A retired indicator leaves the table but keeps its targets and can be re-enabled. */
export async function deactivateIndicator(
  services: Services,
  ctx: RequestContext,
  code: string,
  version: number,
) {
  return updateIndicator(services, ctx, code, { version, active: false });
}

// --- targets -----------------------------------------------------------------------------------

type TargetRecord = {
  id: string;
  indicator_code: string;
  region_code: string | null;
  region_name: string | null;
  year: number;
  kind: TargetValue['kind'];
  value: string;
  version: number;
  updated_at: Date;
};

const targetDto = (row: TargetRecord): TargetDto => ({
  id: row.id,
  indicator: row.indicator_code,
  region: row.region_code,
  regionName: row.region_name,
  year: row.year,
  value: targetValueOf(row),
  version: row.version,
  updatedAt: row.updated_at.toISOString(),
});

function targetQuery(db: Kysely<DB> | Tx) {
  return db
    .selectFrom('indicator_targets as t')
    .leftJoin('regions', 'regions.code', 't.region_code')
    .select([
      't.id',
      't.indicator_code',
      't.region_code',
      'regions.name as region_name',
      't.year',
      't.kind',
      't.value',
      't.version',
      't.updated_at',
    ]);
}

export async function listTargets(services: Services, code: string, year: number | undefined) {
  await definitionFor(services.db, code);
  let query = targetQuery(services.db).where('t.indicator_code', '=', code);
  if (year !== undefined) query = query.where('t.year', '=', year);
  const rows = await query
    .orderBy('t.year', 'desc')
    .orderBy('regions.sort_order', (ob) => ob.asc().nullsFirst())
    .execute();
  return { items: rows.map(targetDto) };
}

const storedValue = (value: TargetValue) =>
  value.kind === 'growth' ? value.pct : value.kind === 'amount' ? value.wan : String(value.count);

/**
 * Sets the target of (indicator, region or default, year). Changing an existing target needs the
 * version the caller read, so two administrators cannot overwrite each other unknowingly.
 */
export async function putTarget(
  services: Services,
  ctx: RequestContext,
  code: string,
  input: PutTargetInput,
) {
  return services.db.transaction().execute(async (trx) => {
    const indicator = await lockIndicator(trx, code);
    if (!indicator) throw notFound('指标');
    const problems: ErrorDetail[] = [];
    if (!targetFits(indicator.measure, input.value.kind))
      problems.push({
        field: 'value.kind',
        reason:
          indicator.measure === 'sum_completed'
            ? '完成投资指标的目标应为增长率或金额'
            : '计数指标的目标应为项目个数',
        value: input.value.kind,
      });
    if (
      input.region !== null &&
      !(await trx.selectFrom('regions').select('code').where('code', '=', input.region).executeTakeFirst())
    )
      problems.push({ field: 'region', reason: `地区 ${input.region} 不存在`, value: input.region });
    rejectIfInvalid(problems);
    const existing = await targetQuery(trx)
      .where('t.indicator_code', '=', code)
      .where('t.year', '=', input.year)
      .where((eb) =>
        input.region === null ? eb('t.region_code', 'is', null) : eb('t.region_code', '=', input.region),
      )
      .forUpdate('t')
      .executeTakeFirst();
    const values = { kind: input.value.kind, value: storedValue(input.value) };
    let id: string;
    if (existing) {
      if (input.version !== existing.version)
        throw new AppError('VERSION_CONFLICT', '该目标已被他人修改，请刷新后再编辑', {
          current: targetDto(existing),
        });
      await trx
        .updateTable('indicator_targets')
        .set({ ...values, version: existing.version + 1, updated_at: new Date() })
        .where('id', '=', existing.id)
        .execute();
      id = existing.id;
    } else {
      ({ id } = await trx
        .insertInto('indicator_targets')
        .values({ indicator_code: code, region_code: input.region, year: input.year, ...values })
        .returning('id')
        .executeTakeFirstOrThrow());
    }
    const after = targetDto(await targetQuery(trx).where('t.id', '=', id).executeTakeFirstOrThrow());
    await recordAudit(trx, ctx, {
      action: existing ? 'indicator_target.update' : 'indicator_target.create',
      objectType: 'indicator_target',
      objectId: id,
      ...(existing ? { before: targetDto(existing) } : {}),
      after,
    });
    return after;
  });
}

export async function deleteTarget(services: Services, ctx: RequestContext, code: string, id: string) {
  return services.db.transaction().execute(async (trx) => {
    const existing = await targetQuery(trx)
      .where('t.id', '=', id)
      .where('t.indicator_code', '=', code)
      .forUpdate('t')
      .executeTakeFirst();
    if (!existing) throw notFound('目标');
    await trx.deleteFrom('indicator_targets').where('id', '=', id).execute();
    const before = targetDto(existing);
    await recordAudit(trx, ctx, {
      action: 'indicator_target.delete',
      objectType: 'indicator_target',
      objectId: id,
      before,
    });
    return before;
  });
}
