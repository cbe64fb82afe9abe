import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  choose,
  expectCleanConsole,
  launchBrowser,
  login,
  openTab,
  screenshot,
  type Tab,
} from './support/browser.ts';
import { PASSWORD, startServer, type E2eServer } from './support/server.ts';

const PLAN_NAME = '2026年市重点项目补充计划（E2E）';
const YEAR = '2026';

describe.skipIf(!chromiumAvailable())('annual plan journey (city command)', () => {
  let server: E2eServer;
  let browser: Browser;
  let city: Tab;
  let project: { id: string; name: string };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    city = await openTab(browser, server.baseUrl);
    // A project under construction in none of the demo city's plans, so its year plan is free.
    project = await server.db
      .selectFrom('projects')
      .select(['id', 'name'])
      .where('stage', '=', 'construction')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('plan_members')
              .select('plan_members.plan_id')
              .whereRef('plan_members.project_id', '=', 'projects.id'),
          ),
        ),
      )
      .orderBy('name')
      .executeTakeFirstOrThrow();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists the demo city’s four plans', async () => {
    const { page } = city;
    await login(page, 'city', PASSWORD);
    await page.getByRole('menuitem', { name: '年度计划' }).click();
    // The demo's four plans (四大计划) of its plan year, three of them issued.
    for (const kind of [
      '市本级政府投资项目计划',
      '市重点建设项目计划',
      '重大前期项目计划',
      '政策处理责任目标',
    ])
      await page
        .getByRole('link', { name: new RegExp(`^\\d{4}年${kind}$`) })
        .first()
        .waitFor();
    expect(await page.getByTestId('plan-table').getByText('已下达').count()).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'plans-01-list');
  });

  it('creates a plan and adds a member project', async () => {
    const { page } = city;
    await page.getByTestId('plan-new').click();
    const form = page.getByTestId('plan-create-form');
    await form.getByLabel('年度').fill(YEAR);
    await choose(page, 'plan-kind', '市重点建设项目计划');
    await expect.poll(() => form.getByLabel('计划名称').inputValue()).toBe(`${YEAR}年市重点建设项目计划`);
    await form.getByLabel('计划名称').fill('补充计划');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('plan-title').getByText('补充计划').waitFor();
    // A draft's name is still edited directly.
    await page.getByTestId('plan-edit').click();
    await page.locator('.ant-modal:visible').getByLabel('计划名称').fill(PLAN_NAME);
    await page
      .locator('.ant-modal:visible')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await page.getByText('计划已保存').waitFor();
    await page.getByTestId('plan-title').getByText(PLAN_NAME).waitFor();
    await page.getByTestId('plan-state').getByText('草拟').waitFor();

    const search = page.getByTestId('member-search');
    await search.click();
    await page.keyboard.type(project.name.slice(0, 8));
    await page
      .locator('.ant-select-dropdown:visible')
      .getByText(project.name, { exact: false })
      .first()
      .click();
    await page.getByTestId('member-add').click();
    await page.getByTestId('member-table').getByRole('link', { name: project.name }).waitFor();
    await screenshot(page, 'plans-02-draft-with-member');
  });

  it('fills the member’s year plan with an exact quarterly spread and reverse-schedules milestones', async () => {
    const { page } = city;
    await page.getByTestId('member-table').getByRole('button', { name: '年度计划' }).click();
    await page.getByTestId('year-plan-form').waitFor();
    await expect.poll(() => page.url()).toContain(`/projects/${project.id}/plan?year=${YEAR}`);
    await page.getByLabel('年度计划投资').fill('1000');
    await page.getByTestId('year-plan-form').getByText('按季分解').click();
    for (const [index, value] of ['250', '250', '250', '249.9999'].entries()) {
      await page.getByLabel(`第${index + 1}季度`).fill(value);
    }
    await page
      .getByTestId('distribution-sum')
      .getByText('分解数合计 999.9999 万元，与年度计划投资 1000.0000 万元不一致')
      .waitFor();
    await page.getByLabel('第4季度').fill('250');
    await page
      .getByTestId('distribution-sum')
      .getByText('分解合计 1,000.00 万元，与年度计划投资一致')
      .waitFor();
    await page.getByLabel('年度形象进度目标').fill('主体结构封顶');
    await page.getByTestId('year-plan-save').click();
    await page.getByText('年度计划已保存').waitFor();

    await page.getByTestId('reverse-open').click();
    const deadline = page.getByTestId('reverse-deadline');
    await deadline.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2026-12-31');
    await page.keyboard.press('Enter');
    await page.getByTestId('reverse-propose').click();
    const rows = page.getByTestId('reverse-rows');
    await rows.locator('input[value="立项"]').waitFor();
    await screenshot(page, 'plans-03-reverse-schedule');
    await page.getByText(/第一个节点须于 2026-08-31 开始办理，最后一个节点于 2026-12-31 完成/).waitFor();
    await page.getByTestId('reverse-save').click();
    await page.getByText('已新增 7 个节点').waitFor();
    const table = page.getByTestId('milestone-table');
    await table.getByText('施工许可').waitFor();
    await table.getByText('2026-12-31').waitFor();
    expect(await table.locator('tbody tr.ant-table-row').count()).toBe(7);

    // Entering actual dates turns the derived status: on time, and late.
    const complete = async (name: string, actual: string, status: string) => {
      const row = table.getByRole('row').filter({ hasText: name });
      await row.getByRole('button', { name: /编\s*辑/ }).click();
      const form = page.getByTestId('milestone-form');
      await form.getByLabel('实际完成日期').fill(actual);
      await page.keyboard.press('Enter');
      await expect.poll(() => form.getByLabel('实际完成日期').inputValue()).toBe(actual);
      await form.getByLabel('责任部门').click();
      await page.locator('.ant-select-dropdown:visible').getByTitle('市发展改革委', { exact: true }).click();
      await page
        .locator('.ant-modal:visible')
        .getByRole('button', { name: /保\s*存/ })
        .click();
      await page.getByText('节点已保存').last().waitFor();
      await row.getByText(status).waitFor();
      await row.getByText('市发展改革委').waitFor();
    };
    await complete('立项', '2026-09-18', '按期完成');
    await complete('用地预审', '2026-10-15', '逾期完成');
    await screenshot(page, 'plans-04-year-plan-milestones');
  });

  it('issues the plan, adjusts the member with a reason and shows the history', async () => {
    const { page } = city;
    await page.goBack();
    await page.getByTestId('plan-title').getByText(PLAN_NAME).waitFor();
    await page.getByTestId('plan-total').getByText('1,000.00 万元').waitFor();
    await page.getByTestId('plan-issue').click();
    await page.locator('.ant-modal:visible').getByRole('button', { name: '下达计划' }).click();
    await page.getByTestId('plan-state').getByText('已下达').waitFor();
    await page.getByText('尚无调整，当前即为下达时的计划').waitFor();

    await page.getByTestId('member-adjust').click();
    const form = page.getByTestId('adjust-form');
    await form.getByLabel('年度计划投资').fill('1200');
    await form.getByRole('button', { name: '平均分配' }).click();
    await form
      .getByTestId('distribution-sum')
      .getByText('分解合计 1,200.00 万元，与年度计划投资一致')
      .waitFor();
    await page.getByRole('button', { name: '提交调整' }).click();
    await page.getByText('请填写调整原因（至少 2 个字）').waitFor();
    await form.getByLabel('调整原因').fill('征地提前完成，加快建设进度');
    await screenshot(page, 'plans-05-adjust');
    await page.getByRole('button', { name: '提交调整' }).click();
    await page.getByText('计划调整已记录').waitFor();

    const history = page.getByTestId('adjustment-history');
    await history.getByText('征地提前完成，加快建设进度').waitFor();
    await history.getByText('市投资项目指挥部').waitFor();
    await history.getByText('1,000.00 万元', { exact: true }).waitFor();
    await history.getByText('1,200.00 万元', { exact: true }).waitFor();
    await history.getByText('300.00 / 300.00 / 300.00 / 300.00').waitFor();
    await page.getByTestId('plan-total').getByText('1,200.00 万元').waitFor();
    await screenshot(page, 'plans-06-adjustment-history');
    await page.getByTestId('language-switch').click();
    await page.getByText('Adjustments (1)').waitFor();
    await page.getByText('Change (before → after)').first().waitFor();
    await screenshot(page, 'plans-06-adjustment-history-english');
    await page.getByTestId('language-switch').click();
    await page.getByText('计划调整记录（1）').waitFor();

    // The change is on record on the server too, with the issued values as "before".
    const stored = await server.db
      .selectFrom('plan_adjustments')
      .innerJoin('plans', 'plans.id', 'plan_adjustments.plan_id')
      .select(['plan_adjustments.reason'])
      .where('plans.name', '=', PLAN_NAME)
      .execute();
    expect(stored.map((row) => row.reason)).toEqual(['征地提前完成，加快建设进度']);
  });

  it('keeps an issued plan’s year plan closed to direct edits', async () => {
    const { page } = city;
    await page.getByTestId('member-table').getByRole('button', { name: '年度计划' }).click();
    await page.getByTestId('year-plan-form').waitFor();
    await expect.poll(() => page.getByLabel('年度计划投资').inputValue()).toBe('1200');
    await page.getByTestId('year-plan-issued').getByRole('link', { name: PLAN_NAME }).waitFor();
    expect(await page.getByLabel('年度计划投资').isDisabled()).toBe(true);
    expect(await page.getByTestId('year-plan-save').count()).toBe(0);
    await screenshot(page, 'plans-07-issued-year-plan');
    expectCleanConsole(city);
  });
});
