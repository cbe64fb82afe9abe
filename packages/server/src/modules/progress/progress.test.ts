import { shanghaiDate } from '@beacon/domain';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHarness, type Harness, type Session } from '../../test/harness.ts';

let h: Harness;
let city: Session;
let county: Session;
beforeAll(async () => {
  h = await createHarness();
  city = await h.loginAs('city');
  county = await h.loginAs('county', { regionCode: '331102' });
});
afterAll(() => h.close());
afterEach(() => {
  vi.useRealTimers();
});

const fill = (amount: string, extra: Record<string, unknown> = {}) => ({
  completedAmount: amount,
  physicalProgress: '主体结构施工',
  percentComplete: '35.5',
  statsRegistered: true,
  ...extra,
});

/** A project and a session of its owner. */
async function ownedProject(region = '331102') {
  const enterprise = await h.createEnterprise();
  const owner = await h.loginAs('owner', { enterpriseId: enterprise });
  const project = await h.buildProject({ owner_id: enterprise, region_code: region });
  return { owner, project };
}

const url = (projectId: string, year: number, month: number, action = '') =>
  `/api/projects/${projectId}/reports/${year}/${month}${action}`;

describe('monthly report state machine', () => {
  it('goes draft → submitted → returned → resubmitted → accepted → corrected, keeping revisions', async () => {
    const { owner, project } = await ownedProject();
    const created = await h.request(owner, 'PUT', url(project.id, 2025, 3), fill('100.5'));
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({
      state: 'draft',
      revision: 1,
      version: 1,
      completedAmount: '100.5000',
      cumulativeThisYear: '100.5000',
      percentComplete: '35.50',
      statsRegistered: true,
      late: null,
      opensOn: '2025-04-01',
      dueOn: '2025-04-05',
    });

    const submitted = await h.request(owner, 'POST', url(project.id, 2025, 3, '/submit'), { version: 1 });
    expect(submitted.json()).toMatchObject({ state: 'submitted', version: 2, late: true });
    const id = submitted.json().id;

    const refusedEdit = await h.request(owner, 'PUT', url(project.id, 2025, 3), fill('1', { version: 2 }));
    expect(refusedEdit.statusCode).toBe(409);
    expect(refusedEdit.json().error.message).toBe('月报当前状态为「已提交」，不能修改');

    const noReason = await h.request(county, 'POST', `/api/reports/${id}/return`, {});
    expect(noReason.statusCode).toBe(400);
    const returned = await h.request(county, 'POST', `/api/reports/${id}/return`, {
      reason: '金额与台账不符',
    });
    expect(returned.json()).toMatchObject({ state: 'returned', returnReason: '金额与台账不符', version: 3 });

    const edited = await h.request(owner, 'PUT', url(project.id, 2025, 3), fill('90', { version: 3 }));
    expect(edited.json()).toMatchObject({ state: 'returned', completedAmount: '90.0000', version: 4 });
    const resubmitted = await h.request(owner, 'POST', url(project.id, 2025, 3, '/submit'), { version: 4 });
    expect(resubmitted.json()).toMatchObject({ state: 'submitted', returnReason: null });

    const ownerAccept = await h.request(owner, 'POST', `/api/reports/${id}/accept`, {});
    expect(ownerAccept.statusCode).toBe(403);
    const accepted = await h.request(county, 'POST', `/api/reports/${id}/accept`, { version: 5 });
    expect(accepted.json()).toMatchObject({ state: 'accepted', reviewedBy: county.user.id, version: 6 });
    const audit = await h.db
      .selectFrom('audit_events')
      .select(['action', 'before', 'after'])
      .where('object_id', '=', id)
      .orderBy('id')
      .execute();
    expect(audit.map((event) => event.action)).toEqual([
      'progress.create',
      'progress.submit',
      'progress.return',
      'progress.update',
      'progress.submit',
      'progress.accept',
    ]);
    expect(audit.at(-1)).toMatchObject({ before: { state: 'submitted' }, after: { state: 'accepted' } });

    const acceptedEdit = await h.request(owner, 'PUT', url(project.id, 2025, 3), fill('1', { version: 6 }));
    expect(acceptedEdit.statusCode).toBe(409);
    expect(acceptedEdit.json().error.message).toBe('月报已审核通过，如需修改请发起更正');

    const correction = await h.request(owner, 'POST', url(project.id, 2025, 3, '/correct'), { version: 6 });
    expect(correction.statusCode).toBe(201);
    expect(correction.json()).toMatchObject({
      state: 'draft',
      revision: 2,
      completedAmount: '90.0000',
      late: true,
    });
    const history = async () =>
      (await h.request(owner, 'GET', `/api/projects/${project.id}/reports?year=2025`)).json();
    // The correction is pending: the accepted first revision still counts.
    let listed = await history();
    expect(listed.items.map((r: { revision: number; state: string }) => [r.revision, r.state])).toEqual([
      [1, 'accepted'],
      [2, 'draft'],
    ]);
    expect(listed.years[0].monthly[2]).toBe('90.0000');

    await h.request(owner, 'PUT', url(project.id, 2025, 3), fill('95.25', { version: 1 }));
    const second = await h.request(owner, 'POST', url(project.id, 2025, 3, '/submit'), { version: 2 });
    expect(second.json().late).toBe(true);
    const oldAgain = await h.request(county, 'POST', `/api/reports/${id}/accept`, {});
    expect(oldAgain.statusCode).toBe(409);
    await h.request(county, 'POST', `/api/reports/${second.json().id}/accept`, {});

    listed = await history();
    expect(listed.items.map((r: { completedAmount: string }) => r.completedAmount)).toEqual([
      '90.0000',
      '95.2500',
    ]);
    expect(listed.years).toEqual([
      {
        year: 2025,
        monthly: ['0', '0', '95.25', '0', '0', '0', '0', '0', '0', '0', '0', '0'].map((v) =>
          Number(v).toFixed(4),
        ),
        acceptedThroughMonth: 3,
        total: '95.2500',
      },
    ]);
    expect(listed.sinceStart).toBe('95.2500');
  });

  it('checks an entered cumulative against the one derived from the months', async () => {
    const { owner, project } = await ownedProject();
    await h.request(city, 'POST', '/api/progress/history', [
      { projectId: project.id, year: 2024, month: 12, amount: '1000' },
      { projectId: project.id, year: 2025, month: 1, amount: '10.5' },
    ]);
    const wrong = await h.request(
      owner,
      'PUT',
      url(project.id, 2025, 2),
      fill('20', { cumulativeThisYear: '20', cumulativeSinceStart: '1030.5' }),
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details).toEqual([
      {
        field: 'cumulativeThisYear',
        value: '20',
        reason: '本年累计完成投资填报为 20.0000 万元，按各月完成投资计算应为 30.5000 万元',
      },
    ]);
    const right = await h.request(
      owner,
      'PUT',
      url(project.id, 2025, 2),
      fill('20', { cumulativeThisYear: '30.5', cumulativeSinceStart: '1030.5' }),
    );
    expect(right.json()).toMatchObject({ cumulativeThisYear: '30.5000', cumulativeSinceStart: '1030.5000' });
  });

  it('refuses a report before its window opens', async () => {
    const { owner, project } = await ownedProject();
    const today = shanghaiDate(new Date());
    const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
    const response = await h.request(owner, 'PUT', url(project.id, year, month), fill('1'));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].field).toBe('month');
  });

  it('refuses a stale version with 409 and the current values', async () => {
    const { owner, project } = await ownedProject();
    await h.request(owner, 'PUT', url(project.id, 2025, 5), fill('1'));
    await h.request(county, 'PUT', url(project.id, 2025, 5), fill('2', { version: 1 }));
    const stale = await h.request(owner, 'PUT', url(project.id, 2025, 5), fill('3', { version: 1 }));
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({
      code: 'VERSION_CONFLICT',
      current: { version: 2, completedAmount: '2.0000' },
    });
    const missing = await h.request(owner, 'PUT', url(project.id, 2025, 5), fill('3'));
    expect(missing.statusCode).toBe(409);
    const staleSubmit = await h.request(owner, 'POST', url(project.id, 2025, 5, '/submit'), { version: 1 });
    expect(staleSubmit.statusCode).toBe(409);
  });
});

describe('late marking', () => {
  /** Submits a January 2026 report at `instant`; the February window is due on the given day. */
  async function submitAt(instant: string, region = '331102') {
    const { owner, project } = await ownedProject(region);
    await h.request(owner, 'PUT', url(project.id, 2026, 1), fill('5'));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(instant));
    const response = await h.request(owner, 'POST', url(project.id, 2026, 1, '/submit'), { version: 1 });
    vi.useRealTimers();
    return response.json();
  }

  it('is on time through the last second of the due day in China and late from midnight', async () => {
    expect(await submitAt('2026-02-05T23:59:59+08:00')).toMatchObject({ dueOn: '2026-02-05', late: false });
    expect(await submitAt('2026-02-06T00:00:00+08:00')).toMatchObject({ late: true });
  });

  it('uses the region rule of the year', async () => {
    await h.db
      .insertInto('reporting_rules')
      .values({ year: 2026, region_code: '331121', due_day: 10 })
      .execute();
    expect(await submitAt('2026-02-10T23:00:00+08:00', '331121')).toMatchObject({
      dueOn: '2026-02-10',
      late: false,
    });
    expect(await submitAt('2026-02-11T00:00:01+08:00', '331121')).toMatchObject({ late: true });
  });

  it('keeps the decision of the first submission after a return', async () => {
    const { owner, project } = await ownedProject();
    await h.request(owner, 'PUT', url(project.id, 2026, 1), fill('5'));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-02-03T10:00:00+08:00'));
    const first = (
      await h.request(owner, 'POST', url(project.id, 2026, 1, '/submit'), { version: 1 })
    ).json();
    vi.setSystemTime(new Date('2026-02-20T10:00:00+08:00'));
    await h.request(county, 'POST', `/api/reports/${first.id}/return`, { reason: '补充说明' });
    const again = await h.request(owner, 'POST', url(project.id, 2026, 1, '/submit'), { version: 3 });
    expect(again.json()).toMatchObject({ state: 'submitted', late: false });
  });
});

describe('scope', () => {
  it('an owner cannot read or write another owner’s reports', async () => {
    const { owner: mine } = await ownedProject();
    const { owner: theirs, project } = await ownedProject();
    const created = await h.request(theirs, 'PUT', url(project.id, 2025, 6), fill('8'));
    expect((await h.request(mine, 'GET', `/api/projects/${project.id}/reports`)).statusCode).toBe(404);
    expect(
      (await h.request(mine, 'PUT', url(project.id, 2025, 6), fill('9', { version: 1 }))).statusCode,
    ).toBe(404);
    expect(
      (await h.request(mine, 'POST', url(project.id, 2025, 6, '/submit'), { version: 1 })).statusCode,
    ).toBe(404);
    const queue = (await h.request(mine, 'GET', '/api/reports')).json();
    expect(queue.items.map((r: { id: string }) => r.id)).not.toContain(created.json().id);
  });

  it('a county reviews and lists only its region; a service-unit department may not review', async () => {
    const { owner, project } = await ownedProject('331121');
    await h.request(owner, 'PUT', url(project.id, 2025, 7), fill('8'));
    const report = (
      await h.request(owner, 'POST', url(project.id, 2025, 7, '/submit'), { version: 1 })
    ).json();
    expect((await h.request(county, 'POST', `/api/reports/${report.id}/accept`, {})).statusCode).toBe(404);
    const queue = (await h.request(county, 'GET', '/api/reports?pageSize=200')).json();
    expect(queue.items.every((r: { regionCode: string }) => r.regionCode === '331102')).toBe(true);
    const other = await h.loginAs('county', { regionCode: '331121' });
    const own = (await h.request(other, 'GET', '/api/reports?state=submitted&year=2025&month=7')).json();
    expect(own.items.map((r: { id: string }) => r.id)).toEqual([report.id]);

    const serving = h.departments[3]!.id;
    await h.db
      .insertInto('project_service_units')
      .values({ project_id: project.id, department_id: serving })
      .execute();
    const department = await h.loginAs('department', { departmentId: serving });
    expect((await h.request(department, 'GET', `/api/projects/${project.id}/reports`)).statusCode).toBe(200);
    const refused = await h.request(department, 'POST', `/api/reports/${report.id}/accept`, {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe('只有项目的责任部门可以审核月报');
  });
});

describe('bulk acceptance', () => {
  it('accepts all or none, listing every refused id in Chinese', async () => {
    const { owner, project } = await ownedProject();
    await h.request(owner, 'PUT', url(project.id, 2025, 8), fill('1'));
    const ready = (
      await h.request(owner, 'POST', url(project.id, 2025, 8, '/submit'), { version: 1 })
    ).json();
    const draft = (await h.request(owner, 'PUT', url(project.id, 2025, 9), fill('2'))).json();
    const hidden = (await ownedProject('331121')).project;
    const elsewhere = await h.db
      .insertInto('progress_reports')
      .values({ project_id: hidden.id, year: 2025, month: 8, state: 'submitted', completed_amount: '1' })
      .returning('id')
      .executeTakeFirstOrThrow();

    const refused = await h.request(county, 'POST', '/api/reports/accept', {
      ids: [ready.id, draft.id, elsewhere.id],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.map((d: { reason: string }) => d.reason)).toEqual([
      '第 2 项：月报当前状态为「草稿」，不能审核通过',
      '第 3 项：月报不存在或无权访问',
    ]);
    const untouched = await h.db
      .selectFrom('progress_reports')
      .select('state')
      .where('id', '=', ready.id)
      .executeTakeFirstOrThrow();
    expect(untouched.state).toBe('submitted');

    await h.request(owner, 'POST', url(project.id, 2025, 9, '/submit'), { version: 1 });
    const accepted = await h.request(county, 'POST', '/api/reports/accept', { ids: [ready.id, draft.id] });
    expect(accepted.json().accepted).toBe(2);
    expect(
      accepted.json().items.map((r: { state: string; version: number }) => [r.state, r.version]),
    ).toEqual([
      ['accepted', 3],
      ['accepted', 3],
    ]);
    const events = await h.db
      .selectFrom('audit_events')
      .select(['object_id', 'before', 'after'])
      .where('action', '=', 'progress.accept')
      .where('object_id', 'in', [ready.id, draft.id])
      .execute();
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ before: { state: 'submitted' }, after: { state: 'accepted' } });
    const totals = (await h.request(owner, 'GET', `/api/projects/${project.id}/reports?year=2025`)).json();
    expect(totals.years[0]).toMatchObject({ acceptedThroughMonth: 9, total: '3.0000' });
  });
});

describe('historic import', () => {
  it('writes accepted first revisions and the summary, all or nothing, and repeats idempotently', async () => {
    const { project } = await ownedProject();
    const rows = [
      { projectId: project.id, year: 2024, month: 1, amount: '100' },
      { projectId: project.id, year: 2024, month: 2, amount: '200.1234' },
    ];
    const bad = await h.request(city, 'POST', '/api/progress/history', [
      ...rows,
      { projectId: project.id, year: 2024, month: 1, amount: '5' },
      { projectId: '00000000-0000-4000-8000-000000000000', year: 2024, month: 3, amount: '1' },
      { projectId: project.id, year: 2100, month: 3, amount: '1' },
    ]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { reason: string }) => d.reason)).toEqual([
      '第 3 行：与第 1 行是同一项目同一月份',
      '第 4 行：项目不存在或无权访问',
      '第 5 行：2100年3月尚未结束，不能导入',
    ]);
    expect(
      await h.db.selectFrom('progress_reports').where('project_id', '=', project.id).select('id').execute(),
    ).toEqual([]);

    const ok = await h.request(city, 'POST', '/api/progress/history', rows);
    expect(ok.json()).toEqual({ created: 2, unchanged: 0 });
    const again = await h.request(city, 'POST', '/api/progress/history', rows);
    expect(again.json()).toEqual({ created: 0, unchanged: 2 });
    const changed = await h.request(city, 'POST', '/api/progress/history', [{ ...rows[0]!, amount: '101' }]);
    expect(changed.statusCode).toBe(400);

    const listed = (await h.request(city, 'GET', `/api/projects/${project.id}/reports`)).json();
    expect(listed.items).toHaveLength(2);
    expect(listed.items[1]).toMatchObject({
      state: 'accepted',
      revision: 1,
      source: 'history',
      cumulativeThisYear: '300.1234',
    });
    expect(listed.years[0]).toMatchObject({ year: 2024, acceptedThroughMonth: 2, total: '300.1234' });
  });
});

describe('the queue and the single-project history agree', () => {
  it('for every scoped role, a report is listed exactly when its project history opens', async () => {
    const department = h.departments[4]!.id;
    const leader = await h.createUser({ role: 'leader', displayName: '月报一致性领导' });
    const enterprise = await h.createEnterprise();
    const shapes = [
      { region_code: '331102', owner_id: enterprise },
      { region_code: '331121', responsible_department_id: department },
      { region_code: '331122', leading_official_user_id: leader.id },
      { region_code: '331102' },
    ];
    for (const shape of shapes) {
      const project = await h.buildProject(shape);
      await h.db
        .insertInto('progress_reports')
        .values({ project_id: project.id, year: 2024, month: 6, state: 'submitted', completed_amount: '3' })
        .execute();
    }
    const sessions = [
      await h.loginAs('county', { regionCode: '331121' }),
      await h.loginAs('department', { departmentId: department }),
      await h.loginAs('owner', { enterpriseId: enterprise }),
      await h.login(leader),
    ];
    const all = await h.db
      .selectFrom('progress_reports')
      .select(['id', 'project_id'])
      .where('year', '=', 2024)
      .where('month', '=', 6)
      .execute();
    for (const session of sessions) {
      const queue = (await h.request(session, 'GET', '/api/reports?year=2024&month=6&pageSize=200')).json();
      const listed = new Set((queue.items as { id: string }[]).map((item) => item.id));
      expect(listed.size, session.user.role).toBe(1);
      for (const report of all) {
        const single = await h.request(session, 'GET', `/api/projects/${report.project_id}/reports`);
        expect(single.statusCode, `${session.user.role} ${report.id}`).toBe(
          listed.has(report.id) ? 200 : 404,
        );
      }
    }
  });
});
