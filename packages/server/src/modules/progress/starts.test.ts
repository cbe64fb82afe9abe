import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Session } from '../../test/harness.ts';

/** An accepted report's start date records the project's start of work (开工), whichever way it is accepted. */
let h: Harness;
let county: Session;
beforeAll(async () => {
  h = await createHarness();
  county = await h.loginAs('county', { regionCode: '331102' });
});
afterAll(() => h.close());

async function submitted(
  stage: 'planning' | 'reserve' | 'preliminary' | 'construction',
  startedOn: string | null,
  actualStart: string | null = null,
) {
  const enterprise = await h.createEnterprise();
  const owner = await h.loginAs('owner', { enterpriseId: enterprise });
  const project = await h.buildProject({ owner_id: enterprise, stage, actual_start: actualStart });
  const base = `/api/projects/${project.id}/reports/2025/6`;
  await h.request(owner, 'PUT', base, {
    completedAmount: '50',
    physicalProgress: '场地平整',
    percentComplete: '2',
    startedOn,
  });
  const report = (await h.request(owner, 'POST', `${base}/submit`, { version: 1 })).json();
  return { project, report: report as { id: string } };
}

const projectOf = (id: string) =>
  h.db
    .selectFrom('projects')
    .select(['stage', 'actual_start', 'version'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('start of work from accepted reports', () => {
  it('a single acceptance sets the actual start and moves a preliminary project into construction', async () => {
    const { project, report } = await submitted('preliminary', '2025-06-12');
    expect(await projectOf(project.id)).toMatchObject({ stage: 'preliminary', actual_start: null });
    const accepted = await h.request(county, 'POST', `/api/reports/${report.id}/accept`, {});
    expect(accepted.statusCode).toBe(200);
    expect(await projectOf(project.id)).toEqual({
      stage: 'construction',
      actual_start: '2025-06-12',
      version: project.version + 1,
    });
    const event = await h.db
      .selectFrom('audit_events')
      .select(['before', 'after', 'actor_id'])
      .where('action', '=', 'project.start')
      .where('object_id', '=', project.id)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      actor_id: county.user.id,
      before: { stage: 'preliminary', actualStart: null, version: project.version },
      after: { stage: 'construction', actualStart: '2025-06-12', version: project.version + 1 },
    });
    // The project's summary rows moved with its stage (the rollup reads the stage from them).
    const summary = await h.db
      .selectFrom('project_year_progress')
      .select('stage')
      .where('project_id', '=', project.id)
      .executeTakeFirstOrThrow();
    expect(summary.stage).toBe('construction');
  });

  it('a bulk acceptance does the same for every report, and keeps an actual start already recorded', async () => {
    const planning = await submitted('planning', '2025-06-01');
    const started = await submitted('construction', '2025-06-20', '2024-11-03');
    const none = await submitted('reserve', null);
    const response = await h.request(county, 'POST', '/api/reports/accept', {
      ids: [planning.report.id, started.report.id, none.report.id],
    });
    expect(response.json().accepted).toBe(3);
    expect(await projectOf(planning.project.id)).toMatchObject({
      stage: 'construction',
      actual_start: '2025-06-01',
    });
    expect(await projectOf(started.project.id)).toEqual({
      stage: 'construction',
      actual_start: '2024-11-03',
      version: started.project.version,
    });
    expect(await projectOf(none.project.id)).toMatchObject({ stage: 'reserve', actual_start: null });
  });

  it('a returned report changes nothing', async () => {
    const { project, report } = await submitted('preliminary', '2025-06-12');
    await h.request(county, 'POST', `/api/reports/${report.id}/return`, { reason: '开工日期待核实' });
    expect(await projectOf(project.id)).toMatchObject({ stage: 'preliminary', actual_start: null });
  });
});
