import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  pick,
  expectCleanConsole,
  launchBrowser,
  login,
  openTab,
  screenshot,
  type Tab,
} from './support/browser.ts';
import { PASSWORD, startServer, type E2eServer } from './support/server.ts';

const NEW_PASSWORD = 'Qingtian-2020!';

describe.skipIf(!chromiumAvailable())('user administration (administrator)', () => {
  let server: E2eServer;
  let browser: Browser;
  let admin: Tab;

  beforeAll(async () => {
    server = await startServer(30);
    browser = await launchBrowser();
    admin = await openTab(browser, server.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists users and creates a county clerk with a region', async () => {
    const { page } = admin;
    await login(page, 'admin', PASSWORD);
    await page.getByRole('menuitem', { name: '用户管理' }).click();
    const table = page.getByTestId('users-table');
    await table.getByText('county-331102').waitFor();
    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill('qingtian-clerk');
    await dialog.getByLabel('姓名 / 名称').fill('青田县项目专员');
    await pick(
      page,
      dialog.locator('.ant-form-item', { hasText: '所属地区' }).locator('.ant-select'),
      '青田县',
    );
    await dialog.getByLabel('初始密码').fill('short');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('密码至少 10 位').waitFor();
    await dialog.getByLabel('初始密码').fill('Initial-Pass-2020');
    await screenshot(page, '20-users-create');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await table.getByText('qingtian-clerk').waitFor();
    const row = table.locator('tr', { hasText: 'qingtian-clerk' });
    await row.getByRole('cell', { name: '青田县', exact: true }).waitFor();
    await row.getByText('待改密').waitFor();
    await screenshot(page, '21-users-list');
  });

  it('resets a password, and the user must change it at next login', async () => {
    const { page } = admin;
    const row = page.getByTestId('users-table').locator('tr', { hasText: 'qingtian-clerk' });
    await row.getByRole('button', { name: '重置密码' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('下次登录时必须修改密码').waitFor();
    await dialog.getByLabel('新密码').fill('Reset-Pass-2020');
    await dialog.getByRole('button', { name: '重置密码' }).click();
    await page.getByText('密码已重置').waitFor();

    const clerk = await openTab(browser, server.baseUrl);
    await login(clerk.page, 'qingtian-clerk', 'Reset-Pass-2020');
    await clerk.page.getByText('请先设置新密码').waitFor();
    await clerk.page.getByLabel('当前密码').fill('Reset-Pass-2020');
    await clerk.page.getByLabel('新密码', { exact: true }).fill('abc');
    await clerk.page.getByText('密码至少 10 位').first().waitFor();
    await screenshot(clerk.page, '22-forced-password-change');
    await clerk.page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
    await clerk.page.getByLabel('再次输入新密码').fill(NEW_PASSWORD);
    await clerk.page.getByRole('button', { name: '修改密码' }).click();
    await clerk.page
      .getByTestId('project-summary')
      .getByText(/共 \d+ 个项目/)
      .waitFor();
    await clerk.page.getByTestId('user-menu').getByText('青田县', { exact: true }).waitFor();
    expectCleanConsole(clerk);
    await clerk.context.close();
  });

  it('issues an API token whose secret is shown once, and revokes it', async () => {
    const { page } = admin;
    await page.getByRole('tab', { name: 'API 令牌' }).click();
    await page.getByRole('button', { name: '签发令牌' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').fill('省平台对接');
    await dialog.getByRole('button', { name: '签发令牌' }).click();
    const secret = await page.getByTestId('token-secret').inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await screenshot(page, '23-token-secret');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    const row = page.locator('tr', { hasText: '省平台对接' });
    await row.getByText('有效').waitFor();
    await row.getByRole('button', { name: /吊\s*销/ }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await row.getByText('已吊销').waitFor();
    expectCleanConsole(admin);
  });
});
