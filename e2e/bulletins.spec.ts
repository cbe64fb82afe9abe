import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import fs from 'node:fs';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
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
import { suggestDocumentNumber } from '../packages/web/src/pages/bulletins/document-number.ts';
import { PASSWORD, startServer, type E2eServer } from './support/server.ts';

type Api = (method: string, url: string, payload?: unknown) => Promise<{ status: number; body: unknown }>;
type Line = { id: string; name: string; regionCode: string };
type Region = { code: string; name: string; rank: number | null; rankChange: string | null };
type Meta = {
  id: string;
  month: number;
  edition: number;
  documentNumber: string | null;
  publishedAt: string | null;
};

describe.skipIf(!chromiumAvailable())('monthly bulletins, rankings and warning rules', () => {
  let server: E2eServer;
  let browser: Browser;
  let city: Tab;
  let admin: Tab;
  let cityApi: Api;
  /** The latest month with accepted reports, and the month before it (closed through the API). */
  let year = 0;
  let month = 0;
  let closeId = '';
  /** Editions of the month that exist before the journey (a demo may have closed it already). */
  let before = 0;
  let title = '';
  let documentNumber = '';
  let redProjects: Line[] = [];
  let regions: Region[] = [];

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

  /** antd fades dialogs, tooltips and tags in; a screenshot waits until they have settled. */
  const settled = (page: Page) =>
    page.waitForFunction(
      `document.getAnimations().every((animation) =>
         animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity)`,
    );

  beforeAll(async () => {
    server = await startServer(120);
    browser = await launchBrowser();
    city = await openTab(browser, server.baseUrl);
    admin = await openTab(browser, server.baseUrl);
    cityApi = await signIn('city');

    // The period comes from the data, not from the demo's year: the latest month of the latest
    // year with accepted monthly reports.
    const latest = await sql<{ year: number; month: number }>`
      select year, max(month)::int as month from progress_reports
       where state = 'accepted' group by year order by year desc limit 1`.execute(server.db);
    const period = latest.rows[0];
    if (!period || period.month < 2) throw new Error('the demo has no two months of accepted reports');
    ({ year, month } = period);
    title = `关于${year}年1—${month}月全市重大项目推进情况的通报`;

    // Last month is closed and published (by the demo, or here), so this month's ranking has
    // arrows and the next document number follows it.
    const closes = (await must(cityApi('GET', `/api/month-closes?year=${year}`), 'closes')).items as Meta[];
    before = closes.filter((close) => close.month === month).length;
    const last = closes.filter((close) => close.month === month - 1);
    if (!last.some((close) => close.publishedAt !== null)) {
      const previous =
        last[0] ??
        ((await must(cityApi('POST', '/api/month-closes', { year, month: month - 1 }), 'close')) as Meta);
      await must(
        cityApi('POST', `/api/month-closes/${previous.id}/publish`, {
          documentNumber: `丽投办〔${year}〕4号`,
        }),
        'publish',
      );
    }
  });

  const allCloses = async () => (await must(cityApi('GET', '/api/month-closes'), 'closes')).items as Meta[];

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('closes the month from the bulletin list and shows the draft bulletin in Chinese', async () => {
    const { page } = city;
    await login(page, 'city', PASSWORD);
    await page.getByRole('menuitem', { name: '通报' }).click();
    await choose(page, 'bulletins-year', `${year} 年`);
    const table = page.getByTestId('bulletins-table');
    const published = (await allCloses()).find((close) => close.month === month - 1 && close.documentNumber);
    await expect.poll(() => table.innerText()).toContain(published!.documentNumber!);

    await page.getByTestId('bulletins-close').click();
    await choose(page, 'close-year', `${year} 年`);
    await choose(page, 'close-month', `${month} 月`);
    if (before === 0) {
      expect(await page.getByTestId('close-reissue').count()).toBe(0);
    } else {
      await page.getByTestId('close-reason').fill('演示数据已关账，重新计算');
    }
    await page.getByTestId('close-submit').click();
    await page.getByTestId('bulletin-title').waitFor();
    closeId = page.url().split('/bulletins/')[1]!;

    expect(await page.getByTestId('bulletin-title').innerText()).toBe(title);
    await page
      .getByTestId('bulletin-draft')
      .getByText(/未发布稿/)
      .waitFor();
    expect(await page.getByTestId('bulletin-document-number').innerText()).toBe('（未发布稿）');
    const overview = await page.getByTestId('bulletin-overview').innerText();
    expect(overview).toMatch(/全市纳入年度计划的重大项目 \d+ 个/);
    expect(overview).toMatch(/红灯项目 \d+ 个、黄灯项目 \d+ 个、绿灯项目 \d+ 个/);

    // The page shows what the server froze: every region with its rank and arrow.
    const detail = await must(cityApi('GET', `/api/month-closes/${closeId}`), 'close detail');
    const content = detail.content as { regions: Region[]; redProjects: Line[]; indicators: unknown };
    regions = content.regions;
    redProjects = content.redProjects;
    // The main indicators come second when the close froze them, as in the Word document.
    if (content.indicators) {
      await page.getByText('二、主要指标完成情况').waitFor();
      await page.getByTestId('bulletin-indicators').getByText('政府投资').first().waitFor();
    }
    const ranking = page.getByTestId('bulletin-ranking');
    await expect.poll(() => ranking.locator('tbody tr.ant-table-row').count()).toBe(regions.length);
    const moved = regions.filter((region) => region.rankChange === 'up' || region.rankChange === 'down');
    expect(await ranking.locator('[data-testid="rank-up"], [data-testid="rank-down"]').count()).toBe(
      moved.length,
    );
    await expect
      .poll(() => page.getByTestId('bulletin-red').locator('tbody tr.ant-table-row').count())
      .toBe(Math.min(redProjects.length, 20));
    await page.getByTestId('bulletin-red').getByText(redProjects[0]!.name).waitFor();

    // A region's light explains itself on hover.
    const lit = ranking.locator('.light-tag').first();
    await lit.hover();
    await page.getByRole('tooltip').getByText(/目标/).waitFor();
    await page.mouse.move(0, 0);
    await page.getByRole('tooltip').waitFor({ state: 'hidden' });
    await settled(page);
    await screenshot(page, 'bulletins-01-draft');
    expectCleanConsole(city);
  });

  it('asks for a reason before reissuing a closed month, then shows the new edition', async () => {
    const { page } = city;
    await page.goto(`/bulletins?year=${year}`);
    await page.getByTestId('bulletins-close').click();
    await choose(page, 'close-year', `${year} 年`);
    await choose(page, 'close-month', `${month} 月`);
    await page
      .getByTestId('close-reissue')
      .getByText(`已关账（最新为第 ${before + 1} 版）`, { exact: false })
      .waitFor();
    await page.getByTestId('close-submit').click();
    await page.getByText('重新发布须填写原因').waitFor();
    await page.getByTestId('close-reason').fill('莲都区补报月报后重新计算亮灯');
    await settled(page);
    await screenshot(page, 'bulletins-02-reissue-dialog');
    await page.getByTestId('close-submit').click();
    await page
      .getByTestId('bulletin-reissue')
      .getByText(`第 ${before + 2} 版（重新发布），原因：莲都区补报月报后重新计算亮灯`)
      .waitFor();
    closeId = page.url().split('/bulletins/')[1]!;
    expect(await page.getByTestId('bulletin-title').innerText()).toBe(title);
    expectCleanConsole(city);
  });

  it('publishes with the next document number and the draft banner goes', async () => {
    const { page } = city;
    await page.getByTestId('bulletin-publish').click();
    const input = page.getByTestId('publish-number');
    // The next number after the published ones of the year, same prefix: 5号 after 4号.
    const expected = suggestDocumentNumber(await allCloses(), year);
    expect(expected).toMatch(new RegExp(`〔${year}〕\\d+号$`));
    await expect.poll(() => input.inputValue()).toBe(expected);
    documentNumber = await input.inputValue();
    await settled(page);
    await screenshot(page, 'bulletins-03-publish');
    await page.getByTestId('publish-submit').click();
    await page.getByText('通报已发布').waitFor();
    await expect.poll(() => page.getByTestId('bulletin-document-number').innerText()).toBe(documentNumber);
    await page.getByTestId('bulletin-draft').waitFor({ state: 'detached' });
    expect(await page.getByTestId('bulletin-publish').count()).toBe(0);
    await settled(page);
    await screenshot(page, 'bulletins-04-published');

    await page.goto(`/bulletins?year=${year}`);
    const row = page.getByTestId('bulletins-table').locator('tbody tr.ant-table-row').first();
    await expect
      .poll(() => row.innerText())
      .toMatch(new RegExp(`第 ${before + 2} 版[\\s\\S]*已发布[\\s\\S]*${documentNumber}`));
    await settled(page);
    await screenshot(page, 'bulletins-05-list');
    expectCleanConsole(city);
  });

  it('downloads the bulletin as a Word document and a workbook that read back', async () => {
    const { page } = city;
    await page.goto(`/bulletins/${closeId}`);
    await page.getByTestId('bulletin-title').waitFor();
    const save = async (button: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()]);
      return { path: await download.path(), name: download.suggestedFilename() };
    };

    const docx = await save('bulletin-docx');
    expect(docx.name).toMatch(/\.docx$/);
    const files = unzipSync(new Uint8Array(fs.readFileSync(docx.path)));
    const xml = strFromU8(files['word/document.xml']!);
    // Word splits a paragraph into runs; the words are what a reader sees.
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain(title);
    expect(text).toContain(documentNumber);
    expect(text).toContain(regions.find((region) => region.rank !== null)!.name);
    expect(text).toContain('一、总体情况');

    const xlsx = await save('bulletin-xlsx');
    expect(xlsx.name).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx.path);
    const cells = JSON.stringify(workbook.worksheets.map((sheet) => sheet.getSheetValues()));
    expect(workbook.worksheets.length).toBeGreaterThan(1);
    expect(cells).toContain('莲都区');
    expect(cells).toContain(redProjects[0]!.name);
    expectCleanConsole(city);
  });

  it('shows a county the whole ranking but only its own red projects', async () => {
    // The region with the most red projects, so other regions' lines would show if leaked.
    const counts = new Map<string, number>();
    for (const line of redProjects) counts.set(line.regionCode, (counts.get(line.regionCode) ?? 0) + 1);
    const [regionCode, own] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const regionName = regions.find((region) => region.code === regionCode)!.name;
    expect(own).toBeLessThan(redProjects.length);

    const county = await openTab(browser, server.baseUrl);
    const { page } = county;
    await login(page, `county-${regionCode}`, PASSWORD);
    await page.getByRole('menuitem', { name: '通报' }).click();
    await choose(page, 'bulletins-year', `${year} 年`);
    const rows = page.getByTestId('bulletins-table').locator('tbody tr.ant-table-row');
    // Published editions only: this month's reissue, not the draft edition before it.
    const countyApi = await signIn(`county-${regionCode}`);
    const list = (await must(countyApi('GET', `/api/month-closes?year=${year}`), 'county list'))
      .items as Meta[];
    expect(list.every((close) => close.publishedAt !== null)).toBe(true);
    expect(list.filter((close) => close.month === month).map((close) => close.edition)).toEqual([before + 2]);
    await expect.poll(() => rows.count()).toBe(list.length);
    expect(await page.getByTestId('bulletins-close').count()).toBe(0);
    await rows.first().getByRole('link').first().click();
    await page.getByTestId('bulletin-title').waitFor();
    expect(await page.getByTestId('bulletin-document-number').innerText()).toBe(documentNumber);

    const ranking = page.getByTestId('bulletin-ranking').locator('tbody tr.ant-table-row');
    await expect.poll(() => ranking.count()).toBe(regions.length);
    const red = page.getByTestId('bulletin-red').locator('tbody tr.ant-table-row');
    await expect.poll(() => red.count()).toBe(own);
    for (const text of await red.allInnerTexts()) expect(text).toContain(regionName);
    await page.getByText('项目明细仅列出您权限范围内的项目').waitFor();
    await settled(page);
    await screenshot(page, 'bulletins-06-county');

    // The draft edition is not the county's to read, not even by its address.
    const draft = (await allCloses()).find((close) => close.month === month && close.edition === before + 1)!;
    expect((await countyApi('GET', `/api/month-closes/${draft.id}`)).status).toBe(404);
    expectCleanConsole(county);
    await county.context.close();
  });

  it('shows the rankings month by month with arrows', async () => {
    const { page } = city;
    await page.getByRole('menuitem', { name: '晾晒' }).click();
    await choose(page, 'rankings-year', `${year} 年`);
    const table = page.getByTestId('rankings-table');
    await table.getByRole('link', { name: `${month} 月` }).waitFor();
    await table.getByRole('link', { name: `${month - 1} 月` }).waitFor();
    const moved = regions.filter((region) => region.rankChange === 'up' || region.rankChange === 'down');
    expect(moved.length).toBeGreaterThan(0);
    const first = moved[0]!;
    const cell = page.getByTestId(`rank-${first.code}-${month}`);
    await cell.getByTestId(first.rankChange === 'up' ? 'rank-up' : 'rank-down').waitFor();
    expect(await cell.innerText()).toContain(String(first.rank));
    await settled(page);
    await screenshot(page, 'bulletins-07-rankings');
    expectCleanConsole(city);
  });

  it('switches the year’s rules to Yinchuan 2025 with a confirmation, audited', async () => {
    const { page } = city;
    await page.getByRole('menuitem', { name: '预警规则' }).click();
    await choose(page, 'rules-year', `${year} 年`);
    await expect.poll(() => page.getByTestId('rules-city-name').innerText()).toBe('丽水市默认规则');
    await expect
      .poll(() => page.getByTestId('rule-line-investment_progress').innerText())
      .toBe('落后序时进度超过 0、不超过 20 个百分点为黄灯；超过 20 个百分点为红灯；达到或快于序时进度为绿灯');
    await settled(page);
    await screenshot(page, 'bulletins-08-rules');

    await page.getByTestId('rules-switch').click();
    await choose(page, 'rules-switch-set', '银川市2025年规则');
    const dialog = page.getByRole('dialog');
    await dialog.getByText('银川市2025年重点项目“红黄绿”亮灯预警机制').waitFor();
    await dialog.getByText(/切换将记入审计日志/).waitFor();
    await settled(page);
    await screenshot(page, 'bulletins-09-switch-confirm');
    await page.getByTestId('rules-switch-confirm').click();
    await page.getByText('已切换为“银川市2025年规则”').waitFor();
    await expect.poll(() => page.getByTestId('rules-city-name').innerText()).toBe('银川市2025年规则');
    await expect
      .poll(() => page.getByTestId('rule-line-investment_progress').innerText())
      .toContain('落后序时进度达到 10、不超过 30 个百分点为黄灯；超过 30 个百分点为红灯');
    expect(await page.getByTestId('rule-line-milestones').innerText()).toBe('不评价');

    const rules = await must(cityApi('GET', `/api/warning-rules?year=${year}`), 'rules');
    const cityRow = (rules.ruleSets as { regionCode: string | null; code: string }[]).find(
      (set) => set.regionCode === null,
    );
    expect(cityRow?.code).toBe('yinchuan_2025');

    const { page: audit } = admin;
    await login(audit, 'admin', PASSWORD);
    // The session exists once the console shows who is signed in; only then go by address.
    await audit.getByTestId('user-menu').waitFor();
    await audit.goto('/warning-rules');
    await audit.getByTestId('rules-audit-link').click();
    const log = audit.getByTestId('audit-table');
    await log.getByText('warning_rules.update').waitFor();
    await log
      .getByRole('button', { name: /展开行|Expand row/ })
      .first()
      .click();
    await audit.getByTestId('audit-diff').getByText('yinchuan_2025', { exact: false }).first().waitFor();
    await settled(audit);
    await screenshot(audit, 'bulletins-10-rules-audit');
    expectCleanConsole(city);
    expectCleanConsole(admin);
  });

  it('refuses thresholds that do not make sense and shows a conflicting edit (409)', async () => {
    const { page } = city;
    await page.getByTestId('rules-edit').click();
    const form = page.getByTestId('rule-form');
    await form.waitFor();
    await page.getByTestId('rule-ip-red').fill('5');
    await page.getByTestId('rule-save').click();
    await page.getByTestId('rule-problems').getByText('投资进度：红灯阈值不能小于黄灯阈值').waitFor();
    await page.getByTestId('rule-problems').scrollIntoViewIfNeeded();
    await settled(page);
    await screenshot(page, 'bulletins-11-rules-invalid');

    // The city command's colleague changes the rules while this form is open.
    const current = await must(cityApi('GET', `/api/warning-rules?year=${year}`), 'rules');
    const row = (current.ruleSets as { regionCode: string | null; version: number }[]).find(
      (set) => set.regionCode === null,
    )!;
    await must(
      cityApi('PUT', '/api/warning-rules', {
        year,
        regionCode: null,
        code: 'sanya_2022',
        version: row.version,
      }),
      'switch meanwhile',
    );
    await page.getByTestId('rule-ip-red').fill('25');
    await page.getByTestId('rule-save').click();
    const conflict = page.getByRole('dialog', { name: '预警规则已被他人修改' });
    await conflict
      .getByText(/落后序时计划/)
      .first()
      .waitFor();
    await settled(page);
    await screenshot(page, 'bulletins-12-rules-conflict');
    await page.getByTestId('conflict-reload').click();
    await expect.poll(() => page.getByTestId('rule-preview').innerText()).toContain('完成投资落后序时计划');
    await page.getByTestId('rule-ip-red').fill('60');
    await page.getByTestId('rule-save').click();
    await page.getByText('预警规则已保存').waitFor();
    await expect
      .poll(() => page.getByTestId('rule-line-investment_progress').innerText())
      .toContain('超过 60% 为红灯');
    await expect.poll(() => page.getByTestId('rules-city-name').innerText()).toContain('自定义');
    expectCleanConsole(city);
  });

  it('gives one region rules of its own, listed beside the city-wide set', async () => {
    const { page } = city;
    const regions = page.getByTestId('rules-regions');
    expect(await regions.locator('tbody tr.ant-table-row').count()).toBe(0);
    await page.getByTestId('rules-add-region').click();
    await choose(page, 'rule-scope', '莲都区');
    await page.getByTestId('rule-ip-red').fill('80');
    await page.getByTestId('rule-save').click();
    const row = regions.locator('tbody tr.ant-table-row');
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.first().innerText()).toMatch(/莲都区[\s\S]*超过 80% 为红灯/);
    // The city-wide set is untouched.
    expect(await page.getByTestId('rule-line-investment_progress').innerText()).toContain('超过 60% 为红灯');
    const rules = await must(cityApi('GET', `/api/warning-rules?year=${year}`), 'rules');
    expect((rules.ruleSets as { regionCode: string | null }[]).map((set) => set.regionCode)).toEqual([
      null,
      '331102',
    ]);
    await page.getByText('预警规则已保存').last().waitFor({ state: 'detached' });
    await settled(page);
    await screenshot(page, 'bulletins-15-region-rules');
    expectCleanConsole(city);
  });

  it('shows a red project’s light history month by month on the project page', async () => {
    const { page } = city;
    const project = redProjects[0]!;
    await page.goto(`/projects/${project.id}`);
    const card = page.getByTestId('project-lights');
    await card.getByRole('heading', { name: '亮灯记录' }).waitFor();
    const rows = card.locator('tbody tr.ant-table-row');
    // Every closed month's edition, newest first: this month's reissue on top.
    const history = await must(cityApi('GET', `/api/projects/${project.id}/lights`), 'lights');
    expect((history.items as unknown[]).length).toBeGreaterThanOrEqual(3);
    await expect.poll(() => rows.count()).toBe((history.items as unknown[]).length);
    expect(await rows.first().innerText()).toMatch(
      new RegExp(`${year} 年 ${month} 月[\\s\\S]*第 ${before + 2} 版[\\s\\S]*红灯`),
    );
    expect(await rows.nth(before + 2).innerText()).toContain(`${year} 年 ${month - 1} 月`);
    await card
      .getByText(/投资进度：/)
      .first()
      .waitFor();
    await card.scrollIntoViewIfNeeded();
    await settled(page);
    await screenshot(page, 'bulletins-13-project-lights');
    expectCleanConsole(city);
  });

  it('reads the bulletin in English on request', async () => {
    const { page } = city;
    await page.goto(`/bulletins/${closeId}`);
    await page.getByTestId('bulletin-title').waitFor();
    await page.getByTestId('language-switch').click();
    await expect
      .poll(() => page.getByTestId('bulletin-title').innerText())
      .toBe(`Bulletin on the progress of major projects citywide, January–month ${month} ${year}`);
    await page.getByText('1. Overview').waitFor();
    await settled(page);
    await screenshot(page, 'bulletins-14-english');
    await page.getByTestId('language-switch').click();
    await page.getByText('一、总体情况').waitFor();
    expectCleanConsole(city);
  });
});
