import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../screenshots');

/**
 * Whether the browser journeys can run. CI must have Debian's chromium, so its absence fails
 * there; a developer machine without it skips the journeys with a warning.
 */
export function chromiumAvailable(): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: install Debian's chromium package`);
  console.warn(`\n⚠️  ${CHROMIUM} not found: SKIPPING the browser journeys (apt-get install chromium)\n`);
  return false;
}

/** Playwright gives a launched browser a fresh temporary profile, and each context its own cookies. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export type Tab = { context: BrowserContext; page: Page; problems: string[] };

/**
 * A new browser context (its own cookies) with one page. Script errors and console errors are
 * collected so a journey can assert the console stayed clean; the browser's own notes about
 * expected 4xx answers (a 409 conflict, a failed login) are not the app's errors.
 */
export async function openTab(browser: Browser, baseUrl: string): Promise<Tab> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'zh-CN',
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) return;
    problems.push(`console: ${message.text()}`);
  });
  page.setDefaultTimeout(15_000);
  return { context, page, problems };
}

export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Picks an option of an antd Select and waits until the Select shows it. The dropdown animates
 * open, so a click can land before the option takes it; the pick is retried until it shows.
 */
export async function pick(page: Page, select: Locator, option: string): Promise<void> {
  await expect
    .poll(
      async () => {
        await select.click();
        const item = page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true });
        await item.click({ timeout: 3_000 }).catch(() => undefined);
        return select.innerText();
      },
      { timeout: 15_000 },
    )
    .toContain(option);
}

/** Picks an option of an antd Select found by its test id. */
export async function choose(page: Page, testId: string, option: string): Promise<void> {
  await pick(page, page.getByTestId(testId), option);
}

export function expectCleanConsole(tab: Tab): void {
  expect(tab.problems, tab.problems.join('\n')).toEqual([]);
}
