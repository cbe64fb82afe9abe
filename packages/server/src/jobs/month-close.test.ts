import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test/harness.ts';
import { monthToClose, runMonthClose } from './month-close.ts';

describe('which month the scheduled close takes', () => {
  const rules = [{ year: 2020, regionCode: null, dueDay: 5 }];
  it.each([
    ['2020-07-05', { year: 2020, month: 5 }],
    ['2020-07-06', { year: 2020, month: 6 }],
    ['2020-01-10', { year: 2019, month: 12 }],
    ['2020-02-06', { year: 2020, month: 1 }],
  ])('on %s', (today, period) => {
    expect(monthToClose(today, rules)).toEqual(period);
  });
  it('follows the configured due day', () => {
    expect(monthToClose('2020-07-06', [{ year: 2020, regionCode: null, dueDay: 10 }])).toEqual({
      year: 2020,
      month: 5,
    });
  });
});

describe('the scheduled close', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('does nothing for a year without a work list', async () => {
    expect(await runMonthClose(h.services, new Date('2020-07-06T09:00:00+08:00'))).toBeNull();
  });

  it('closes the overdue month once, as the job, and leaves it to a person afterwards', async () => {
    const project = await h.buildProject();
    await h.db
      .insertInto('project_year_plans')
      .values({
        project_id: project.id,
        year: 2020,
        planned_investment: '100',
        construction_type: 'continuing',
      })
      .execute();
    const id = await runMonthClose(h.services, new Date('2020-07-06T09:00:00+08:00'));
    expect(id).not.toBeNull();
    const close = await h.db
      .selectFrom('month_closes')
      .selectAll()
      .where('id', '=', id!)
      .executeTakeFirstOrThrow();
    expect(close).toMatchObject({
      year: 2020,
      month: 6,
      edition: 1,
      closed_by: null,
      closed_by_name: '定时关账任务',
    });
    expect(await runMonthClose(h.services, new Date('2020-07-07T09:00:00+08:00'))).toBeNull();
  });
});
