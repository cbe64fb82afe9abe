import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MILESTONE_TEMPLATES } from '../../seed/milestone-templates.ts';
import { ensureReferenceData } from '../../seed/reference.ts';
import { createHarness, type Harness, type Session } from '../../test/harness.ts';

let h: Harness;
let city: Session;
let county: Session;
let otherCounty: Session;
let owner: Session;
beforeAll(async () => {
  h = await createHarness();
  city = await h.loginAs('city');
  county = await h.loginAs('county', { regionCode: '331102' });
  otherCounty = await h.loginAs('county', { regionCode: '331121' });
  owner = await h.loginAs('owner');
});
afterAll(() => h.close());

let planCounter = 0;
async function createPlan(year = 2020) {
  const response = await h.request(city, 'POST', '/api/plans', {
    year,
    kind: 'key_construction',
    name: `市重点建设项目计划${++planCounter}`,
  });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string; version: number; state: string };
}

const auditOf = (objectId: string) =>
  h.db.selectFrom('audit_events').selectAll().where('object_id', '=', objectId).orderBy('id').execute();

describe('plan lifecycle', () => {
  it('drafts, edits, fills members and issues a plan, auditing each change', async () => {
    const project = await h.buildProject();
    const plan = await createPlan();
    expect(plan).toMatchObject({ state: 'draft', version: 1 });

    const renamed = await h.request(city, 'PATCH', `/api/plans/${plan.id}`, {
      version: 1,
      name: '2020年市重点建设项目计划',
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '2020年市重点建设项目计划', version: 2 });

    const stale = await h.request(city, 'PATCH', `/api/plans/${plan.id}`, { version: 1, name: '过期修改' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'VERSION_CONFLICT', current: { version: 2 } });

    const added = await h.request(city, 'POST', `/api/plans/${plan.id}/members`, { projectId: project.id });
    expect(added.statusCode).toBe(200);
    expect(added.json()).toMatchObject({
      memberCount: 1,
      members: [{ projectId: project.id, yearPlan: null }],
    });

    const issued = await h.request(city, 'POST', `/api/plans/${plan.id}/issue`, {
      version: added.json().version,
      issuedOn: '2020-02-20',
    });
    expect(issued.statusCode).toBe(200);
    expect(issued.json()).toMatchObject({ state: 'issued', issuedOn: '2020-02-20' });

    const actions = (await auditOf(plan.id)).map((event) => event.action);
    expect(actions).toEqual(['plan.create', 'plan.update', 'plan.member.add', 'plan.issue']);
  });

  it('refuses direct changes to an issued plan: edit, members and the year plan itself', async () => {
    const [member, other] = [await h.buildProject(), await h.buildProject()];
    const plan = await createPlan(2021);
    await h.request(city, 'POST', `/api/plans/${plan.id}/members`, { projectId: member.id });
    const issued = await h.request(city, 'POST', `/api/plans/${plan.id}/issue`, { version: 2 });
    expect(issued.json().issuedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const version = issued.json().version;

    const edit = await h.request(city, 'PATCH', `/api/plans/${plan.id}`, { version, name: '改名' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.message).toContain('计划调整');
    const add = await h.request(city, 'POST', `/api/plans/${plan.id}/members`, { projectId: other.id });
    expect(add.statusCode).toBe(409);
    const remove = await h.request(city, 'DELETE', `/api/plans/${plan.id}/members/${member.id}`);
    expect(remove.statusCode).toBe(409);
    const reissue = await h.request(city, 'POST', `/api/plans/${plan.id}/issue`, { version });
    expect(reissue.statusCode).toBe(409);

    const put = await h.request(county, 'PUT', `/api/projects/${member.id}/year-plans/2021`, {
      plannedInvestment: '1000',
      constructionType: 'new',
    });
    expect(put.statusCode).toBe(409);
    expect(put.json().error.message).toContain('计划调整');
    // The same project's plan for another year is not locked by this plan.
    const otherYear = await h.request(county, 'PUT', `/api/projects/${member.id}/year-plans/2022`, {
      plannedInvestment: '1000',
      constructionType: 'continuing',
    });
    expect(otherYear.statusCode).toBe(200);
  });

  it('adjusts an issued plan with reason, who and when, keeping the original visible', async () => {
    const project = await h.buildProject();
    const put = await h.request(county, 'PUT', `/api/projects/${project.id}/year-plans/2020`, {
      plannedInvestment: '1200',
      constructionType: 'new',
      plannedStart: '2020-03-01',
      progressGoal: '完成桩基施工',
      distributionKind: 'quarterly',
      distribution: ['300', '300', '300', '300'],
    });
    expect(put.statusCode).toBe(200);
    const plan = await createPlan(2020);
    await h.request(city, 'POST', `/api/plans/${plan.id}/members`, { projectId: project.id });
    await h.request(city, 'POST', `/api/plans/${plan.id}/issue`, { version: 2, issuedOn: '2020-02-28' });

    const draftOnly = await createPlan(2020);
    const onDraft = await h.request(city, 'POST', `/api/plans/${draftOnly.id}/adjustments`, {
      projectId: project.id,
      reason: '草拟计划无需调整',
      changes: { plannedInvestment: '1' },
    });
    expect(onDraft.statusCode).toBe(409);

    const unbalanced = await h.request(city, 'POST', `/api/plans/${plan.id}/adjustments`, {
      projectId: project.id,
      reason: '资金到位推迟',
      changes: { plannedInvestment: '1000' },
    });
    expect(unbalanced.statusCode).toBe(400);
    expect(unbalanced.json().error.details[0]).toMatchObject({ field: 'distribution' });

    const adjusted = await h.request(city, 'POST', `/api/plans/${plan.id}/adjustments`, {
      projectId: project.id,
      reason: '资金到位推迟',
      changes: { plannedInvestment: '1000', distribution: ['100', '300', '300', '300'] },
    });
    expect(adjusted.statusCode).toBe(201);
    expect(adjusted.json()).toMatchObject({
      reason: '资金到位推迟',
      actorId: city.user.id,
      before: {
        plannedInvestment: '1200.0000',
        distribution: ['300.0000', '300.0000', '300.0000', '300.0000'],
      },
      after: {
        plannedInvestment: '1000.0000',
        progressGoal: '完成桩基施工',
        distribution: ['100.0000', '300.0000', '300.0000', '300.0000'],
      },
    });
    expect(Date.parse(adjusted.json().at)).not.toBeNaN();

    const list = await h.request(county, 'GET', `/api/plans/${plan.id}/adjustments`);
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0].before.plannedInvestment).toBe('1200.0000');
    const hidden = await h.request(otherCounty, 'GET', `/api/plans/${plan.id}/adjustments`);
    expect(hidden.json().items).toEqual([]);

    const current = await h.request(county, 'GET', `/api/projects/${project.id}/year-plans/2020`);
    expect(current.json()).toMatchObject({ plannedInvestment: '1000.0000', version: 2 });

    const audit = await auditOf(plan.id);
    expect(audit.at(-1)).toMatchObject({ action: 'plan.adjust', actor_id: city.user.id });

    // The record is append-only, whatever the application does.
    await expect(
      h.db.deleteFrom('plan_adjustments').where('plan_id', '=', plan.id).execute(),
    ).rejects.toThrow();

    const nonMember = await h.buildProject();
    const notInPlan = await h.request(city, 'POST', `/api/plans/${plan.id}/adjustments`, {
      projectId: nonMember.id,
      reason: '不在计划中',
      changes: { plannedInvestment: '1' },
    });
    expect(notInPlan.statusCode).toBe(400);
  });

  it('lists plans by year with members counted and shown only within the caller scope', async () => {
    const mine = await h.buildProject({ region_code: '331102' });
    const theirs = await h.buildProject({ region_code: '331121' });
    const plan = await createPlan(2023);
    await h.request(city, 'POST', `/api/plans/${plan.id}/members`, { projectId: mine.id });
    await h.request(city, 'POST', `/api/plans/${plan.id}/members`, { projectId: theirs.id });

    const forCity = await h.request(city, 'GET', '/api/plans?year=2023');
    expect(forCity.json().items).toEqual([expect.objectContaining({ id: plan.id, memberCount: 2 })]);
    const forCounty = await h.request(county, 'GET', '/api/plans?year=2023');
    expect(forCounty.json().items).toEqual([expect.objectContaining({ id: plan.id, memberCount: 1 })]);
    const detail = await h.request(county, 'GET', `/api/plans/${plan.id}`);
    expect(detail.json().members.map((m: { projectId: string }) => m.projectId)).toEqual([mine.id]);
    const forOwner = await h.request(owner, 'GET', `/api/plans/${plan.id}`);
    expect(forOwner.json().members).toEqual([]);
    expect((await h.request(city, 'GET', '/api/plans?year=2024')).json().items).toEqual([]);
  });

  it('refuses a duplicate plan name within a year and unknown fields', async () => {
    const plan = await createPlan(2025);
    const name = (await h.request(city, 'GET', `/api/plans/${plan.id}`)).json().name;
    const duplicate = await h.request(city, 'POST', '/api/plans', { year: 2025, kind: 'other', name });
    expect(duplicate.statusCode).toBe(409);
    const extra = await h.request(city, 'POST', '/api/plans', {
      year: 2025,
      kind: 'other',
      name: '另一个计划',
      state: 'issued',
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.details).toEqual([{ field: 'body.state', reason: '不允许的字段' }]);
  });
});

describe('project year plans', () => {
  it('creates, then updates with the version read, exact money and an audit trail', async () => {
    const project = await h.buildProject();
    const url = `/api/projects/${project.id}/year-plans/2020`;
    expect((await h.request(county, 'GET', url)).statusCode).toBe(404);
    const monthly = ['0.1', '0.2', '0', '0', '0', '0', '0', '0', '0', '0', '0', '99999999999999.6999'];
    const created = await h.request(county, 'PUT', url, {
      plannedInvestment: '99999999999999.9999',
      constructionType: 'new',
      plannedStart: '2020-04-01',
      plannedCompletion: '2022-12-31',
      distributionKind: 'monthly',
      distribution: monthly,
    });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({
      plannedInvestment: '99999999999999.9999',
      distribution: expect.arrayContaining(['0.1000', '0.2000', '99999999999999.6999']),
      version: 1,
    });

    const withoutVersion = await h.request(county, 'PUT', url, {
      plannedInvestment: '10',
      constructionType: 'new',
    });
    expect(withoutVersion.statusCode).toBe(409);
    expect(withoutVersion.json().error).toMatchObject({ code: 'VERSION_CONFLICT', current: { version: 1 } });

    const updated = await h.request(county, 'PUT', url, {
      version: 1,
      plannedInvestment: '10',
      constructionType: 'continuing',
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      plannedInvestment: '10.0000',
      distributionKind: 'none',
      distribution: null,
      plannedStart: null,
      version: 2,
    });
    const stale = await h.request(county, 'PUT', url, {
      version: 1,
      plannedInvestment: '11',
      constructionType: 'new',
    });
    expect(stale.statusCode).toBe(409);

    const audit = await auditOf(`${project.id}/2020`);
    expect(audit.map((event) => event.action)).toEqual(['year_plan.create', 'year_plan.update']);
    expect(audit[1]!.before).toMatchObject({ plannedInvestment: '99999999999999.9999' });
    expect(audit[1]!.after).toMatchObject({ plannedInvestment: '10.0000' });
  });

  it.each([
    ['a quarter one yuan short', 'quarterly', ['250', '250', '250', '249.9999'], 'distribution'],
    ['eleven months', 'monthly', Array<string>(11).fill('100'), 'distribution'],
    ['a spread without a kind', 'none', ['1000'], 'distribution'],
  ])('refuses %s', async (_label, distributionKind, distribution, field) => {
    const project = await h.buildProject();
    const response = await h.request(county, 'PUT', `/api/projects/${project.id}/year-plans/2020`, {
      plannedInvestment: '1000',
      constructionType: 'new',
      distributionKind,
      distribution,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].field).toBe(field);
  });

  it('refuses a money value that is a number or finer than one yuan', async () => {
    const project = await h.buildProject();
    const url = `/api/projects/${project.id}/year-plans/2020`;
    const asNumber = await h.request(county, 'PUT', url, {
      plannedInvestment: 1000,
      constructionType: 'new',
    });
    expect(asNumber.statusCode).toBe(400);
    const tooFine = await h.request(county, 'PUT', url, {
      plannedInvestment: '1.00001',
      constructionType: 'new',
    });
    expect(tooFine.statusCode).toBe(400);
  });

  it("hides another county's project: read and write are 404", async () => {
    const theirs = await h.buildProject({ region_code: '331121' });
    await h.request(otherCounty, 'PUT', `/api/projects/${theirs.id}/year-plans/2020`, {
      plannedInvestment: '5',
      constructionType: 'new',
    });
    const read = await h.request(county, 'GET', `/api/projects/${theirs.id}/year-plans/2020`);
    expect(read.statusCode).toBe(404);
    const write = await h.request(county, 'PUT', `/api/projects/${theirs.id}/year-plans/2020`, {
      version: 1,
      plannedInvestment: '6',
      constructionType: 'new',
    });
    expect(write.statusCode).toBe(404);
    const stored = await h.db
      .selectFrom('project_year_plans')
      .select('planned_investment')
      .where('project_id', '=', theirs.id)
      .executeTakeFirstOrThrow();
    expect(stored.planned_investment).toBe('5.0000');
  });
});

describe('milestones', () => {
  it('derives status from the dates and keeps the responsible unit', async () => {
    const project = await h.buildProject();
    const url = `/api/projects/${project.id}/milestones`;
    const rows = [
      { name: '立项', plannedDate: '2001-01-10', actualDate: '2001-01-05' },
      { name: '用地预审', plannedDate: '2001-02-10', actualDate: '2001-02-20' },
      { name: '环评', plannedDate: '2001-03-10' },
      { name: '开工', plannedDate: '2999-03-10', responsibleDepartmentId: h.departments[1]!.id },
    ];
    for (const row of rows) {
      const created = await h.request(county, 'POST', url, { responsibleUnit: '莲都区发改局', ...row });
      expect(created.statusCode).toBe(201);
    }
    const list = await h.request(county, 'GET', url);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((m: { name: string; status: string }) => [m.name, m.status])).toEqual([
      ['立项', 'done'],
      ['用地预审', 'done_late'],
      ['环评', 'overdue'],
      ['开工', 'due'],
    ]);
    expect(list.json().items[3]).toMatchObject({
      responsibleUnit: '莲都区发改局',
      responsibleDepartmentName: h.departments[1]!.name,
      sortOrder: 3,
    });

    const overdue = list.json().items[2];
    const done = await h.request(county, 'PATCH', `/api/milestones/${overdue.id}`, {
      version: 1,
      actualDate: '2001-03-12',
    });
    expect(done.json()).toMatchObject({ status: 'done_late', version: 2 });
    const stale = await h.request(county, 'PATCH', `/api/milestones/${overdue.id}`, {
      version: 1,
      actualDate: null,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.current).toMatchObject({ version: 2, actualDate: '2001-03-12' });

    const removed = await h.request(county, 'DELETE', `/api/milestones/${overdue.id}`);
    expect(removed.statusCode).toBe(200);
    expect((await h.request(county, 'GET', url)).json().items).toHaveLength(3);
    expect((await auditOf(overdue.id)).map((event) => event.action)).toEqual([
      'milestone.create',
      'milestone.update',
      'milestone.delete',
    ]);
  });

  it('refuses an unknown responsible department and an actual date in the future', async () => {
    const project = await h.buildProject();
    const response = await h.request(county, 'POST', `/api/projects/${project.id}/milestones`, {
      name: '立项',
      plannedDate: '2020-01-01',
      actualDate: '2999-01-01',
      responsibleDepartmentId: '00000000-0000-4000-8000-000000000000',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.map((d: { field: string }) => d.field)).toEqual([
      'responsibleDepartmentId',
      'actualDate',
    ]);
  });

  it("hides another county's milestones: list, create, change and delete are 404", async () => {
    const theirs = await h.buildProject({ region_code: '331121' });
    const created = await h.request(otherCounty, 'POST', `/api/projects/${theirs.id}/milestones`, {
      name: '立项',
      plannedDate: '2020-01-01',
    });
    const id = created.json().id;
    expect((await h.request(county, 'GET', `/api/projects/${theirs.id}/milestones`)).statusCode).toBe(404);
    const create = await h.request(county, 'POST', `/api/projects/${theirs.id}/milestones`, {
      name: '越权',
      plannedDate: '2020-01-01',
    });
    expect(create.statusCode).toBe(404);
    expect(
      (await h.request(county, 'PATCH', `/api/milestones/${id}`, { version: 1, name: '越权' })).statusCode,
    ).toBe(404);
    expect((await h.request(county, 'DELETE', `/api/milestones/${id}`)).statusCode).toBe(404);
    const schedule = await h.request(
      county,
      'POST',
      `/api/projects/${theirs.id}/milestones/reverse-schedule`,
      {
        deadline: '2020-06-30',
      },
    );
    expect(schedule.statusCode).toBe(404);
    const still = await h.request(otherCounty, 'GET', `/api/projects/${theirs.id}/milestones`);
    expect(still.json().items).toEqual([expect.objectContaining({ id, name: '立项', version: 1 })]);
  });
});

describe('reverse scheduling', () => {
  it('seeds the default template once and leaves a city-edited template alone', async () => {
    const edited = JSON.stringify([{ name: '开工', days: 3 }]);
    await h.db
      .updateTable('milestone_templates')
      .set({ steps: edited })
      .where('code', '=', 'preliminary')
      .execute();
    await ensureReferenceData(h.db, h.services.config);
    const rows = await h.db
      .selectFrom('milestone_templates')
      .selectAll()
      .where('code', '=', 'preliminary')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.steps).toEqual([{ name: '开工', days: 3 }]);
    await h.db
      .updateTable('milestone_templates')
      .set({ steps: JSON.stringify(DEFAULT_MILESTONE_TEMPLATES[0]!.steps) })
      .where('code', '=', 'preliminary')
      .execute();
  });

  it('proposes dates back from the deadline with the seeded template and writes nothing', async () => {
    const project = await h.buildProject();
    const response = await h.request(
      county,
      'POST',
      `/api/projects/${project.id}/milestones/reverse-schedule`,
      {
        deadline: '2020-06-30',
      },
    );
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ templateCode: 'preliminary', deadline: '2020-06-30' });
    expect(body.steps.map((s: { name: string }) => s.name)).toEqual([
      '立项',
      '用地预审',
      '环评',
      '规划许可',
      '施工图审查',
      '施工许可',
      '开工',
    ]);
    // Hand-checked: 开工 on the deadline; each step before it by the days of the step after (7, 10, 15, 20, 30, 20).
    expect(body.steps.map((s: { plannedDate: string }) => s.plannedDate)).toEqual([
      '2020-03-20',
      '2020-04-09',
      '2020-05-09',
      '2020-05-29',
      '2020-06-13',
      '2020-06-23',
      '2020-06-30',
    ]);
    // 立项 itself takes 20 days: 2020 is a leap year, so that lands on 29 February.
    expect(body.startBy).toBe('2020-02-29');
    expect((await h.request(county, 'GET', `/api/projects/${project.id}/milestones`)).json().items).toEqual(
      [],
    );
  });

  it('uses a sector template over the general one, and refuses an unknown template', async () => {
    await h.db
      .insertInto('milestone_templates')
      .values({
        code: 'water-test',
        sector_code: 'water',
        name: '水利前期',
        steps: JSON.stringify([
          { name: '可研批复', days: 30 },
          { name: '开工', days: 5 },
        ]),
      })
      .execute();
    const project = await h.buildProject({ sector_code: 'water' });
    const url = `/api/projects/${project.id}/milestones/reverse-schedule`;
    const response = await h.request(county, 'POST', url, { deadline: '2020-03-01' });
    expect(response.json()).toMatchObject({
      templateCode: 'water-test',
      startBy: '2020-01-26',
      steps: [
        { name: '可研批复', plannedDate: '2020-02-25' },
        { name: '开工', plannedDate: '2020-03-01' },
      ],
    });
    const unknown = await h.request(county, 'POST', url, { deadline: '2020-03-01', templateCode: 'nope' });
    expect(unknown.statusCode).toBe(400);
    const badDate = await h.request(county, 'POST', url, { deadline: '2020-02-30' });
    expect(badDate.statusCode).toBe(400);
  });
});

describe('scope: what a plan lists is exactly what can be opened', () => {
  it('plan members and adjustments show the projects whose year plan and milestones each role may open', async () => {
    const department = h.departments[1]!.id;
    const enterprise = await h.createEnterprise();
    const projects = [
      await h.buildProject({ region_code: '331102', owner_id: enterprise }),
      await h.buildProject({ region_code: '331121', responsible_department_id: department }),
      await h.buildProject({ region_code: '331121' }),
    ];
    const plan = await createPlan(2026);
    for (const project of projects) {
      await h.request(city, 'POST', `/api/plans/${plan.id}/members`, { projectId: project.id });
      await h.request(city, 'PUT', `/api/projects/${project.id}/year-plans/2026`, {
        plannedInvestment: '10',
        constructionType: 'new',
      });
    }
    await h.request(city, 'POST', `/api/plans/${plan.id}/issue`, { version: 4 });
    for (const project of projects) {
      const adjusted = await h.request(city, 'POST', `/api/plans/${plan.id}/adjustments`, {
        projectId: project.id,
        reason: '一致性检查',
        changes: { plannedInvestment: '20' },
      });
      expect(adjusted.statusCode).toBe(201);
    }
    const sessions = [
      county,
      otherCounty,
      await h.loginAs('department', { departmentId: department }),
      await h.loginAs('owner', { enterpriseId: enterprise }),
    ];
    for (const session of sessions) {
      const detail = (await h.request(session, 'GET', `/api/plans/${plan.id}`)).json();
      const members = new Set(detail.members.map((m: { projectId: string }) => m.projectId));
      const adjustments = (await h.request(session, 'GET', `/api/plans/${plan.id}/adjustments`)).json();
      expect(new Set(adjustments.items.map((a: { projectId: string }) => a.projectId))).toEqual(members);
      expect(detail.memberCount).toBe(members.size);
      for (const project of projects) {
        const expected = members.has(project.id) ? 200 : 404;
        const yearPlan = await h.request(session, 'GET', `/api/projects/${project.id}/year-plans/2026`);
        expect(yearPlan.statusCode, `${session.user.role} ${project.id}`).toBe(expected);
        const milestones = await h.request(session, 'GET', `/api/projects/${project.id}/milestones`);
        expect(milestones.statusCode).toBe(expected);
      }
    }
  });
});
