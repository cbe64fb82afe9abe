import type { AuthzCase, AuthzFixtures } from '../../test/authz.ts';

/** Each build closes or inserts its own month, so no case depends on another's state. */
let slot = 0;
function nextPeriod() {
  const n = slot++;
  return { year: 1990 + Math.floor(n / 12), month: (n % 12) + 1 };
}

const EMPTY_FIGURES = {
  projects: 0,
  totalInvestment: '0.0000',
  annualPlan: '0.0000',
  cumulative: '0.0000',
  lastYearCumulative: '0.0000',
  growthPct: null,
  completionPct: null,
  gapPts: null,
  plannedStarts: 0,
  starts: 0,
  startRatePct: null,
  lights: { green: 0, yellow: 0, red: 0 },
};

async function insertClose(f: AuthzFixtures, published: boolean) {
  const period = nextPeriod();
  const content = {
    ...period,
    asOf: `${period.year}-12-31`,
    timeProgressPct: '100.0',
    headline: EMPTY_FIGURES,
    indicators: null,
    regions: [],
    redProjects: [],
    additions: [],
    removals: [],
    lists: [],
  };
  const row = await f.h.db
    .insertInto('month_closes')
    .values({
      ...period,
      as_of: `${period.year}-12-31`,
      rules: '{}',
      content: JSON.stringify(content),
      summary: JSON.stringify({ headline: EMPTY_FIGURES, regions: [] }),
      content_sha256: 'authz',
      closed_by_name: '授权测试',
      ...(published
        ? { document_number: '授权〔1990〕1号', published_by_name: '授权测试', published_at: new Date() }
        : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const warningCases: Record<string, AuthzCase> = {
  'GET /api/warning-rules': {
    ok: 200,
    build: async () => ({ method: 'GET', url: '/api/warning-rules?year=2020' }),
  },
  'PUT /api/warning-rules': {
    ok: 200,
    build: async (f) => {
      const current = await f.h.db
        .selectFrom('warning_rule_sets')
        .select('version')
        .where('year', '=', 1999)
        .where('region_code', 'is', null)
        .executeTakeFirst();
      return {
        method: 'PUT',
        url: '/api/warning-rules',
        payload: {
          year: 1999,
          regionCode: null,
          code: 'yinchuan_2025',
          ...(current ? { version: current.version } : {}),
        },
      };
    },
  },
  'POST /api/month-closes': {
    ok: 201,
    build: async () => ({ method: 'POST', url: '/api/month-closes', payload: nextPeriod() }),
  },
  'GET /api/month-closes': {
    ok: 200,
    build: async () => ({ method: 'GET', url: '/api/month-closes' }),
  },
  'GET /api/month-closes/:id': {
    ok: 200,
    build: async (f) => ({ method: 'GET', url: `/api/month-closes/${await insertClose(f, true)}` }),
  },
  'POST /api/month-closes/:id/publish': {
    ok: 200,
    build: async (f) => ({
      method: 'POST',
      url: `/api/month-closes/${await insertClose(f, false)}/publish`,
      payload: { documentNumber: '丽投办〔1990〕1号' },
    }),
  },
  'GET /api/month-closes/:id/bulletin.docx': {
    ok: 200,
    build: async (f) => ({
      method: 'GET',
      url: `/api/month-closes/${await insertClose(f, true)}/bulletin.docx`,
    }),
  },
  'GET /api/month-closes/:id/bulletin.xlsx': {
    ok: 200,
    build: async (f) => ({
      method: 'GET',
      url: `/api/month-closes/${await insertClose(f, true)}/bulletin.xlsx`,
    }),
  },
  'GET /api/rankings': {
    ok: 200,
    build: async () => ({ method: 'GET', url: '/api/rankings?year=2020' }),
  },
  'GET /api/projects/:id/lights': {
    ok: 200,
    build: async (f) => ({ method: 'GET', url: `/api/projects/${f.inScopeProject}/lights` }),
    outOfScope: async (f) => ({ method: 'GET', url: `/api/projects/${f.outOfScopeProject}/lights` }),
  },
};
