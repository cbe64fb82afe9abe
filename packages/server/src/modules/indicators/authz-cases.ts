import type { AuthzCase, AuthzFixtures } from '../../test/authz.ts';

/**
 * The indicator routes' entries of the authorization matrix (authz.test.ts). The table and the
 * drill-down are read by every role over its own scope (the county's refusal of another region
 * is tested in indicators.test.ts, since departments, owners and leaders see every region's row
 * filled with their own projects); indicators and targets are managed by the administrator and
 * the city. Each write acts on an indicator or a target of its own.
 */
let serial = 0;
const nextCode = () => `authz_indicator_${++serial}_${Math.random().toString(36).slice(2, 8)}`;

async function insertIndicator(f: AuthzFixtures) {
  const code = nextCode();
  await f.h.db
    .insertInto('indicators')
    .values({ code, name: '授权测试指标', measure: 'sum_completed' })
    .execute();
  return code;
}

async function insertTarget(f: AuthzFixtures) {
  const code = await insertIndicator(f);
  const row = await f.h.db
    .insertInto('indicator_targets')
    .values({ indicator_code: code, region_code: null, year: 2020, kind: 'growth', value: '12' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { code, id: row.id };
}

export const indicatorCases: Record<string, AuthzCase> = {
  'GET /api/indicators/table': {
    ok: 200,
    build: async () => ({ method: 'GET', url: '/api/indicators/table?year=2020&month=6' }),
  },
  'GET /api/indicators/table.xlsx': {
    ok: 200,
    build: async () => ({ method: 'GET', url: '/api/indicators/table.xlsx?year=2020&month=6' }),
  },
  'GET /api/indicators/:code/projects': {
    ok: 200,
    build: async () => ({
      method: 'GET',
      url: '/api/indicators/government_investment/projects?year=2020&month=6',
    }),
  },
  'GET /api/indicators/:code/projects.xlsx': {
    ok: 200,
    build: async () => ({
      method: 'GET',
      url: '/api/indicators/government_investment/projects.xlsx?year=2020&month=6',
    }),
  },
  'GET /api/indicators': { ok: 200, build: async () => ({ method: 'GET', url: '/api/indicators' }) },
  'POST /api/indicators': {
    ok: 201,
    build: async () => ({
      method: 'POST',
      url: '/api/indicators',
      payload: { code: nextCode(), name: '授权测试指标', measure: 'count_projects' },
    }),
  },
  'PATCH /api/indicators/:code': {
    ok: 200,
    build: async (f) => ({
      method: 'PATCH',
      url: `/api/indicators/${await insertIndicator(f)}`,
      payload: { version: 1, name: '改名' },
    }),
  },
  'POST /api/indicators/:code/deactivate': {
    ok: 200,
    build: async (f) => ({
      method: 'POST',
      url: `/api/indicators/${await insertIndicator(f)}/deactivate`,
      payload: { version: 1 },
    }),
  },
  'GET /api/indicators/:code/targets': {
    ok: 200,
    build: async () => ({ method: 'GET', url: '/api/indicators/government_investment/targets' }),
  },
  'PUT /api/indicators/:code/targets': {
    ok: 200,
    build: async (f) => ({
      method: 'PUT',
      url: `/api/indicators/${await insertIndicator(f)}/targets`,
      payload: { year: 2020, region: null, value: { kind: 'growth', pct: '12' } },
    }),
  },
  'DELETE /api/indicators/:code/targets/:id': {
    ok: 200,
    build: async (f) => {
      const target = await insertTarget(f);
      return { method: 'DELETE', url: `/api/indicators/${target.code}/targets/${target.id}` };
    },
  },
};
