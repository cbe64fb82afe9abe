import type { InjectOptions } from 'fastify';
import type { AuthzCase, AuthzFixtures } from '../../test/authz.ts';

/**
 * The plans module's rows of the authorization matrix (authz.test.ts). Each build makes its own
 * object (a fresh draft plan, a fresh milestone) so every role's attempt starts from the same state.
 * Year-plan writes and adjustments use different years, so an issued plan made for an adjustment
 * never locks the year plan the PUT case edits.
 */
const PUT_YEAR = 2031;
const READ_YEAR = 2032;
const ADJUST_YEAR = 2030;

const unique = () => Math.random().toString(36).slice(2, 10);

async function newPlan(f: AuthzFixtures, options: { issued?: boolean; members?: string[] } = {}) {
  const plan = await f.h.db
    .insertInto('plans')
    .values({
      year: options.issued ? ADJUST_YEAR : 2029,
      kind: 'key_construction',
      name: `授权测试计划${unique()}`,
      ...(options.issued ? { state: 'issued' as const, issued_on: `${ADJUST_YEAR}-02-20` } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const projectId of options.members ?? []) {
    await f.h.db.insertInto('plan_members').values({ plan_id: plan.id, project_id: projectId }).execute();
  }
  return plan.id;
}

async function ensureYearPlan(f: AuthzFixtures, projectId: string, year: number) {
  await f.h.db
    .insertInto('project_year_plans')
    .values({ project_id: projectId, year, planned_investment: '100.0000', construction_type: 'new' })
    .onConflict((oc) => oc.columns(['project_id', 'year']).doNothing())
    .execute();
}

async function putYearPlan(f: AuthzFixtures, projectId: string): Promise<InjectOptions> {
  const row = await f.h.db
    .selectFrom('project_year_plans')
    .select('version')
    .where('project_id', '=', projectId)
    .where('year', '=', PUT_YEAR)
    .executeTakeFirst();
  return {
    method: 'PUT',
    url: `/api/projects/${projectId}/year-plans/${PUT_YEAR}`,
    payload: {
      ...(row ? { version: row.version } : {}),
      plannedInvestment: '1200',
      constructionType: 'continuing',
      distributionKind: 'quarterly',
      distribution: ['300', '300', '300', '300'],
    },
  };
}

async function newMilestone(f: AuthzFixtures, projectId: string) {
  const row = await f.h.db
    .insertInto('milestones')
    .values({ project_id: projectId, name: '施工许可', planned_date: '2030-05-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const planCases: Record<string, AuthzCase> = {
  'GET /api/plans': { ok: 200, build: async () => ({ method: 'GET', url: '/api/plans?year=2029' }) },
  'POST /api/plans': {
    ok: 201,
    build: async () => ({
      method: 'POST',
      url: '/api/plans',
      payload: { year: 2029, kind: 'government_investment', name: `授权测试新计划${unique()}` },
    }),
  },
  'GET /api/plans/:id': {
    ok: 200,
    build: async (f) => ({
      method: 'GET',
      url: `/api/plans/${await newPlan(f, { members: [f.inScopeProject] })}`,
    }),
  },
  'PATCH /api/plans/:id': {
    ok: 200,
    build: async (f) => ({
      method: 'PATCH',
      url: `/api/plans/${await newPlan(f)}`,
      payload: { version: 1, name: `改名计划${unique()}` },
    }),
  },
  'POST /api/plans/:id/issue': {
    ok: 200,
    build: async (f) => ({
      method: 'POST',
      url: `/api/plans/${await newPlan(f)}/issue`,
      payload: { version: 1, issuedOn: '2029-02-20' },
    }),
  },
  'POST /api/plans/:id/members': {
    ok: 200,
    build: async (f) => ({
      method: 'POST',
      url: `/api/plans/${await newPlan(f)}/members`,
      payload: { projectId: f.inScopeProject },
    }),
  },
  'DELETE /api/plans/:id/members/:projectId': {
    ok: 200,
    build: async (f) => ({
      method: 'DELETE',
      url: `/api/plans/${await newPlan(f, { members: [f.inScopeProject] })}/members/${f.inScopeProject}`,
    }),
  },
  'GET /api/plans/:id/adjustments': {
    ok: 200,
    build: async (f) => ({ method: 'GET', url: `/api/plans/${await newPlan(f)}/adjustments` }),
  },
  'POST /api/plans/:id/adjustments': {
    ok: 201,
    build: async (f) => ({
      method: 'POST',
      url: `/api/plans/${await newPlan(f, { issued: true, members: [f.inScopeProject] })}/adjustments`,
      payload: {
        projectId: f.inScopeProject,
        reason: '授权测试调整',
        changes: { plannedInvestment: '150', constructionType: 'new' },
      },
    }),
  },
  'GET /api/projects/:id/year-plans/:year': {
    ok: 200,
    build: async (f) => {
      await ensureYearPlan(f, f.inScopeProject, READ_YEAR);
      return { method: 'GET', url: `/api/projects/${f.inScopeProject}/year-plans/${READ_YEAR}` };
    },
    outOfScope: async (f) => {
      await ensureYearPlan(f, f.outOfScopeProject, READ_YEAR);
      return { method: 'GET', url: `/api/projects/${f.outOfScopeProject}/year-plans/${READ_YEAR}` };
    },
  },
  'PUT /api/projects/:id/year-plans/:year': {
    ok: 200,
    build: async (f) => putYearPlan(f, f.inScopeProject),
    outOfScope: async (f) => putYearPlan(f, f.outOfScopeProject),
  },
  'GET /api/projects/:id/milestones': {
    ok: 200,
    build: async (f) => ({ method: 'GET', url: `/api/projects/${f.inScopeProject}/milestones` }),
    outOfScope: async (f) => ({ method: 'GET', url: `/api/projects/${f.outOfScopeProject}/milestones` }),
  },
  'POST /api/projects/:id/milestones': {
    ok: 201,
    build: async (f) => ({
      method: 'POST',
      url: `/api/projects/${f.inScopeProject}/milestones`,
      payload: { name: '用地预审', plannedDate: '2030-03-01', responsibleUnit: '市自然资源和规划局' },
    }),
    outOfScope: async (f) => ({
      method: 'POST',
      url: `/api/projects/${f.outOfScopeProject}/milestones`,
      payload: { name: '越权节点', plannedDate: '2030-03-01' },
    }),
  },
  'POST /api/projects/:id/milestones/reverse-schedule': {
    ok: 200,
    build: async (f) => ({
      method: 'POST',
      url: `/api/projects/${f.inScopeProject}/milestones/reverse-schedule`,
      payload: { deadline: '2030-06-30' },
    }),
    outOfScope: async (f) => ({
      method: 'POST',
      url: `/api/projects/${f.outOfScopeProject}/milestones/reverse-schedule`,
      payload: { deadline: '2030-06-30' },
    }),
  },
  'PATCH /api/milestones/:id': {
    ok: 200,
    build: async (f) => ({
      method: 'PATCH',
      url: `/api/milestones/${await newMilestone(f, f.inScopeProject)}`,
      payload: { version: 1, actualDate: '2020-04-28' },
    }),
    outOfScope: async (f) => ({
      method: 'PATCH',
      url: `/api/milestones/${await newMilestone(f, f.outOfScopeProject)}`,
      payload: { version: 1, actualDate: '2020-04-28' },
    }),
  },
  'DELETE /api/milestones/:id': {
    ok: 200,
    build: async (f) => ({
      method: 'DELETE',
      url: `/api/milestones/${await newMilestone(f, f.inScopeProject)}`,
    }),
    outOfScope: async (f) => ({
      method: 'DELETE',
      url: `/api/milestones/${await newMilestone(f, f.outOfScopeProject)}`,
    }),
  },
};
