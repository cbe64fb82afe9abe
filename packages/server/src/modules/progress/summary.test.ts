import { latestAcceptedByMonth, parseWan, wanToDecimal } from '@beacon/domain';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Session } from '../../test/harness.ts';

/**
 * The incrementally maintained project-year summary must equal the naive aggregate over the latest
 * accepted revision of every month, whatever order reports are saved, submitted, accepted,
 * returned and corrected in (the indicator table reads only the summary).
 */
let h: Harness;
let county: Session;
beforeAll(async () => {
  h = await createHarness();
  county = await h.loginAs('county', { regionCode: '331102' });
});
afterAll(() => h.close());

const ACTIONS = ['save', 'submit', 'accept', 'return', 'correct'] as const;
const YEAR = 2025;
const WEIGHTS = { save: 2, submit: 3, accept: 3, return: 1, correct: 2 } as const;

type Step = { slot: number; action: (typeof ACTIONS)[number]; amount: bigint };

async function latest(projectId: string, month: number) {
  return h.db
    .selectFrom('progress_reports')
    .select(['id', 'version'])
    .where('project_id', '=', projectId)
    .where('year', '=', YEAR)
    .where('month', '=', month)
    .orderBy('revision', 'desc')
    .executeTakeFirst();
}

async function run(owner: Session, projects: string[], step: Step) {
  const projectId = projects[step.slot % projects.length]!;
  const month = Math.floor(step.slot / projects.length) + 1;
  const base = `/api/projects/${projectId}/reports/${YEAR}/${month}`;
  const current = await latest(projectId, month);
  switch (step.action) {
    case 'save':
      return h.request(owner, 'PUT', base, {
        version: current?.version,
        completedAmount: wanToDecimal(step.amount),
        physicalProgress: '施工中',
        percentComplete: '50',
      });
    case 'submit':
      return h.request(owner, 'POST', `${base}/submit`, { version: current?.version ?? 1 });
    case 'correct':
      return h.request(owner, 'POST', `${base}/correct`, { version: current?.version ?? 1 });
    case 'accept':
      return current && h.request(county, 'POST', `/api/reports/${current.id}/accept`, {});
    case 'return':
      return current && h.request(county, 'POST', `/api/reports/${current.id}/return`, { reason: '请核实' });
  }
}

/**
 * The floor the summary replaces: every report row read, each month's highest accepted revision
 * picked by the domain rule, and summed straight.
 */
async function naive(projects: string[]) {
  const rows = await h.db
    .selectFrom('progress_reports')
    .select(['project_id', 'month', 'revision', 'state', 'completed_amount'])
    .where('project_id', 'in', projects)
    .where('year', '=', YEAR)
    .execute();
  return projects.flatMap((projectId) =>
    [...latestAcceptedByMonth(rows.filter((row) => row.project_id === projectId)).values()].map((row) => ({
      project_id: projectId,
      month: row.month,
      amount: row.completed_amount,
    })),
  );
}

describe('project-year summary', () => {
  it('equals the naive aggregate over the latest accepted revisions after any sequence', async () => {
    // Guards against a vacuous property: some sequences must reach acceptance.
    let acceptedMonths = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            slot: fc.nat({ max: 3 }),
            // Weighted towards moving forward, so most sequences reach acceptance and correction.
            action: fc.oneof(
              ...ACTIONS.map((action) => ({ arbitrary: fc.constant(action), weight: WEIGHTS[action] })),
            ),
            amount: fc.bigInt({ min: 0n, max: 10n ** 10n }),
          }),
          { minLength: 15, maxLength: 40 },
        ),
        async (steps) => {
          const enterprise = await h.createEnterprise();
          const owner = await h.login(await h.createUser({ role: 'owner', enterpriseId: enterprise }));
          const projects = [
            (await h.buildProject({ owner_id: enterprise })).id,
            (await h.buildProject({ owner_id: enterprise })).id,
          ];
          for (const step of steps) {
            const response = await run(owner, projects, step);
            // Refusals (wrong state, nothing to act on) are part of the sequence; faults are not.
            if (response) expect(response.statusCode, response.body).toBeLessThan(500);
          }
          const expected = new Map<string, bigint[]>();
          const accepted = await naive(projects);
          acceptedMonths += accepted.length;
          for (const row of accepted) {
            const months = expected.get(row.project_id) ?? Array.from({ length: 12 }, () => 0n);
            months[row.month - 1] = parseWan(row.amount);
            expected.set(row.project_id, months);
          }
          const summaries = await h.db
            .selectFrom('project_year_progress')
            .select(['project_id', sql<string[]>`monthly::text[]`.as('monthly'), 'accepted_through_month'])
            .where('project_id', 'in', projects)
            .where('year', '=', YEAR)
            .execute();
          const actual = new Map(
            summaries.map((row) => [row.project_id, row.monthly.map((v) => parseWan(v))]),
          );
          expect(actual).toEqual(expected);
          for (const row of summaries) {
            const months = expected.get(row.project_id)!;
            const lastAccepted = Math.max(0, ...months.map((v, i) => (v > 0n ? i + 1 : 0)));
            expect(row.accepted_through_month).toBeGreaterThanOrEqual(lastAccepted);
          }
          // The API's totals are the summary's.
          for (const projectId of projects) {
            const listed = (
              await h.request(owner, 'GET', `/api/projects/${projectId}/reports?year=${YEAR}`)
            ).json();
            const months = expected.get(projectId);
            expect(listed.years.map((y: { monthly: string[] }) => y.monthly.map((v) => parseWan(v)))).toEqual(
              months ? [months] : [],
            );
          }
        },
      ),
      { numRuns: 12 },
    );
    expect(acceptedMonths).toBeGreaterThan(0);
  });
});
