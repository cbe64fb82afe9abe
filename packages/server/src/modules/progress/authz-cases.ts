import type { AuthzCase, AuthzFixtures } from '../../test/authz.ts';
import { multipartFile, workbook } from '../../test/xlsx.ts';

/**
 * The progress routes' entries of the authorization matrix (authz.test.ts). Each build inserts the
 * report it acts on in a month no other call uses, so every role meets a report in the state the
 * route expects.
 */
let slot = 0;
/** A distinct, long-closed month per call: the window is open and no other case touches it. */
function nextPeriod() {
  const n = slot++;
  return { year: 2000 + Math.floor(n / 12), month: (n % 12) + 1 };
}

async function insertReport(
  f: AuthzFixtures,
  projectId: string,
  state: 'draft' | 'submitted' | 'accepted',
  period = nextPeriod(),
) {
  const row = await f.h.db
    .insertInto('progress_reports')
    .values({
      project_id: projectId,
      ...period,
      state,
      completed_amount: '100.0000',
      physical_progress: '主体施工',
      percent_complete: '10.00',
      late: state === 'draft' ? null : false,
    })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
  return { ...row, ...period };
}

const periodUrl = (projectId: string, period: { year: number; month: number }, action = '') =>
  `/api/projects/${projectId}/reports/${period.year}/${period.month}${action}`;

const fill = { completedAmount: '120.5', physicalProgress: '基础施工', percentComplete: '12.5' };

/** The latest version of the shared PUT month, so each role's edit is current. */
async function latestVersion(f: AuthzFixtures, projectId: string, period: { year: number; month: number }) {
  const row = await f.h.db
    .selectFrom('progress_reports')
    .select('version')
    .where('project_id', '=', projectId)
    .where('year', '=', period.year)
    .where('month', '=', period.month)
    .orderBy('revision', 'desc')
    .executeTakeFirst();
  return row?.version;
}
const PUT_PERIOD = { year: 1999, month: 1 };

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32)]);

/** A photo stored directly on a fresh draft report of the project. */
async function insertPhoto(f: AuthzFixtures, projectId: string) {
  const report = await insertReport(f, projectId, 'draft');
  const photo = await f.h.db
    .insertInto('report_photos')
    .values({
      report_id: report.id,
      file_name: '现场.jpg',
      content_type: 'image/jpeg',
      size: JPEG.length,
      data: JPEG,
      sha256: '0'.repeat(64),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return photo.id;
}

/** The sheet's key is the unified code, which the matrix's project does not otherwise need. */
const SHEET_CODE = '2020-331102-48-01-424242';
async function monthlySheet(f: AuthzFixtures) {
  await f.h.db
    .updateTable('projects')
    .set({ code: SHEET_CODE })
    .where('id', '=', f.inScopeProject)
    .where('code', 'is', null)
    .execute();
  return workbook([
    ['项目代码', '本月完成投资(万元)', '形象进度', '完成百分比'],
    [SHEET_CODE, 12.5, '主体施工', 30],
  ]);
}

export const progressCases: Record<string, AuthzCase> = {
  'GET /api/projects/:id/reports': {
    ok: 200,
    build: async (f) => ({ method: 'GET', url: `/api/projects/${f.inScopeProject}/reports` }),
    outOfScope: async (f) => ({ method: 'GET', url: `/api/projects/${f.outOfScopeProject}/reports` }),
  },
  'PUT /api/projects/:id/reports/:year/:month': {
    ok: 200,
    build: async (f) => ({
      method: 'PUT',
      url: periodUrl(f.inScopeProject, PUT_PERIOD),
      payload: { ...fill, version: await latestVersion(f, f.inScopeProject, PUT_PERIOD) },
    }),
    outOfScope: async (f) => ({
      method: 'PUT',
      url: periodUrl(f.outOfScopeProject, PUT_PERIOD),
      payload: { ...fill, version: await latestVersion(f, f.outOfScopeProject, PUT_PERIOD) },
    }),
  },
  'POST /api/projects/:id/reports/:year/:month/submit': {
    ok: 200,
    build: async (f) => {
      const report = await insertReport(f, f.inScopeProject, 'draft');
      return { method: 'POST', url: periodUrl(f.inScopeProject, report, '/submit'), payload: { version: 1 } };
    },
    outOfScope: async (f) => {
      const report = await insertReport(f, f.outOfScopeProject, 'draft');
      return {
        method: 'POST',
        url: periodUrl(f.outOfScopeProject, report, '/submit'),
        payload: { version: 1 },
      };
    },
  },
  'POST /api/projects/:id/reports/:year/:month/correct': {
    ok: 201,
    build: async (f) => {
      const report = await insertReport(f, f.inScopeProject, 'accepted');
      return {
        method: 'POST',
        url: periodUrl(f.inScopeProject, report, '/correct'),
        payload: { version: 1 },
      };
    },
    outOfScope: async (f) => {
      const report = await insertReport(f, f.outOfScopeProject, 'accepted');
      return {
        method: 'POST',
        url: periodUrl(f.outOfScopeProject, report, '/correct'),
        payload: { version: 1 },
      };
    },
  },
  'POST /api/reports/:id/accept': {
    ok: 200,
    build: async (f) => {
      const report = await insertReport(f, f.inScopeProject, 'submitted');
      return { method: 'POST', url: `/api/reports/${report.id}/accept`, payload: { version: 1 } };
    },
    outOfScope: async (f) => {
      const report = await insertReport(f, f.outOfScopeProject, 'submitted');
      return { method: 'POST', url: `/api/reports/${report.id}/accept`, payload: { version: 1 } };
    },
  },
  'POST /api/reports/:id/return': {
    ok: 200,
    build: async (f) => {
      const report = await insertReport(f, f.inScopeProject, 'submitted');
      return { method: 'POST', url: `/api/reports/${report.id}/return`, payload: { reason: '数据有误' } };
    },
    outOfScope: async (f) => {
      const report = await insertReport(f, f.outOfScopeProject, 'submitted');
      return { method: 'POST', url: `/api/reports/${report.id}/return`, payload: { reason: '越权退回' } };
    },
  },
  'POST /api/reports/accept': {
    ok: 200,
    build: async (f) => {
      const report = await insertReport(f, f.inScopeProject, 'submitted');
      return { method: 'POST', url: '/api/reports/accept', payload: { ids: [report.id] } };
    },
  },
  'GET /api/reports': {
    ok: 200,
    build: async () => ({ method: 'GET', url: '/api/reports?state=submitted' }),
  },
  'POST /api/progress/history': {
    ok: 200,
    build: async (f) => {
      const period = nextPeriod();
      return {
        method: 'POST',
        url: '/api/progress/history',
        payload: [{ projectId: f.inScopeProject, ...period, amount: '88.8' }],
      };
    },
  },
  'GET /api/progress/monthly-sheet': {
    ok: 200,
    build: async () => ({ method: 'GET', url: '/api/progress/monthly-sheet?year=2020&month=1' }),
  },
  'POST /api/progress/monthly-sheet': {
    ok: 200,
    build: async (f) => ({
      method: 'POST',
      url: '/api/progress/monthly-sheet?year=2020&month=1&dryRun=true',
      ...multipartFile(await monthlySheet(f)),
    }),
  },
  'POST /api/reports/:id/photos': {
    ok: 201,
    build: async (f) => {
      const report = await insertReport(f, f.inScopeProject, 'draft');
      return { method: 'POST', url: `/api/reports/${report.id}/photos`, ...multipartFile(JPEG, '现场.jpg') };
    },
    outOfScope: async (f) => {
      const report = await insertReport(f, f.outOfScopeProject, 'draft');
      return { method: 'POST', url: `/api/reports/${report.id}/photos`, ...multipartFile(JPEG, '越权.jpg') };
    },
  },
  'GET /api/reports/:id/photos': {
    ok: 200,
    build: async (f) => {
      const report = await insertReport(f, f.inScopeProject, 'draft');
      return { method: 'GET', url: `/api/reports/${report.id}/photos` };
    },
    outOfScope: async (f) => {
      const report = await insertReport(f, f.outOfScopeProject, 'draft');
      return { method: 'GET', url: `/api/reports/${report.id}/photos` };
    },
  },
  'GET /api/photos/:id': {
    ok: 200,
    build: async (f) => ({ method: 'GET', url: `/api/photos/${await insertPhoto(f, f.inScopeProject)}` }),
    outOfScope: async (f) => ({
      method: 'GET',
      url: `/api/photos/${await insertPhoto(f, f.outOfScopeProject)}`,
    }),
  },
  'DELETE /api/photos/:id': {
    ok: 204,
    build: async (f) => ({ method: 'DELETE', url: `/api/photos/${await insertPhoto(f, f.inScopeProject)}` }),
    outOfScope: async (f) => ({
      method: 'DELETE',
      url: `/api/photos/${await insertPhoto(f, f.outOfScopeProject)}`,
    }),
  },
  'GET /api/reporting-rules': {
    ok: 200,
    build: async () => ({ method: 'GET', url: '/api/reporting-rules?year=2020' }),
  },
  'PUT /api/reporting-rules': {
    ok: 200,
    build: async () => ({
      method: 'PUT',
      url: '/api/reporting-rules',
      payload: { year: 2030, regionCode: '331102', dueDay: 7, timeProgressMode: 'month' },
    }),
  },
};
