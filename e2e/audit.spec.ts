import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
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

describe.skipIf(!chromiumAvailable())('audit log (administrator)', () => {
  let server: E2eServer;
  let browser: Browser;
  let admin: Tab;
  let projectId: string;

  beforeAll(async () => {
    server = await startServer(30);
    browser = await launchBrowser();
    admin = await openTab(browser, server.baseUrl);
    // One audited change to look at: a county clerk renames a site through the API.
    const signIn = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'county-331102', password: PASSWORD },
    });
    const cookie = signIn.cookies.find((c) => c.name === 'beacon_session')!;
    const headers = { cookie: `beacon_session=${cookie.value}`, 'x-csrf-token': signIn.json().csrfToken };
    const list = await server.app.inject({ method: 'GET', url: '/api/projects?pageSize=1', headers });
    const project = list.json().items[0];
    projectId = project.id;
    const update = await server.app.inject({
      method: 'PATCH',
      url: `/api/projects/${projectId}`,
      headers,
      payload: { version: project.version, address: '审计测试地点' },
    });
    if (update.statusCode !== 200) throw new Error(`update failed: ${update.body}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('filters events and shows a change field by field', async () => {
    const { page } = admin;
    await login(page, 'admin', PASSWORD);
    await page.getByRole('menuitem', { name: '审计日志' }).click();
    const table = page.getByTestId('audit-table');
    await table.getByText('auth.login').first().waitFor();

    await page.getByPlaceholder('对象 ID').fill(projectId);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await table.getByText('project.update').waitFor();
    await table.getByText('auth.login').waitFor({ state: 'detached' });
    await table
      .getByRole('button', { name: /展开行|Expand row/ })
      .first()
      .click();
    const diff = page.getByTestId('audit-diff');
    await diff.getByText('审计测试地点').first().waitFor();
    await diff.getByText(/变更字段：.*address/).waitFor();
    await screenshot(page, '30-audit-log');
    expectCleanConsole(admin);
  });
});
