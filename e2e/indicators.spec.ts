import { parseWan, wanToDecimal } from '@beacon/domain';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatWanNumber } from '../packages/web/src/lib/format.ts';
import { lastClosedMonth } from '../packages/web/src/pages/indicators/period.ts';
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

/** The month the table opens on today, as the page picks it: the last month whose reports are in. */
const { year: YEAR, month: MONTH } = lastClosedMonth(new Date());
/** 序时进度 M/12 with one decimal; M×1000/12 never ends in a half, so rounding is plain. */
const TIME_PROGRESS = (() => {
  const tenths = Math.round((MONTH * 1000) / 12);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
})();
const REGION = '331102';

/** Fallback history when the demo city has no reports of its own: hundredths of 万元, exact. */
const toDecimal = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const amount = (index: number, year: number, month: number) => {
  const base = 10_000 + index * 700 + month * 300 + 25;
  return year === YEAR ? base + 1_000 + (index % 5) * 200 : base;
};

/** The one rounding rule of the bulletins: one decimal, half away from zero. */
function growthText(current: bigint, base: bigint): string {
  const diff = current - base;
  const magnitude = diff < 0n ? -diff : diff;
  const tenths = (magnitude * 2000n + base) / (2n * base);
  return `${diff < 0n && tenths > 0n ? '-' : ''}${tenths / 10n}.${tenths % 10n}%`;
}

type Api = (method: string, url: string, payload?: unknown) => Promise<{ status: number; body: unknown }>;

describe.skipIf(!chromiumAvailable())('indicator table and targets (city command, administrator)', () => {
  let server: E2eServer;
  let browser: Browser;
  let city: Tab;
  let admin: Tab;
  let featured: { id: string; name: string; month: number };
  /** Government investment, January to MONTH of YEAR and the same months of the year before, in 万元. */
  let expectedCity = 0n;
  let expectedRegion = 0n;
  let lastYearCity = 0n;

  const signIn = async (username: string): Promise<Api> => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: PASSWORD },
    });
    const cookie = response.cookies.find((c) => c.name === 'beacon_session')!;
    const headers = { cookie: `beacon_session=${cookie.value}`, 'x-csrf-token': response.json().csrfToken };
    return async (method, url, payload) => {
      const reply = await server.app.inject({
        method: method as 'GET',
        url,
        headers,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      return { status: reply.statusCode, body: reply.body ? JSON.parse(reply.body) : null };
    };
  };

  const must = async (call: Promise<{ status: number; body: unknown }>, what: string) => {
    const { status, body } = await call;
    if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
    return body as Record<string, unknown>;
  };

  beforeAll(async () => {
    server = await startServer(120);
    browser = await launchBrowser();
    city = await openTab(browser, server.baseUrl);
    admin = await openTab(browser, server.baseUrl);

    // The demo city comes with its monthly reports; without them (an older demo) every project
    // gets last year's and this year's months loaded as history.
    const api = await signIn('city');
    const reports = await server.db
      .selectFrom('progress_reports')
      .select(sql<string>`count(*)`.as('n'))
      .where('year', '=', YEAR)
      .where('state', '=', 'accepted')
      .executeTakeFirstOrThrow();
    if (Number(reports.n) === 0) {
      const projects = await server.db.selectFrom('projects').select('id').orderBy('name').execute();
      const rows = projects.flatMap((project, index) =>
        [YEAR - 1, YEAR].flatMap((year) =>
          Array.from({ length: MONTH }, (_, at) => ({
            projectId: project.id,
            year,
            month: at + 1,
            amount: toDecimal(amount(index, year, at + 1)),
          })),
        ),
      );
      await must(api('POST', '/api/progress/history', rows), 'history');
    }

    // What the table must show, summed here from the reports themselves: each month's latest
    // accepted revision of the government-funded projects.
    const accepted = (year: number, region?: string) =>
      sql<{ total: string }>`
        select coalesce(sum(r.completed_amount), 0)::text as total
          from progress_reports r join projects p on p.id = r.project_id
         where p.funding_source = 'government' and r.year = ${year} and r.month <= ${MONTH}
           and r.state = 'accepted' and (${region ?? null}::text is null or p.region_code = ${region ?? null})
           and not exists (select 1 from progress_reports later
                            where later.project_id = r.project_id and later.year = r.year
                              and later.month = r.month and later.state = 'accepted'
                              and later.revision > r.revision)`
        .execute(server.db)
        .then((result) => parseWan(result.rows[0]!.total));
    expectedCity = await accepted(YEAR);
    expectedRegion = await accepted(YEAR, REGION);
    lastYearCity = await accepted(YEAR - 1);

    // The drill-down lists the largest first; that project's latest accepted month gets a
    // correction, so its reports show two revisions of one month.
    const top = await must(
      api('GET', `/api/indicators/government_investment/projects?year=${YEAR}&month=${MONTH}&pageSize=1`),
      'drill-down',
    );
    const first = (top.items as { id: string; name: string }[])[0]!;
    const history = await must(api('GET', `/api/projects/${first.id}/reports?year=${YEAR}`), 'reports');
    const items = history.items as { month: number; revision: number; state: string; version: number }[];
    const latest = new Map<number, (typeof items)[number]>();
    for (const item of items) {
      const known = latest.get(item.month);
      if (!known || known.revision < item.revision) latest.set(item.month, item);
    }
    const corrected = [...latest.values()]
      .filter((item) => item.state === 'accepted' && item.month <= MONTH)
      .sort((a, b) => b.month - a.month)[0];
    if (!corrected) throw new Error(`${first.name} has no accepted report to correct`);
    await must(
      api('POST', `/api/projects/${first.id}/reports/${YEAR}/${corrected.month}/correct`, {
        version: corrected.version,
      }),
      'correct report',
    );
    featured = { id: first.id, name: first.name, month: corrected.month };
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** antd fades tabs, drawers and tags in; a screenshot waits until they have settled (spinners never do). */
  const settled = (page: Page) =>
    page.waitForFunction(
      `document.getAnimations().every((animation) =>
         animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity)`,
    );

  const matrixRow = (page: Page, name: string) =>
    page.getByTestId('indicator-matrix').locator('tbody tr.ant-table-row').filter({ hasText: name });

  it('shows the table in Chinese for the chosen month, whole city first', async () => {
    const { page } = city;
    await login(page, 'city', PASSWORD);
    await page.getByRole('menuitem', { name: '指标监测' }).click();
    await page.getByTestId('indicator-caption').waitFor();
    // The page opens on this very month (the last whose reports are in); choosing it again keeps
    // the address as it is, so only the caption tells.
    await choose(page, 'indicator-year', `${YEAR} 年`);
    await choose(page, 'indicator-month', `${MONTH} 月`);
    await page
      .getByTestId('indicator-caption')
      .getByText(`${YEAR} 年 1–${MONTH} 月累计，序时进度 ${TIME_PROGRESS}%`)
      .waitFor();

    const cityFigure = page.getByTestId('figure-government_investment-city');
    await expect.poll(() => cityFigure.innerText()).toBe(formatWanNumber(wanToDecimal(expectedCity)));
    await expect
      .poll(() => page.getByTestId(`figure-government_investment-${REGION}`).innerText())
      .toBe(formatWanNumber(wanToDecimal(expectedRegion)));
    // The whole-city row comes first and is bold.
    const first = page.getByTestId('indicator-matrix').locator('tbody tr.ant-table-row').first();
    await expect.poll(() => first.innerText()).toContain('全市合计');
    expect(await first.getAttribute('class')).toContain('indicator-city-row');
    // Growth against last year and the policy's 12% target with its badge.
    // Growth against the same months of last year, one decimal, and the policy's 12% target.
    const cityRow = matrixRow(page, '全市合计');
    await expect.poll(() => cityRow.innerText()).toContain(growthText(expectedCity, lastYearCity));
    await expect.poll(() => cityRow.innerText()).toContain('≥ 12%');
    const met = (expectedCity - lastYearCity) * 100n >= 12n * lastYearCity;
    await cityRow
      .getByTestId(met ? 'target-met' : 'target-missed')
      .first()
      .waitFor();
    await settled(page);
    await screenshot(page, '40-indicator-table');

    await page.getByRole('tab', { name: '按指标' }).click();
    await page.getByTestId('indicator-lines').getByText('一季度亿元以上项目开工').waitFor();
    await page.getByTestId('indicator-lines').getByText('≥ 230 个').waitFor();
    await settled(page);
    await screenshot(page, '41-indicator-by-indicator');
    await page.getByRole('tab', { name: '按地区' }).click();
  });

  it('drills down from a figure to its projects and to a project’s reports', async () => {
    const { page } = city;
    await page.getByTestId('figure-government_investment-city').click();
    await page
      .getByTestId('drill-title')
      .getByText(`政府投资 · 全市合计 · ${YEAR} 年 1–${MONTH} 月`)
      .waitFor();
    // The projects add up to the figure that was clicked.
    await expect
      .poll(() => page.getByTestId('drill-summary').innerText())
      .toContain(`累计完成合计 ${formatWanNumber(wanToDecimal(expectedCity))} 万元`);
    const drill = page.getByTestId('drill-table');
    const firstRow = drill.locator('tbody tr.ant-table-row').first();
    await expect.poll(() => firstRow.innerText()).toContain(featured.name);
    await settled(page);
    await screenshot(page, '42-indicator-drill-down');

    await firstRow.getByRole('button', { name: featured.name }).click();
    await page.getByTestId('reports-title').getByText(`${featured.name} · ${YEAR} 年月报`).waitFor();
    const reports = page.getByTestId('reports-table');
    const month = reports.locator('tbody tr.ant-table-row').filter({ hasText: `${featured.month} 月` });
    // The accepted report and its correction, a second revision still in draft.
    await expect.poll(() => month.count()).toBe(2);
    await expect.poll(() => month.nth(0).innerText()).toMatch(/已审核/);
    await expect.poll(() => month.nth(1).innerText()).toMatch(/草稿/);
    await settled(page);
    await screenshot(page, '43-indicator-project-reports');
    await page.keyboard.press('Escape');
    await page.getByTestId('reports-title').waitFor({ state: 'detached' });
  });

  it('exports the drill-down list and the table as workbooks that open', async () => {
    const { page } = city;
    const readDownload = async (button: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()]);
      const path = await download.path();
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(path);
      return { workbook, name: download.suggestedFilename() };
    };
    const drilled = await readDownload('drill-export');
    expect(drilled.name).toMatch(/\.xlsx$/);
    const drillSheet = drilled.workbook.worksheets[0]!;
    const drillText = JSON.stringify(drillSheet.getSheetValues());
    expect(drillText).toContain(featured.name);
    await page.keyboard.press('Escape');
    await page.getByTestId('drill-title').waitFor({ state: 'detached' });

    const table = await readDownload('indicator-export');
    expect(table.name).toMatch(/\.xlsx$/);
    const tableText = JSON.stringify(table.workbook.worksheets.map((sheet) => sheet.getSheetValues()));
    expect(tableText).toContain('政府投资');
    expect(tableText).toContain('莲都区');
    expectCleanConsole(city);
  });

  it('lets the administrator set a region’s target, which the table and the audit log show', async () => {
    const { page } = admin;
    await login(page, 'admin', PASSWORD);
    await page.getByRole('menuitem', { name: '指标与目标' }).click();
    await page.getByTestId('indicator-list').getByText('生态环境、城市更新和水利设施投资').waitFor();
    await choose(page, 'target-year', `${YEAR} 年`);
    await expect.poll(() => page.getByTestId('target-indicator').innerText()).toContain('政府投资');
    const row = page.getByTestId(`target-row-${REGION}`);
    // Before: 莲都区 has no row of its own and inherits the city's 12%.
    await expect.poll(() => row.innerText()).toMatch(/增长 ≥ 12%[\s\S]*沿用默认/);
    await page.getByTestId(`target-value-${REGION}`).fill('15');
    await page.getByTestId(`target-save-${REGION}`).click();
    await page.getByText('目标已保存').waitFor();
    await expect.poll(() => row.innerText()).toContain('增长 ≥ 15%');
    await expect.poll(() => row.innerText()).not.toContain('沿用默认');
    await page.getByText('目标已保存').waitFor({ state: 'detached' });
    await settled(page);
    await screenshot(page, '44-indicator-targets');

    // The table compares 莲都区 with its own target now; the other regions keep 12%.
    const { page: table } = city;
    await table.reload();
    await expect.poll(() => matrixRow(table, '莲都区').innerText()).toContain('≥ 15%');
    await expect.poll(() => matrixRow(table, '青田县').innerText()).toContain('≥ 12%');

    // The change is in the audit log, reached from the page's link with the filter set.
    await page.getByTestId('indicator-audit-link').click();
    const audit = page.getByTestId('audit-table');
    await audit.getByText('indicator_target.create').waitFor();
    await audit
      .getByRole('button', { name: /展开行|Expand row/ })
      .first()
      .click();
    await page.getByTestId('audit-diff').getByText('"pct":"15"', { exact: false }).first().waitFor();
    await settled(page);
    await screenshot(page, '45-indicator-audit');
    expectCleanConsole(admin);
  });
  it('shows who changed an indicator meanwhile and reloads their version (409)', async () => {
    const { page } = admin;
    await page.getByRole('menuitem', { name: '指标与目标' }).click();
    await page.getByTestId('indicator-edit-government_investment').click();
    const form = page.getByTestId('indicator-form');
    const name = form.getByLabel('指标名称');
    await expect.poll(() => name.inputValue()).toBe('政府投资');

    // The city command renames it while the administrator's form is open.
    const api = await signIn('city');
    const before = await must(api('GET', '/api/indicators'), 'indicators');
    const current = (before.items as { code: string; version: number }[]).find(
      (item) => item.code === 'government_investment',
    )!;
    await must(
      api('PATCH', '/api/indicators/government_investment', {
        version: current.version,
        name: '政府投资（含专项债）',
      }),
      'rename',
    );

    await name.fill('政府性投资');
    await page.getByTestId('indicator-save').click();
    const dialog = page.getByRole('dialog', { name: '该指标已被他人修改' });
    await dialog.getByText('政府投资（含专项债）').waitFor();
    await dialog.getByText('政府性投资').waitFor();
    await settled(page);
    await screenshot(page, '46-indicator-conflict');
    await page.getByTestId('conflict-reload').click();
    await expect.poll(() => name.inputValue()).toBe('政府投资（含专项债）');
    await page.getByRole('button', { name: /取\s*消/ }).click();
    await page.getByTestId('indicator-list').getByText('政府投资（含专项债）').waitFor();
    expectCleanConsole(admin);
  });
  it('creates an indicator from a filter, shows it in the table and retires it', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: /新建指标/ }).click();
    const form = page.getByTestId('indicator-form');
    await form.getByLabel('指标代码').fill('water_investment');
    await form.getByLabel('指标名称').fill('水利设施投资');
    await choose(page, 'indicator-sectors', '水利');
    await form.getByLabel('总投资不低于（万元）').fill('5000');
    await form.getByText('约 0.50 亿元').waitFor();
    await settled(page);
    await screenshot(page, '48-indicator-create');
    await page.getByTestId('indicator-save').click();
    await page.getByText('指标已创建').waitFor();
    const row = page.getByTestId('indicator-list').locator('tr[data-row-key="water_investment"]');
    await expect.poll(() => row.innerText()).toMatch(/水利设施投资[\s\S]*水利[\s\S]*总投资 ≥ 5,000.00 万元/);

    // Everyone's table has it at once, with the projects behind it.
    const { page: table } = city;
    await table.goto(`/indicators?year=${YEAR}&month=${MONTH}&view=indicator`);
    const line = table.getByTestId('indicator-lines').locator('tr[data-row-key="water_investment"]');
    await expect.poll(() => line.innerText()).toMatch(/[\d,]+\.\d\d/);

    await row.getByRole('button', { name: /停\s*用/ }).click();
    await page
      .getByRole('tooltip')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await page.getByText('指标已停用').waitFor();
    await row.waitFor({ state: 'detached' });
    await table.reload();
    await table.getByTestId('indicator-lines').getByText('政府投资（含专项债）').waitFor();
    expect(
      await table.getByTestId('indicator-lines').getByText('水利设施投资', { exact: true }).count(),
    ).toBe(0);
    expectCleanConsole(admin);
  });

  it('shows a county clerk its own region only, in English on request', async () => {
    const county = await openTab(browser, server.baseUrl);
    const { page } = county;
    await login(page, `county-${REGION}`, PASSWORD);
    await page.getByRole('menuitem', { name: '指标监测' }).waitFor();
    // Targets and indicators are the city's: no administration entry for a county.
    expect(await page.getByRole('menuitem', { name: '指标与目标' }).count()).toBe(0);
    await page.goto(`/indicators?year=${YEAR}&month=${MONTH}`);
    await expect
      .poll(() => page.getByTestId(`figure-government_investment-${REGION}`).innerText())
      .toBe(formatWanNumber(wanToDecimal(expectedRegion)));
    const rows = page.getByTestId('indicator-matrix').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('莲都区');
    // The target the administrator set for this region in the previous step.
    expect(await rows.first().innerText()).toContain('≥ 15%');

    await page.getByTestId('language-switch').click();
    await page.getByRole('tab', { name: 'By region' }).waitFor();
    await page
      .getByTestId('indicator-caption')
      .getByText(`Cumulative Jan–month ${MONTH} ${YEAR}; time progress ${TIME_PROGRESS}%`)
      .waitFor();
    await page.getByTestId('indicator-matrix').getByText('Completed').first().waitFor();
    await settled(page);
    await screenshot(page, '47-indicator-county-english');
    await page.getByTestId('language-switch').click();
    await page.getByRole('tab', { name: '按地区' }).waitFor();
    expectCleanConsole(county);
    await county.context.close();
  });
});
