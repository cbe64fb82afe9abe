import {
  canReportDo,
  checkEnteredCumulative,
  correctionOf,
  DEFAULT_DUE_DAY,
  deriveCumulative,
  isWindowOpen,
  lateOnSubmit,
  parseWan,
  refusalReason,
  reportingWindow,
  resolveDueDay,
  sumWan,
  wanToDecimal,
  type ReportAction,
  type ReportingRule,
  type Wan,
} from '@beacon/domain';
import type { RequestContext, Services, Tx } from '../../context.ts';
import type { ProgressReportRow } from '../../db/schema.ts';
import { AppError, notFound, type ErrorDetail } from '../../errors.ts';
import { recordAudit, recordAuditMany } from '../audit/record.ts';
import { assertCanReview, reviewRefusal } from './policy.ts';
import {
  applyAcceptances,
  recordStarts,
  existingReports,
  findProjectInScope,
  findProjectsInScope,
  listProjectReportIds,
  listReports,
  loadReportViews,
  loadRules,
  loadSummaries,
  lockLatestRevision,
  lockReports,
  type ReportProject,
  type ReportView,
  type ScopedReport,
  type YearSummary,
} from './repository.ts';
import type { HistoryInput, PeriodParams, ReportDto, ReportListQuery, SaveReportInput } from './schemas.ts';

type Db = Services['db'] | Tx;
const AUDIT_OBJECT = 'progress_report';

const toWan = (text: string) => parseWan(text);
const monthlyOf = (summary: YearSummary | undefined): Wan[] =>
  summary ? summary.monthly.map(toWan) : Array.from({ length: 12 }, () => 0n);

/** Per project, its summary rows by year, for deriving cumulative figures. */
function summariesByProject(summaries: YearSummary[]) {
  const byProject = new Map<string, Map<number, YearSummary>>();
  for (const summary of summaries) {
    const years = byProject.get(summary.projectId) ?? new Map<number, YearSummary>();
    years.set(summary.year, summary);
    byProject.set(summary.projectId, years);
  }
  return byProject;
}

/** The cumulative figures a report of `amount` in (year, month) makes, from the accepted amounts. */
function cumulativeFor(
  years: Map<number, YearSummary> | undefined,
  year: number,
  month: number,
  amount: Wan,
) {
  const all = [...(years?.values() ?? [])];
  const priorYears = sumWan(all.filter((summary) => summary.year < year).flatMap(monthlyOf));
  return deriveCumulative({ monthly: monthlyOf(years?.get(year)), month, amount, priorYears });
}

function windowOf(rules: readonly ReportingRule[], year: number, month: number, regionCode: string) {
  return reportingWindow(year, month, resolveDueDay(rules, year, regionCode));
}

/** Presents reports through the response schema, with derived cumulative figures and the window. */
async function present(db: Db, ids: string[]): Promise<ReportDto[]> {
  const views = await loadReportViews(db, ids);
  const [summaries, rules] = await Promise.all([
    loadSummaries(
      db,
      views.map((view) => view.project_id),
    ),
    loadRules(
      db,
      views.map((view) => view.year),
    ),
  ]);
  const byProject = summariesByProject(summaries);
  return views.map((view) => toDto(view, byProject.get(view.project_id), rules));
}

function toDto(
  view: ReportView,
  years: Map<number, YearSummary> | undefined,
  rules: ReportingRule[],
): ReportDto {
  const cumulative = cumulativeFor(years, view.year, view.month, toWan(view.completed_amount));
  const window = windowOf(rules, view.year, view.month, view.regionCode);
  return {
    id: view.id,
    projectId: view.project_id,
    projectName: view.projectName,
    regionCode: view.regionCode,
    regionName: view.regionName,
    year: view.year,
    month: view.month,
    revision: view.revision,
    state: view.state,
    completedAmount: view.completed_amount,
    cumulativeThisYear: wanToDecimal(cumulative.thisYear),
    cumulativeSinceStart: wanToDecimal(cumulative.sinceStart),
    physicalProgress: view.physical_progress,
    percentComplete: view.percent_complete,
    startedOn: view.started_on,
    statsRegistered: view.stats_registered,
    source: view.source,
    opensOn: window.opensOn,
    dueOn: window.dueOn,
    submittedAt: view.submitted_at?.toISOString() ?? null,
    late: view.late,
    reviewedBy: view.reviewed_by,
    reviewerName: view.reviewerName,
    reviewedAt: view.reviewed_at?.toISOString() ?? null,
    returnReason: view.return_reason,
    version: view.version,
    createdAt: view.created_at.toISOString(),
    updatedAt: view.updated_at.toISOString(),
  };
}

async function presentOne(db: Db, id: string): Promise<ReportDto> {
  const [dto] = await present(db, [id]);
  if (!dto) throw notFound('月报');
  return dto;
}

async function requireProject(db: Db, ctx: RequestContext, projectId: string): Promise<ReportProject> {
  const project = await findProjectInScope(db, ctx.actor.scope, projectId);
  if (!project) throw notFound('项目');
  return project;
}

/** 409 with the current report when the action is not allowed in its state. */
async function assertAllowed(trx: Tx, row: ProgressReportRow, action: ReportAction) {
  if (!canReportDo(row.state, action)) {
    throw new AppError('CONFLICT', refusalReason(row.state, action), {
      current: await presentOne(trx, row.id),
    });
  }
}

/** Optimistic locking (convention 8): a stale version is refused with the current values. */
async function assertVersion(trx: Tx, row: ProgressReportRow, version: number | undefined) {
  if (version !== row.version) {
    throw new AppError('VERSION_CONFLICT', '该月报已被他人修改，请刷新后再操作', {
      current: await presentOne(trx, row.id),
    });
  }
}

export async function listProjectReports(
  services: Services,
  ctx: RequestContext,
  options: { projectId: string; year?: number },
) {
  const project = await requireProject(services.db, ctx, options.projectId);
  const [items, summaries] = await Promise.all([
    listProjectReportIds(services.db, ctx.actor.scope, project.id, options.year).then((ids) =>
      present(services.db, ids),
    ),
    loadSummaries(services.db, [project.id]),
  ]);
  const years = summaries
    .filter((summary) => options.year === undefined || summary.year === options.year)
    .map((summary) => ({
      year: summary.year,
      monthly: summary.monthly.map((text) => wanToDecimal(toWan(text))),
      acceptedThroughMonth: summary.acceptedThroughMonth,
      total: wanToDecimal(sumWan(monthlyOf(summary))),
    }));
  return { items, years, sinceStart: wanToDecimal(sumWan(summaries.flatMap(monthlyOf))) };
}

/**
 * Creates the month's first draft or edits its current draft or returned revision. The window
 * opens on the 1st of the following month (policy section 5); an accepted report changes only
 * through a correction, and an entered cumulative must equal the one derived from the months.
 */
export async function saveReport(
  services: Services,
  ctx: RequestContext,
  options: { period: PeriodParams; input: SaveReportInput },
): Promise<ReportDto> {
  const { id: projectId, year, month } = options.period;
  const { input } = options;
  const now = new Date();
  return services.db.transaction().execute(async (trx) => {
    const project = await requireProject(trx, ctx, projectId);
    const window = windowOf(await loadRules(trx, [year]), year, month, project.regionCode);
    if (!isWindowOpen(window, now)) {
      const reason = `${year}年${month}月的月报自 ${window.opensOn} 起才能填报`;
      throw new AppError('VALIDATION', reason, { details: [{ field: 'month', reason, value: month }] });
    }
    const current = await lockLatestRevision(trx, ctx.actor.scope, { projectId, year, month });
    if (current) {
      await assertAllowed(trx, current, 'edit');
      await assertVersion(trx, current, input.version);
    }
    const amount = toWan(input.completedAmount);
    const years = summariesByProject(await loadSummaries(trx, [projectId])).get(projectId);
    const derived = cumulativeFor(years, year, month, amount);
    const problems: ErrorDetail[] = [];
    const entered = (field: 'cumulativeThisYear' | 'cumulativeSinceStart', label: string, value: Wan) => {
      const text = input[field];
      const reason = checkEnteredCumulative(label, text === undefined ? undefined : toWan(text), value);
      if (reason) problems.push({ field, reason, value: text });
    };
    entered('cumulativeThisYear', '本年累计完成投资', derived.thisYear);
    entered('cumulativeSinceStart', '自开工累计完成投资', derived.sinceStart);
    if (problems.length > 0) {
      throw new AppError('VALIDATION', problems.map((p) => p.reason).join('；'), { details: problems });
    }
    const values = {
      completed_amount: wanToDecimal(amount),
      physical_progress: input.physicalProgress?.trim() || null,
      percent_complete: input.percentComplete ?? null,
      started_on: input.startedOn ?? null,
      stats_registered: input.statsRegistered ?? false,
    };
    const before = current ? await presentOne(trx, current.id) : undefined;
    let id: string;
    if (current) {
      await trx
        .updateTable('progress_reports')
        .set({ ...values, version: current.version + 1, updated_at: new Date() })
        .where('id', '=', current.id)
        .execute();
      id = current.id;
    } else {
      const created = await trx
        .insertInto('progress_reports')
        .values({ ...values, project_id: projectId, year, month, created_by: ctx.actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = created.id;
    }
    const after = await presentOne(trx, id);
    await recordAudit(trx, ctx, {
      action: current ? 'progress.update' : 'progress.create',
      objectType: AUDIT_OBJECT,
      objectId: id,
      before,
      after,
    });
    return after;
  });
}

/** Submits the month's current draft or returned revision, deciding lateness on first submission. */
export async function submitReport(
  services: Services,
  ctx: RequestContext,
  options: { period: PeriodParams; version: number },
): Promise<ReportDto> {
  const { id: projectId, year, month } = options.period;
  const now = new Date();
  return services.db.transaction().execute(async (trx) => {
    const project = await requireProject(trx, ctx, projectId);
    const current = await lockLatestRevision(trx, ctx.actor.scope, { projectId, year, month });
    if (!current) throw notFound('月报');
    await assertAllowed(trx, current, 'submit');
    await assertVersion(trx, current, options.version);
    const problems: ErrorDetail[] = [];
    if (!current.physical_progress) problems.push({ field: 'physicalProgress', reason: '请填写形象进度' });
    if (current.percent_complete === null)
      problems.push({ field: 'percentComplete', reason: '请填写完成百分比' });
    if (problems.length > 0) {
      throw new AppError('VALIDATION', problems.map((p) => p.reason).join('；'), { details: problems });
    }
    const window = windowOf(await loadRules(trx, [year]), year, month, project.regionCode);
    const before = await presentOne(trx, current.id);
    await trx
      .updateTable('progress_reports')
      .set({
        state: 'submitted',
        submitted_at: now,
        late: lateOnSubmit(current.late, window, now),
        reviewed_by: null,
        reviewed_at: null,
        return_reason: null,
        version: current.version + 1,
        updated_at: now,
      })
      .where('id', '=', current.id)
      .execute();
    const after = await presentOne(trx, current.id);
    await recordAudit(trx, ctx, {
      action: 'progress.submit',
      objectType: AUDIT_OBJECT,
      objectId: current.id,
      before,
      after,
    });
    return after;
  });
}

/**
 * A correction after acceptance: a new revision, a draft copy of the accepted one. The accepted
 * revision stays readable and keeps counting until the correction is accepted in turn.
 */
export async function correctReport(
  services: Services,
  ctx: RequestContext,
  options: { period: PeriodParams; version: number },
): Promise<ReportDto> {
  const { id: projectId, year, month } = options.period;
  return services.db.transaction().execute(async (trx) => {
    await requireProject(trx, ctx, projectId);
    const current = await lockLatestRevision(trx, ctx.actor.scope, { projectId, year, month });
    if (!current) throw notFound('月报');
    await assertAllowed(trx, current, 'correct');
    await assertVersion(trx, current, options.version);
    const created = await trx
      .insertInto('progress_reports')
      .values({
        project_id: projectId,
        year,
        month,
        ...correctionOf(current.revision),
        completed_amount: current.completed_amount,
        physical_progress: current.physical_progress,
        percent_complete: current.percent_complete,
        started_on: current.started_on,
        stats_registered: current.stats_registered,
        late: current.late,
        created_by: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const after = await presentOne(trx, created.id);
    await recordAudit(trx, ctx, {
      action: 'progress.correct',
      objectType: AUDIT_OBJECT,
      objectId: created.id,
      before: await presentOne(trx, current.id),
      after,
    });
    return after;
  });
}

// PostgreSQL binds at most 65 535 parameters per statement; a report row binds nine.
const INSERT_CHUNK = 1000;

/**
 * The start of work that accepted reports state (policy section 5, 开工): sets the projects'
 * actual start and stage in the acceptance's transaction, one audit event per changed project.
 */
export async function applyStarts(
  trx: Tx,
  ctx: RequestContext,
  reports: readonly { project_id: string; started_on: string | null }[],
) {
  const changes = await recordStarts(
    trx,
    reports.flatMap((report) =>
      report.started_on ? [{ projectId: report.project_id, startedOn: report.started_on }] : [],
    ),
  );
  await recordAuditMany(
    trx,
    ctx,
    changes.map((change) => ({
      action: 'project.start',
      objectType: 'project',
      objectId: change.id,
      before: change.before,
      after: change.after,
    })),
  );
  return changes.length;
}

/** Why a locked report may not be reviewed now, or undefined. */
function reviewProblem(ctx: RequestContext, report: ScopedReport | undefined, action: ReportAction) {
  if (!report) return '月报不存在或无权访问';
  const refusal = reviewRefusal(ctx.actor, report.project);
  if (refusal) return refusal;
  if (!report.latest) return '该月报已有更新的版次，只能审核最新版次';
  if (!canReportDo(report.state, action)) return refusalReason(report.state, action);
  return undefined;
}

async function review(
  trx: Tx,
  ctx: RequestContext,
  report: ScopedReport,
  outcome: { action: 'accept' } | { action: 'return'; reason: string },
): Promise<ReportDto> {
  const now = new Date();
  const before = await presentOne(trx, report.id);
  await trx
    .updateTable('progress_reports')
    .set({
      state: outcome.action === 'accept' ? 'accepted' : 'returned',
      return_reason: outcome.action === 'return' ? outcome.reason.trim() : null,
      reviewed_by: ctx.actor.userId,
      reviewed_at: now,
      version: report.version + 1,
      updated_at: now,
    })
    .where('id', '=', report.id)
    .execute();
  if (outcome.action === 'accept') {
    // The summary changes in the acceptance's own transaction, so indicators never disagree with it.
    await applyAcceptances(trx, [
      {
        projectId: report.project_id,
        year: report.year,
        month: report.month,
        amount: report.completed_amount,
      },
    ]);
    await applyStarts(trx, ctx, [report]);
  }
  const after = await presentOne(trx, report.id);
  await recordAudit(trx, ctx, {
    action: `progress.${outcome.action}`,
    objectType: AUDIT_OBJECT,
    objectId: report.id,
    before,
    after,
  });
  return after;
}

/** Accepts or returns one report: the county for its region, the responsible department, the city. */
export async function reviewReport(
  services: Services,
  ctx: RequestContext,
  options: {
    id: string;
    version?: number;
    outcome: { action: 'accept' } | { action: 'return'; reason: string };
  },
): Promise<ReportDto> {
  return services.db.transaction().execute(async (trx) => {
    const report = (await lockReports(trx, ctx.actor.scope, [options.id])).get(options.id);
    if (!report) throw notFound('月报');
    assertCanReview(ctx.actor, report.project);
    if (!report.latest) {
      throw new AppError('CONFLICT', '该月报已有更新的版次，只能审核最新版次', {
        current: await presentOne(trx, report.id),
      });
    }
    await assertAllowed(trx, report, options.outcome.action);
    if (options.version !== undefined) await assertVersion(trx, report, options.version);
    return review(trx, ctx, report, options.outcome);
  });
}

/**
 * The verification queue's bulk acceptance: all or nothing in one transaction, so a county never
 * leaves half a batch accepted; every refused id is listed with its reason in Chinese.
 */
export async function acceptReports(services: Services, ctx: RequestContext, options: { ids: string[] }) {
  return services.db.transaction().execute(async (trx) => {
    const reports = await lockReports(trx, ctx.actor.scope, options.ids);
    const problems: ErrorDetail[] = [];
    const seen = new Set<string>();
    options.ids.forEach((id, index) => {
      const reason = seen.has(id) ? '重复的月报' : reviewProblem(ctx, reports.get(id), 'accept');
      seen.add(id);
      if (reason)
        problems.push({ row: index + 1, field: 'ids', value: id, reason: `第 ${index + 1} 项：${reason}` });
    });
    if (problems.length > 0) {
      throw new AppError('VALIDATION', `有 ${problems.length} 份月报不能审核通过，本批均未审核`, {
        details: problems,
      });
    }
    // A county accepts a month's batch at once: one update and one read before and after for the
    // whole batch, rather than a round of statements per report.
    const before = await present(trx, options.ids);
    const now = new Date();
    await trx
      .updateTable('progress_reports')
      .set((eb) => ({
        state: 'accepted',
        return_reason: null,
        reviewed_by: ctx.actor.userId,
        reviewed_at: now,
        version: eb('version', '+', 1),
        updated_at: now,
      }))
      .where('id', 'in', options.ids)
      .execute();
    await applyAcceptances(
      trx,
      options.ids.map((id) => {
        const report = reports.get(id)!;
        return {
          projectId: report.project_id,
          year: report.year,
          month: report.month,
          amount: report.completed_amount,
        };
      }),
    );
    await applyStarts(trx, ctx, [...reports.values()]);
    const items = await present(trx, options.ids);
    await recordAuditMany(
      trx,
      ctx,
      items.map((after, index) => ({
        action: 'progress.accept',
        objectType: AUDIT_OBJECT,
        objectId: after.id,
        before: before[index],
        after,
      })),
    );
    return { accepted: items.length, items };
  });
}

export async function listReportsFor(services: Services, ctx: RequestContext, query: ReportListQuery) {
  const { page, pageSize, ...filter } = query;
  const { ids, total } = await listReports(services.db, ctx.actor.scope, filter, { page, pageSize });
  return { items: await present(services.db, ids), total };
}

/**
 * Loads earlier years' monthly figures as accepted first revisions plus the summary, so growth on
 * the same months of last year works from the first day of use. All rows or none; a month that
 * already holds the same historic figure is left as it is, so a repeated load changes nothing.
 */
export async function importHistory(
  services: Services,
  ctx: RequestContext,
  options: { rows: HistoryInput },
) {
  const { rows } = options;
  const now = new Date();
  return services.db.transaction().execute(async (trx) => {
    const projects = await findProjectsInScope(trx, ctx.actor.scope, [
      ...new Set(rows.map((row) => row.projectId)),
    ]);
    const existing = await existingReports(trx, [...projects.keys()]);
    const problems: ErrorDetail[] = [];
    const firstRow = new Map<string, number>();
    const toCreate: { row: HistoryInput[number]; amount: string }[] = [];
    let unchanged = 0;
    rows.forEach((row, index) => {
      const number = index + 1;
      const add = (field: string, reason: string, value: unknown) =>
        problems.push({ row: number, field, value, reason: `第 ${number} 行：${reason}` });
      const key = `${row.projectId}:${row.year}:${row.month}`;
      const amount = wanToDecimal(toWan(row.amount));
      if (!projects.has(row.projectId)) return add('projectId', '项目不存在或无权访问', row.projectId);
      const window = reportingWindow(row.year, row.month, DEFAULT_DUE_DAY);
      if (!isWindowOpen(window, now))
        return add('month', `${row.year}年${row.month}月尚未结束，不能导入`, row.month);
      const duplicate = firstRow.get(key);
      if (duplicate !== undefined) return add('month', `与第 ${duplicate} 行是同一项目同一月份`, row.month);
      firstRow.set(key, number);
      const found = existing.get(key);
      if (!found) return void toCreate.push({ row, amount });
      const same =
        found.length === 1 && found[0]!.source === 'history' && found[0]!.completed_amount === amount;
      if (same) unchanged += 1;
      else add('amount', '该项目该月已有月报，不能再导入历史数据', row.amount);
    });
    if (problems.length > 0) {
      throw new AppError('VALIDATION', `有 ${problems.length} 行不能导入，本次均未导入`, {
        details: problems,
      });
    }
    for (let at = 0; at < toCreate.length; at += INSERT_CHUNK) {
      await trx
        .insertInto('progress_reports')
        .values(
          toCreate.slice(at, at + INSERT_CHUNK).map(({ row, amount }) => ({
            project_id: row.projectId,
            year: row.year,
            month: row.month,
            state: 'accepted' as const,
            completed_amount: amount,
            source: 'history' as const,
            reviewed_by: ctx.actor.userId,
            reviewed_at: now,
            created_by: ctx.actor.userId,
          })),
        )
        .execute();
    }
    await applyAcceptances(
      trx,
      toCreate.map(({ row, amount }) => ({ ...row, amount })),
    );
    await recordAudit(trx, ctx, {
      action: 'progress.history',
      objectType: AUDIT_OBJECT,
      after: { created: toCreate.map(({ row, amount }) => ({ ...row, amount })), unchanged },
    });
    return { created: toCreate.length, unchanged };
  });
}
