import { MONTHLY_SHEET_HEADERS, parseWan, wanToDecimal } from '@beacon/domain';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatWanNumber } from '../packages/web/src/lib/format.ts';
import { openMonth } from '../packages/web/src/pages/progress/report-month.ts';
import {
  chromiumAvailable,
  expectCleanConsole,
  launchBrowser,
  login,
  openTab,
  screenshot,
  type Tab,
} from './support/browser.ts';
import { PASSWORD, startServer, type E2eServer } from './support/server.ts';

/** The month open for reporting today (the report for M opens on the 1st of M+1). */
const PERIOD = openMonth();
const FIRST_AMOUNT = '1234.5';
const FIXED_AMOUNT = '1500.25';
const RETURN_REASON = '形象进度未写明施工部位，请补充后重新提交';
/** A 1×1 PNG: the server recognises photos by their content, not their name. */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Which seeded indicator a project's funding source counts in. */
const INDICATOR_BY_FUNDING: Record<string, string> = {
  government: 'government_investment',
  private: 'private_investment',
};

describe.skipIf(!chromiumAvailable())('monthly report journey (owner, county, indicators)', () => {
  let server: E2eServer;
  let browser: Browser;
  let owner: Tab;
  let county: Tab;
  let project: { id: string; code: string | null; name: string; region_code: string; funding_source: string };
  let countyUser: string;
  let indicator: string;
  let before: string;

  /** The indicator table as the city command reads it, straight from the API. */
  const figure = async (): Promise<string> => {
    const signIn = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'city', password: PASSWORD },
    });
    const cookie = signIn.cookies.find((c) => c.name === 'beacon_session')!;
    const reply = await server.app.inject({
      method: 'GET',
      url: `/api/indicators/table?year=${PERIOD.year}&month=${PERIOD.month}`,
      headers: { cookie: `beacon_session=${cookie.value}` },
    });
    expect(reply.statusCode).toBe(200);
    const table = reply.json() as {
      rows: { indicator: string; region: string | null; cumulative: string | null }[];
    };
    const row = table.rows.find((r) => r.indicator === indicator && r.region === project.region_code);
    return row?.cumulative ?? '0';
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    owner = await openTab(browser, server.baseUrl);
    county = await openTab(browser, server.baseUrl);
    const account = await server.db
      .selectFrom('users')
      .select('enterprise_id')
      .where('username', '=', 'owner')
      .executeTakeFirstOrThrow();
    // The owner's project under construction that counts in a seeded investment indicator.
    // The demo seeds the open month in every state; the journey takes a project not yet reported.
    project = await server.db
      .selectFrom('projects')
      .select(['id', 'code', 'name', 'region_code', 'funding_source'])
      .where('owner_id', '=', account.enterprise_id!)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('progress_reports')
              .select('progress_reports.id')
              .whereRef('progress_reports.project_id', '=', 'projects.id')
              .where('progress_reports.year', '=', PERIOD.year)
              .where('progress_reports.month', '=', PERIOD.month),
          ),
        ),
      )
      .where('funding_source', 'in', Object.keys(INDICATOR_BY_FUNDING) as ('government' | 'private')[])
      .orderBy('stage', 'desc')
      .orderBy('name')
      .executeTakeFirstOrThrow();
    indicator = INDICATOR_BY_FUNDING[project.funding_source]!;
    countyUser = `county-${project.region_code}`;
    before = await figure();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the owner fills in and submits the month’s report', async () => {
    const { page } = owner;
    await login(page, 'owner', PASSWORD);
    await page.getByRole('menuitem', { name: '月报填报' }).click();
    await page.getByText(`${PERIOD.year}年${PERIOD.month}月月报`).waitFor();
    const row = page
      .getByTestId('inbox-table')
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: project.name, exact: true }) });
    await row.getByText('未填报').waitFor();
    await screenshot(page, 'progress-01-owner-inbox');

    await row.getByTestId('report-open').click();
    await page.getByTestId('report-title').getByText(project.name).waitFor();
    await page.getByLabel('本月完成投资(万元)').fill(FIRST_AMOUNT);
    // The cumulative figures are derived as the owner types.
    await page
      .getByTestId('derived-this-year')
      .getByText(`${formatWanNumber(FIRST_AMOUNT)} 万元`)
      .waitFor();
    await page.getByTestId('report-save').click();
    await page.getByText('草稿已保存').waitFor();
    await page.getByTestId('report-state').getByText('草稿').waitFor();

    // Submitting needs the physical progress and the percentage.
    await page.getByTestId('report-submit').click();
    await page
      .getByTestId('report-error')
      .getByText(/请填写形象进度/)
      .waitFor();
    await page.getByLabel('形象进度').fill('主体结构施工中');
    await page.getByLabel('完成百分比').fill('35');
    await page.getByLabel('统计入库').click();
    await screenshot(page, 'progress-02-report-form');
    await page.getByTestId('report-submit').click();
    await page.getByText('月报已提交，等待审核').waitFor();
    await page.getByTestId('report-state').getByText('已提交').waitFor();
    // The window closed on the due day, so a report for an earlier month is late.
    await page.getByTestId('report-history').getByText('第1版').waitFor();
  });

  it('the county returns it with a reason', async () => {
    const { page } = county;
    await login(page, countyUser, PASSWORD);
    await page.getByRole('menuitem', { name: '月报审核' }).click();
    const row = page
      .getByTestId('review-table')
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: project.name, exact: true }) });
    await row.getByText('已提交').waitFor();
    await screenshot(page, 'progress-03-county-queue');
    await row.getByTestId('review-return-one').click();
    await page
      .getByRole('button', { name: /退\s*回/ })
      .last()
      .click();
    await page.getByText('退回须填写原因').waitFor();
    await page.getByTestId('return-reason-input').fill(RETURN_REASON);
    await page
      .getByRole('button', { name: /退\s*回/ })
      .last()
      .click();
    await page.getByText('已退回 1 份月报').waitFor();
    await expect.poll(() => row.count()).toBe(0);
  });

  it('the owner sees the reason, fixes the report and submits again', async () => {
    const { page } = owner;
    await page.goto('/progress/reporting');
    const row = page
      .getByTestId('inbox-table')
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: project.name, exact: true }) });
    await row.getByText('已退回').waitFor();
    await row.getByTestId('return-reason').getByText(RETURN_REASON).waitFor();
    await screenshot(page, 'progress-04-owner-returned');
    await row.getByTestId('report-open').click();
    await page.getByTestId('report-returned').getByText(`退回原因：${RETURN_REASON}`).waitFor();
    await page
      .getByTestId('report-returned')
      .getByText(/退回人：.*发改局/)
      .waitFor();
    await page.getByLabel('本月完成投资(万元)').fill(FIXED_AMOUNT);
    await page.getByLabel('形象进度').fill('主体结构施工至第三层，完成地下室顶板浇筑');
    await page
      .getByTestId('report-photos')
      .locator('input[type=file]')
      .setInputFiles({ name: '三层楼面.png', mimeType: 'image/png', buffer: PHOTO });
    await page.getByText('已上传 三层楼面.png').waitFor();
    await page.getByTestId('report-photo').getByText('三层楼面.png').waitFor();
    await screenshot(page, 'progress-05-owner-fixing');
    await page.getByRole('button', { name: '修改后重新提交' }).click();
    await page.getByText('月报已提交，等待审核').waitFor();
  });

  it('the county accepts the corrected report in bulk', async () => {
    const { page } = county;
    await page.reload();
    const row = page
      .getByTestId('review-table')
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: project.name, exact: true }) });
    await row.getByText(formatWanNumber(FIXED_AMOUNT)).first().waitFor();
    await row.getByRole('checkbox').check();
    await page.getByTestId('review-accept').click();
    await page.getByText('已审核通过 1 份月报').waitFor();
    await page.getByTestId('review-state').click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('已审核', { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    await row.getByText('已审核').waitFor();
    await screenshot(page, 'progress-06-county-accepted');
  });

  it('the indicator table counts the accepted amount', async () => {
    const after = await figure();
    expect(wanToDecimal(parseWan(after) - parseWan(before))).toBe(wanToDecimal(parseWan(FIXED_AMOUNT)));

    const { page } = county;
    await page.goto(`/indicators?year=${PERIOD.year}&month=${PERIOD.month}`);
    const cell = page.getByTestId(`figure-${indicator}-${project.region_code}`);
    await expect.poll(() => cell.innerText()).toBe(formatWanNumber(after));
    await screenshot(page, 'progress-07-indicators');
    expectCleanConsole(county);
  });

  it('the owner corrects the accepted report as a new revision; every revision stays readable', async () => {
    const { page } = owner;
    await page.reload();
    await page.getByTestId('report-state').getByText('已审核').waitFor();
    await page.getByTestId('report-correct').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '发起更正' }).click();
    await page.getByText('已生成更正版次，请修改后提交').waitFor();
    await page.getByTestId('report-state').getByText('草稿').waitFor();
    const history = page.getByTestId('report-history');
    await history.getByText('第2版').waitFor();
    await history.getByText('第1版').waitFor();
    await screenshot(page, 'progress-08-correction');
    // The accepted revision keeps counting until the correction is accepted.
    expect(await figure()).toBe(wanToDecimal(parseWan(before) + parseWan(FIXED_AMOUNT)));
    expectCleanConsole(owner);
  });

  it('the county fills in the month for another project through the monthly sheet', async () => {
    const { page } = county;
    await page.goto(`/progress/review?month=${PERIOD.year}-${String(PERIOD.month).padStart(2, '0')}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('sheet-download').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.worksheets[0]!;
    const columns = new Map<string, number>();
    let headerRow = 0;
    sheet.eachRow((row, number) => {
      if (headerRow) return;
      row.eachCell((cell, column) => columns.set(cell.text.trim(), column));
      if (columns.has(MONTHLY_SHEET_HEADERS.code)) headerRow = number;
      else columns.clear();
    });
    expect(headerRow).toBeGreaterThan(0);
    const column = (field: keyof typeof MONTHLY_SHEET_HEADERS) => columns.get(MONTHLY_SHEET_HEADERS[field])!;
    // A project of the region with nothing reported for the month yet, so the sheet adds it.
    const unreported = new Set(
      (
        await server.db
          .selectFrom('projects')
          .select('code')
          .where('region_code', '=', project.region_code)
          .where('code', 'is not', null)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('progress_reports')
                  .select('progress_reports.id')
                  .whereRef('progress_reports.project_id', '=', 'projects.id')
                  .where('progress_reports.year', '=', PERIOD.year)
                  .where('progress_reports.month', '=', PERIOD.month),
              ),
            ),
          )
          .execute()
      ).map((row) => row.code),
    );
    let target = 0;
    let targetName = '';
    sheet.eachRow((row, number) => {
      const code = row.getCell(column('code')).text.trim();
      if (!target && number > headerRow && unreported.has(code) && code !== project.code) {
        target = number;
        targetName = row.getCell(column('name')).text.trim();
      }
    });
    expect(target).toBeGreaterThan(0);
    // This clerk reports one project today: the other rows are left out (a row with no inputs is skipped).
    const inputs = [
      'code',
      'amount',
      'physicalProgress',
      'percentComplete',
      'startedOn',
      'statsRegistered',
    ] as const;
    sheet.eachRow((row, number) => {
      if (number > headerRow && number !== target)
        for (const field of inputs)
          if (columns.has(MONTHLY_SHEET_HEADERS[field])) row.getCell(column(field)).value = null;
    });
    const fill = async (amount: string) => {
      const row = sheet.getRow(target);
      row.getCell(column('amount')).value = amount;
      row.getCell(column('physicalProgress')).value = '完成基础施工';
      row.getCell(column('percentComplete')).value = '20';
      return Buffer.from(await workbook.xlsx.writeBuffer());
    };
    const upload = async (buffer: Buffer) =>
      page
        .locator('.ant-modal:visible input[type=file]')
        .setInputFiles({ name: '月报汇总表.xlsx', mimeType: XLSX, buffer });

    await page.getByTestId('sheet-open').click();
    await upload(await fill('abc'));
    const errors = page.getByTestId('sheet-errors');
    await errors.getByRole('cell', { name: 'abc', exact: true }).waitFor();
    await errors.getByRole('cell', { name: String(target), exact: true }).waitFor();
    expect(await page.getByTestId('sheet-commit').isDisabled()).toBe(true);
    await screenshot(page, 'progress-09-sheet-errors');

    await upload(await fill('88.8'));
    const summary = page.getByTestId('sheet-summary');
    await summary.waitFor();
    await expect.poll(() => summary.innerText()).toMatch(/新增\s*1/);
    await screenshot(page, 'progress-10-sheet-dry-run');
    await page.getByTestId('sheet-commit').click();
    await page.getByTestId('sheet-done').waitFor();
    await page.getByRole('button', { name: /完\s*成/ }).click();

    await page.getByTestId('review-state').click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('已审核', { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    const row = page
      .getByTestId('review-table')
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: targetName, exact: true }) });
    await row.getByText('88.80').first().waitFor();
    await screenshot(page, 'progress-11-sheet-imported');
    expectCleanConsole(county);
  });

  it('the city sets a region’s due day and the owner’s inbox follows it, in English too', async () => {
    const city = await openTab(browser, server.baseUrl);
    const { page } = city;
    await login(page, 'city', PASSWORD);
    await page.getByRole('menuitem', { name: '月报规则' }).click();
    await page.getByTestId('rule-table').waitFor();
    await page.goto(`/progress/rules?year=${PERIOD.year}`);
    await page.getByTestId('rule-new').click();
    const form = page.getByTestId('rule-form');
    await form.locator('.ant-select').first().click();
    const regionName = (
      await server.db
        .selectFrom('regions')
        .select('name')
        .where('code', '=', project.region_code)
        .executeTakeFirstOrThrow()
    ).name;
    await page.locator('.ant-select-dropdown:visible').getByTitle(regionName, { exact: true }).click();
    await form.getByLabel('截止日').fill('20');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('规则已保存').waitFor();
    const row = page.getByTestId('rule-table').getByRole('row').filter({ hasText: regionName });
    await row.getByText('次月 20 日').waitFor();
    await screenshot(page, 'progress-12-rules');
    expectCleanConsole(city);
    await city.context.close();

    const { page: ownerPage } = owner;
    await ownerPage.goto('/progress/reporting');
    const next =
      PERIOD.month === 12
        ? { year: PERIOD.year + 1, month: 1 }
        : { year: PERIOD.year, month: PERIOD.month + 1 };
    const due = `${next.year}-${String(next.month).padStart(2, '0')}-20`;
    const inboxRow = ownerPage
      .getByTestId('inbox-table')
      .getByRole('row')
      .filter({ has: ownerPage.getByRole('link', { name: project.name, exact: true }) });
    await inboxRow.getByText(due).waitFor();
    await ownerPage.getByTestId('language-switch').click();
    await ownerPage.getByRole('menuitem', { name: 'Monthly reports' }).waitFor();
    await ownerPage.getByText(`Reports for ${PERIOD.year}-${PERIOD.month}`).waitFor();
    await screenshot(ownerPage, 'progress-13-inbox-english');
    await ownerPage.getByTestId('language-switch').click();
    await ownerPage.getByRole('menuitem', { name: '月报填报' }).waitFor();
    expectCleanConsole(owner);
  });

  it('a leader reads the month’s reports without review actions', async () => {
    const leader = await openTab(browser, server.baseUrl);
    const { page } = leader;
    await login(page, 'leader', PASSWORD);
    await page.getByRole('menuitem', { name: '月报查询' }).click();
    await expect.poll(() => page.url()).toContain('/progress/review');
    await page.getByRole('heading', { name: '月报查询' }).waitFor();
    await page.getByTestId('review-table').waitFor();
    expect(await page.getByTestId('review-accept').isVisible()).toBe(false);
    expect(await page.getByTestId('sheet-open').isVisible()).toBe(false);
    expect(await page.getByRole('menuitem', { name: '月报填报' }).count()).toBe(0);
    await screenshot(page, 'progress-14-leader-query');
    expectCleanConsole(leader);
    await leader.context.close();
  });
});
