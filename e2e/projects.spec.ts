import ExcelJS from 'exceljs';
import { sql } from 'kysely';
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

const COUNTY = 'county-331102';

describe.skipIf(!chromiumAvailable())('project registry journey (county clerk)', () => {
  let server: E2eServer;
  let browser: Browser;
  let clerk: Tab;
  let project: { id: string; name: string };

  const projectCount = async () =>
    Number(
      (
        await server.db
          .selectFrom('projects')
          .select(sql<string>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    clerk = await openTab(browser, server.baseUrl);
    project = await server.db
      .selectFrom('projects')
      .select(['id', 'name'])
      .where('region_code', '=', '331102')
      .where('stage', '=', 'construction')
      .orderBy('name')
      .executeTakeFirstOrThrow();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('logs in and lands on the registry of its own county', async () => {
    const { page } = clerk;
    await page.goto('/projects');
    await expect.poll(() => page.url()).toContain('/login?next=%2Fprojects');
    await page.getByText('丽水市投资项目全链条管理平台').waitFor();
    await screenshot(page, '01-login');

    await page.getByLabel('用户名').fill(COUNTY);
    await page.getByLabel('密码', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('login-error').waitFor();

    await login(page, COUNTY, PASSWORD);
    await page
      .getByTestId('project-summary')
      .getByText(/共 \d+ 个项目，总投资 [\d,.]+ 亿元/)
      .waitFor();
    await expect
      .poll(() => page.getByTestId('user-menu').innerText())
      .toMatch(/莲都区发改局[\s\S]*县（市、区）[\s\S]*莲都区/);
    // A county sees one region only, so the region filter is not offered.
    expect(await page.getByTestId('filter-region').count()).toBe(0);
    await screenshot(page, '02-project-list');
  });

  it('switches to English and back, remembering the choice', async () => {
    const { page } = clerk;
    await page.getByTestId('language-switch').click();
    await page.getByRole('menuitem', { name: 'Projects' }).waitFor();
    await page.reload();
    await page.getByRole('menuitem', { name: 'Projects' }).waitFor();
    await page
      .getByTestId('project-summary')
      .getByText(/\d+ projects, total investment/)
      .waitFor();
    await screenshot(page, '03-project-list-english');
    await page.getByTestId('language-switch').click();
    await page.getByRole('menuitem', { name: '项目库' }).waitFor();
  });

  it('filters by stage and text, and keeps the filters in the URL across a reload', async () => {
    const { page } = clerk;
    await choose(page, 'filter-stage', '在建');
    await expect.poll(() => page.url()).toContain('stage=construction');
    const search = page.getByPlaceholder('项目名称 / 代码 / 建设单位');
    await search.fill(project.name);
    await search.press('Enter');
    await expect.poll(() => decodeURIComponent(page.url())).toContain(`q=${project.name}`);
    await page.getByRole('link', { name: project.name, exact: true }).waitFor();
    await page
      .getByTestId('project-summary')
      .getByText(/共 1 个项目/)
      .waitFor();
    const before = decodeURIComponent(page.url());

    await page.reload();
    await page.getByRole('link', { name: project.name, exact: true }).waitFor();
    await expect
      .poll(() => page.getByTestId('filter-stage').innerText(), {
        message: `${before} -> ${decodeURIComponent(page.url())}`,
      })
      .toContain('在建');
    expect(await search.inputValue()).toBe(project.name);
    await screenshot(page, '04-project-list-filtered');
  });

  it('opens a project and edits it', async () => {
    const { page } = clerk;
    await page.getByRole('link', { name: project.name, exact: true }).click();
    await page.getByTestId('project-title').getByText(project.name).waitFor();
    await page.getByText('责任体系').waitFor();
    await page.getByText('项目专班（四个一').waitFor();
    await screenshot(page, '05-project-detail');

    await page.getByRole('button', { name: /编\s*辑/ }).click();
    await page.getByTestId('project-form').waitFor();
    // A project under construction may only be completed or suspended next.
    await page.getByTestId('form-stage').click();
    // The dropdown opens with an animation; read it once its options are there.
    await expect
      .poll(() => page.locator('.ant-select-dropdown:visible .ant-select-item-option').allInnerTexts())
      .toEqual(['在建', '竣工', '停缓建']);
    await page.keyboard.press('Escape');

    await page.getByLabel('总投资').fill('12.34567');
    await page.getByTestId('project-save').click();
    await page.getByText('请输入金额（万元），最多 14 位整数、4 位小数').waitFor();
    await page.getByLabel('总投资').fill('56789.1234');
    await page.getByLabel('建设地点').fill('莲都区紫金街道 E2E 修改');
    await screenshot(page, '06-project-edit');
    await page.getByTestId('project-save').click();
    await page.getByTestId('project-title').waitFor();
    await page.getByText('莲都区紫金街道 E2E 修改').waitFor();
    await page.getByText('56,789.12 万元').waitFor();
  });

  it('shows who changed the project meanwhile on a stale save, and reloads on request', async () => {
    const { page } = clerk;
    await page.goto(`/projects/${project.id}/edit`);
    await page.getByLabel('建设地点').waitFor();

    const colleague = await openTab(browser, server.baseUrl);
    await login(colleague.page, COUNTY, PASSWORD);
    await colleague.page.getByTestId('project-summary').waitFor();
    await colleague.page.goto(`/projects/${project.id}/edit`);
    await colleague.page.getByLabel('建设地点').fill('同事保存的地点');
    await colleague.page.getByTestId('project-save').click();
    await colleague.page.getByText('同事保存的地点').waitFor();
    expectCleanConsole(colleague);
    await colleague.context.close();

    await page.getByLabel('建设地点').fill('我填写的地点');
    await page.getByTestId('project-save').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('该项目已被他人修改').waitFor();
    await dialog.getByText('同事保存的地点').waitFor();
    await dialog.getByText('我填写的地点').waitFor();
    await screenshot(page, '07-version-conflict');

    await page.getByTestId('conflict-reload').click();
    await expect.poll(() => page.getByLabel('建设地点').inputValue()).toBe('同事保存的地点');
    await page.getByTestId('project-save').click();
    await page.getByTestId('project-title').waitFor();
  });

  it('imports a sheet: a bad row blocks everything, the fixed sheet goes in', async () => {
    const { page } = clerk;
    const before = await projectCount();
    const rows: (string | number)[][] = [
      ['E2E 导入测试项目甲', '丽水市E2E建设有限公司', '莲都区', '12000', '交通', '政府', '谋划'],
      ['E2E 导入测试项目乙', '丽水市E2E建设有限公司', '莲都区', 'abc', '交通', '政府', '谋划'],
      ['E2E 导入测试项目丙', '丽水市E2E建设有限公司', '莲都区', '3456.78', '水利', '国企', '储备'],
    ];
    const sheet = async (data: (string | number)[][]) => {
      const workbook = new ExcelJS.Workbook();
      const worksheet = workbook.addWorksheet('项目表');
      worksheet.addRow([
        '项目名称',
        '建设单位',
        '所在地',
        '总投资(万元)',
        '行业',
        '资金来源',
        '项目阶段',
        '备注',
      ]);
      for (const row of data) worksheet.addRow([...row, '']);
      return Buffer.from(await workbook.xlsx.writeBuffer());
    };
    const upload = async (buffer: Buffer) =>
      page.locator('input[type=file]').setInputFiles({
        name: '莲都区项目表.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer,
      });

    await page.getByRole('menuitem', { name: '导入项目' }).click();
    await upload(await sheet(rows));
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    await errors.getByRole('cell', { name: 'abc', exact: true }).waitFor();
    expect(await errors.locator('tbody tr').count()).toBe(1);
    expect(await errors.locator('tbody tr td').first().innerText()).toBe('3');
    expect(await page.getByTestId('import-confirm').count()).toBe(0);
    // The unknown column is shown as ignored and can be mapped.
    await page.getByTestId('import-mapping').getByText('备注').waitFor();
    await screenshot(page, '08-import-errors');
    expect(await projectCount()).toBe(before);

    rows[1]![3] = '8800';
    await upload(await sheet(rows));
    await page.getByTestId('import-summary').getByText('将新增').waitFor();
    await page.getByText('检查通过，没有错误').waitFor();
    await screenshot(page, '09-import-ready');
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-result').getByText('导入完成').waitFor();
    await screenshot(page, '10-import-done');
    expect(await projectCount()).toBe(before + 3);
  });

  it('exports the filtered list as a workbook that reads back', async () => {
    const { page } = clerk;
    await page.goto('/projects?stage=construction');
    await page
      .getByTestId('project-summary')
      .getByText(/共 \d+ 个项目/)
      .waitFor();
    const expected = Number(
      (
        await server.db
          .selectFrom('projects')
          .select(sql<string>`count(*)`.as('n'))
          .where('region_code', '=', '331102')
          .where('stage', '=', 'construction')
          .executeTakeFirstOrThrow()
      ).n,
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /导出Excel/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = await download.path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const worksheet = workbook.worksheets[0]!;
    // The export may put a title above the header row; find the header by its first column.
    let headerRow = 0;
    worksheet.eachRow((row, number) => {
      if (!headerRow && row.getCell(1).text === '项目名称') headerRow = number;
    });
    expect(headerRow).toBeGreaterThan(0);
    const header = (worksheet.getRow(headerRow).values as unknown[]).map(String);
    expect(header).toContain('总投资(万元)');
    let dataRows = 0;
    worksheet.eachRow((row, number) => {
      if (number > headerRow && row.getCell(1).text) dataRows++;
    });
    expect(dataRows).toBe(expected);
    expectCleanConsole(clerk);
  });
});
