import { ROLES, type Role } from '@beacon/domain';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardCases } from './modules/dashboard/authz-cases.ts';
import { indicatorCases } from './modules/indicators/authz-cases.ts';
import { progressCases } from './modules/progress/authz-cases.ts';
import { planCases } from './modules/plans/authz-cases.ts';
import { warningCases } from './modules/warnings/authz-cases.ts';
import { createHarness, type Session } from './test/harness.ts';
import type { AuthzCase, AuthzFixtures } from './test/authz.ts';
import { multipartFile, workbook } from './test/xlsx.ts';

/**
 * The authorization matrix, walked for every route the app registers: 401 without a session,
 * 403 for a role that may not, 404 for an object outside the caller's scope, success inside it.
 * A route missing from CASES fails the suite, so no endpoint ships without an entry here.
 */
const projectVersion = async (f: AuthzFixtures, id: string) =>
  (await f.h.db.selectFrom('projects').select('version').where('id', '=', id).executeTakeFirstOrThrow())
    .version;

const newUserPayload = (role: 'city') => ({
  username: `u${Math.random().toString(36).slice(2, 10)}`,
  displayName: '新用户',
  role,
  password: 'Strong-Pass-2020',
});

/** Modules with their own routes add their cases here, from `modules/<module>/authz-cases.ts`. */
const CASES: Record<string, AuthzCase> = {
  'GET /api/health': { ok: 200, build: async () => ({ method: 'GET', url: '/api/health' }) },
  'POST /api/auth/login': {
    ok: 200,
    build: async (f) => {
      const user = await f.h.createUser({ role: 'city' });
      return {
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: user.username, password: 'Test-Password-2020' },
      };
    },
  },
  'POST /api/auth/logout': {
    ok: 200,
    freshSession: true,
    build: async () => ({ method: 'POST', url: '/api/auth/logout' }),
  },
  'GET /api/auth/me': { ok: 200, build: async () => ({ method: 'GET', url: '/api/auth/me' }) },
  'POST /api/auth/password': {
    ok: 200,
    freshSession: true,
    build: async () => ({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: 'Test-Password-2020', newPassword: 'Another-Pass-2021' },
    }),
  },
  'GET /api/regions': { ok: 200, build: async () => ({ method: 'GET', url: '/api/regions' }) },
  'GET /api/reference': { ok: 200, build: async () => ({ method: 'GET', url: '/api/reference' }) },
  'GET /api/users': { ok: 200, build: async () => ({ method: 'GET', url: '/api/users' }) },
  'POST /api/users': {
    ok: 201,
    build: async () => ({ method: 'POST', url: '/api/users', payload: newUserPayload('city') }),
  },
  'PATCH /api/users/:id': {
    ok: 200,
    build: async (f) => {
      const user = await f.h.createUser({ role: 'city' });
      return { method: 'PATCH', url: `/api/users/${user.id}`, payload: { version: 1, displayName: '改名' } };
    },
  },
  'POST /api/users/:id/reset-password': {
    ok: 200,
    build: async (f) => {
      const user = await f.h.createUser({ role: 'city' });
      return {
        method: 'POST',
        url: `/api/users/${user.id}/reset-password`,
        payload: { version: 1, password: 'Reset-Pass-2020' },
      };
    },
  },
  'GET /api/tokens': { ok: 200, build: async () => ({ method: 'GET', url: '/api/tokens' }) },
  'POST /api/tokens': {
    ok: 201,
    build: async () => ({
      method: 'POST',
      url: '/api/tokens',
      payload: { name: '统计接口', role: 'county', regionCode: '331102' },
    }),
  },
  'DELETE /api/tokens/:id': {
    ok: 200,
    build: async (f) => {
      const admin = await f.h.loginAs('admin');
      const created = await f.h.request(admin, 'POST', '/api/tokens', { name: '临时', role: 'city' });
      return { method: 'DELETE', url: `/api/tokens/${created.json().id}` };
    },
  },
  'GET /api/audit': { ok: 200, build: async () => ({ method: 'GET', url: '/api/audit' }) },
  'GET /api/projects': { ok: 200, build: async () => ({ method: 'GET', url: '/api/projects' }) },
  'POST /api/projects': {
    ok: 201,
    build: async () => ({
      method: 'POST',
      url: '/api/projects',
      payload: {
        name: `授权测试项目${Math.random().toString(36).slice(2, 8)}`,
        ownerName: '授权测试建设单位',
        regionCode: '331102',
        sectorCode: 'water',
        fundingSource: 'government',
        totalInvestment: '5000',
        stage: 'planning',
      },
    }),
  },
  'GET /api/projects/:id': {
    ok: 200,
    build: async (f) => ({ method: 'GET', url: `/api/projects/${f.inScopeProject}` }),
    outOfScope: async (f) => ({ method: 'GET', url: `/api/projects/${f.outOfScopeProject}` }),
  },
  'PATCH /api/projects/:id': {
    ok: 200,
    build: async (f) => ({
      method: 'PATCH',
      url: `/api/projects/${f.inScopeProject}`,
      payload: { version: await projectVersion(f, f.inScopeProject), address: `地址${Date.now()}` },
    }),
    outOfScope: async (f) => ({
      method: 'PATCH',
      url: `/api/projects/${f.outOfScopeProject}`,
      payload: { version: await projectVersion(f, f.outOfScopeProject), address: '越权修改' },
    }),
  },
  'POST /api/projects/import': {
    ok: 200,
    build: async (f) => ({
      method: 'POST',
      url: '/api/projects/import?dryRun=true',
      ...multipartFile(f.xlsx),
    }),
  },
  'GET /api/projects/export': {
    ok: 200,
    build: async () => ({ method: 'GET', url: '/api/projects/export' }),
  },
  ...progressCases,
  ...planCases,
  ...indicatorCases,
  ...warningCases,
  ...dashboardCases,
};

let f: AuthzFixtures;
const sessions = new Map<Role, Session>();
const scopedUsers: Partial<
  Record<Role, { regionCode?: string; departmentId?: string; enterpriseId?: string }>
> = {};

beforeAll(async () => {
  const h = await createHarness();
  const department = h.departments[1]!.id;
  const enterprise = await h.createEnterprise('授权测试本单位');
  const leader = await h.createUser({ role: 'leader', displayName: '授权测试领导' });
  Object.assign(scopedUsers, {
    county: { regionCode: '331102' },
    department: { departmentId: department },
    owner: { enterpriseId: enterprise },
  });
  const inScope = await h.buildProject({
    region_code: '331102',
    owner_id: enterprise,
    responsible_department_id: department,
    // The name too: an update re-links the leader by name, and the matrix updates this project.
    leading_official: '授权测试领导',
    leading_official_user_id: leader.id,
  });
  const outOfScope = await h.buildProject({
    region_code: '331121',
    responsible_department_id: h.departments[2]!.id,
  });
  for (const role of ROLES) {
    sessions.set(
      role,
      role === 'leader' ? await h.login(leader) : await h.loginAs(role, scopedUsers[role] ?? {}),
    );
  }
  const xlsx = await workbook([
    ['项目名称', '建设单位', '所在地', '行业', '资金来源', '总投资(万元)', '项目阶段'],
    ['授权测试导入项目', '授权测试建设单位', '莲都区', '水利', '政府', 3000, '谋划'],
  ]);
  f = { h, inScopeProject: inScope.id, outOfScopeProject: outOfScope.id, xlsx };
});
afterAll(() => f.h.close());

function send(session: Session | null, options: InjectOptions) {
  const headers = {
    ...(options.headers ?? {}),
    ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}),
  };
  return f.h.app.inject({ ...options, headers });
}

describe('authorization matrix', () => {
  it('has an entry for every registered route, and no stale entries', () => {
    const registered = f.h.app.routeTable.map((route) => `${route.method} ${route.url}`).sort();
    expect(Object.keys(CASES).sort()).toEqual(registered);
  });

  it('every route answers each role as its access rule says', async () => {
    const failures: string[] = [];
    for (const route of f.h.app.routeTable) {
      const key = `${route.method} ${route.url}`;
      const entry = CASES[key]!;
      const check = (label: string, actual: number, expected: number, body: string) => {
        if (actual !== expected)
          failures.push(`${key} ${label}: expected ${expected}, got ${actual} ${body.slice(0, 200)}`);
      };
      if (route.access === 'public') {
        const response = await send(null, await entry.build(f, 'city'));
        check('anonymous', response.statusCode, entry.ok, response.body);
        continue;
      }
      const anonymous = await send(null, await entry.build(f, 'city'));
      check('anonymous', anonymous.statusCode, 401, anonymous.body);
      if (anonymous.statusCode === 401) expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
      for (const role of ROLES) {
        const allowed = route.access === 'authenticated' || route.access.includes(role);
        const session = entry.freshSession
          ? await f.h.loginAs(role, scopedUsers[role] ?? {})
          : sessions.get(role)!;
        const response = await send(session, await entry.build(f, role));
        check(role, response.statusCode, allowed ? entry.ok : 403, response.body);
        if (allowed && entry.outOfScope && role !== 'admin' && role !== 'city') {
          const hidden = await send(session, await entry.outOfScope(f));
          check(`${role} out of scope`, hidden.statusCode, 404, hidden.body);
          if (hidden.statusCode === 404) expect(hidden.body).not.toContain('越权');
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('a state-changing request without the CSRF token is refused', async () => {
    const session = sessions.get('city')!;
    const response = await f.h.app.inject({
      method: 'PATCH',
      url: `/api/projects/${f.inScopeProject}`,
      headers: { cookie: session.cookie },
      payload: { version: await projectVersion(f, f.inScopeProject), address: '无令牌' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('CSRF');
  });

  it('the list and the single-object check agree for every scoped role', async () => {
    for (const role of ['county', 'department', 'owner', 'leader'] as const) {
      const session = sessions.get(role)!;
      const list = await f.h.request(session, 'GET', '/api/projects?pageSize=200');
      const listed = new Set((list.json().items as { id: string }[]).map((item) => item.id));
      const all = await f.h.db.selectFrom('projects').select('id').execute();
      for (const { id } of all) {
        const single = await f.h.request(session, 'GET', `/api/projects/${id}`);
        expect(single.statusCode, `${role} ${id}`).toBe(listed.has(id) ? 200 : 404);
      }
    }
  });
});
