import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatYi } from '../packages/web/src/lib/format.ts';
import {
  chromiumAvailable,
  expectCleanConsole,
  launchBrowser,
  login,
  openTab,
  screenshot,
  SCREENSHOTS,
  type Tab,
} from './support/browser.ts';
import { PASSWORD, startServer, type E2eServer } from './support/server.ts';

/** The goal for the dashboard on localhost: figures, map and markers drawn within two seconds. */
const READY_GOAL_MS = 2_000;

type Api = <T = Record<string, unknown>>(method: string, url: string, payload?: unknown) => Promise<T>;
type Region = { code: string; name: string; kind: 'city' | 'county' | 'zone' };
type Marker = {
  id: string;
  name: string;
  regionCode: string;
  lng: number;
  lat: number;
  light: string | null;
};
type DashboardReply = {
  close: { id: string; edition: number; published: boolean } | null;
  kpis: { indicator: string; name: string; unit: string; cumulative: string | null }[];
  lights: { red: number; yellow: number; green: number } | null;
  regions: { code: string; name: string; lights: { red: number } | null }[];
};
/** The page exposes the map's option and where a county is drawn (`window.__beaconDashboard`). */
const HOOK = 'window.__beaconDashboard';
type ChartOption = {
  geo: { map: string }[];
  series: { type: string; data: { name: string; value?: number }[] }[];
};

type Position = [number, number];
type Geometry =
  { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };
type Feature = { properties: { name: string; code: string | null }; geometry: Geometry };

/** Ray casting: whether a point lies inside a ring of a polygon. */
function inRing([x, y]: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The point of a county, on a grid over its box, farthest from every marker on the map. */
function clearSpot(geometry: Geometry, markers: readonly { lng: number; lat: number }[]): Position {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const inside = (point: Position) =>
    polygons.some(([outer, ...holes]) => inRing(point, outer!) && !holes.some((hole) => inRing(point, hole)));
  const all = polygons.flatMap((polygon) => polygon[0]!);
  const [minX, maxX] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  const [minY, maxY] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
  let best: { point: Position; distance: number } | null = null;
  for (let i = 1; i < 40; i += 1) {
    for (let j = 1; j < 40; j += 1) {
      const point: Position = [minX + ((maxX - minX) * i) / 40, minY + ((maxY - minY) * j) / 40];
      if (!inside(point)) continue;
      const distance = Math.min(...markers.map((m) => Math.hypot(m.lng - point[0], m.lat - point[1])));
      if (!best || distance > best.distance) best = { point, distance };
    }
  }
  if (!best) throw new Error('no point inside the county');
  return best.point;
}

describe.skipIf(!chromiumAvailable())(
  'command dashboard (挂图作战): map, drill-down, my projects, wall',
  () => {
    let server: E2eServer;
    let browser: Browser;
    let city: Tab;
    let leader: Tab;
    let cityApi: Api;
    let period: { year: number; month: number };
    let counties: Region[];
    let regions: Region[];
    let expected: DashboardReply;

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
        if (reply.statusCode >= 300) throw new Error(`${method} ${url}: ${reply.statusCode} ${reply.body}`);
        return JSON.parse(reply.body);
      };
    };

    /**
     * The newest month with accepted reports, found through the review list rather than assumed:
     * the demo city may stand in any year.
     */
    async function latestReportedMonth(api: Api) {
      const accepted = (query: string) =>
        api<{ total: number }>('GET', `/api/reports?state=accepted&pageSize=1&${query}`).then((r) => r.total);
      const thisYear = new Date().getFullYear();
      for (let year = thisYear; year > thisYear - 15; year -= 1) {
        if ((await accepted(`year=${year}`)) === 0) continue;
        for (let month = 12; month >= 1; month -= 1) {
          if ((await accepted(`year=${year}&month=${month}`)) > 0) return { year, month };
        }
      }
      throw new Error('the demo city has no accepted reports');
    }

    beforeAll(async () => {
      server = await startServer(120);
      browser = await launchBrowser();
      city = await openTab(browser, server.baseUrl);
      leader = await openTab(browser, server.baseUrl);
      cityApi = await signIn('city');
      period = await latestReportedMonth(cityApi);
      // The city command closes the month and publishes its bulletin, so everyone sees the lights.
      const close = await cityApi<{ id: string }>('POST', '/api/month-closes', period);
      await cityApi('POST', `/api/month-closes/${close.id}/publish`, {
        documentNumber: `测试〔${period.year}〕1号`,
      });
      regions = await cityApi<Region[]>('GET', '/api/regions');
      counties = regions.filter((region) => region.kind === 'county');
      expected = await cityApi<DashboardReply>(
        'GET',
        `/api/dashboard?year=${period.year}&month=${period.month}`,
      );
      console.log(`dashboard journey on ${period.year}-${period.month}, close ${close.id}`);
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    /** antd and the charts animate in; a screenshot waits until the one-off animations are over. */
    const settled = async (page: Page) => {
      await page.waitForFunction(
        `document.getAnimations().every((animation) =>
         animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity)`,
      );
      // ECharts animates on its canvas, which document.getAnimations() does not see.
      await page.waitForTimeout(1_200);
    };

    const ready = (page: Page) => page.locator('[data-testid="dashboard"][data-ready="true"]').waitFor();
    const chartOption = (page: Page) => page.evaluate(`${HOOK}.option()`) as Promise<ChartOption>;

    it('opens on the dashboard for the city command, in Chinese, with every county on the map', async () => {
      const { page } = city;
      await login(page, 'city', PASSWORD);
      // The city command's landing page, on the newest closed month.
      await page.waitForURL((url) => url.pathname === '/dashboard');
      await ready(page);
      await page
        .getByTestId('dashboard-caption')
        .getByText(`${period.year} 年 1–${period.month} 月`)
        .waitFor();

      // From navigation to the data-ready marker: page, chunks, session, figures, map and markers.
      const timings: number[] = [];
      for (let run = 0; run < 3; run += 1) {
        const started = Date.now();
        await page.goto(`/dashboard?year=${period.year}&month=${period.month}`);
        await ready(page);
        timings.push(Date.now() - started);
      }
      const load = os.loadavg()[0]!.toFixed(1);
      console.log(
        `dashboard ready after navigation: ${timings.map((ms) => `${ms} ms`).join(', ')} (load average ${load} on ${os.cpus().length} cores)`,
      );

      // The map is drawn on a canvas, with every county of the configured city by its Chinese name.
      expect(await page.getByTestId('dashboard-map').locator('canvas').count()).toBeGreaterThan(0);
      const option = await chartOption(page);
      const names = option.series[0]!.data.map((item) => item.name);
      expect(counties.length).toBe(9);
      for (const county of counties) expect(names).toContain(county.name);
      // The region list holds them too, and the development zone, which has no boundary.
      const listed = await page.getByTestId('dashboard-regions').getByTestId('region-name').allInnerTexts();
      expect(listed.sort()).toEqual(expected.regions.map((region) => region.name).sort());
      expect(listed).toContain('丽水经济技术开发区');

      // Cards: each indicator's amount in 亿元 from the exact decimal, and the close's lights.
      for (const kpi of expected.kpis.filter((item) => item.unit === 'wan' && item.cumulative !== null)) {
        await expect
          .poll(() => page.getByTestId(`kpi-${kpi.indicator}`).getByTestId('kpi-figure').innerText())
          .toBe(formatYi(kpi.cumulative!));
      }
      expect(expected.lights).not.toBeNull();
      for (const light of ['red', 'yellow', 'green'] as const) {
        await expect
          .poll(() => page.getByTestId(`lights-${light}`).innerText())
          .toContain(String(expected.lights![light]));
      }
      await page.getByTestId('dashboard-trend').locator('canvas').waitFor();
      await settled(page);
      await screenshot(page, 'dashboard-01-city');

      // Coloured by red lights: the map's values are the close's red counts per county.
      await page.getByTestId('dashboard-measure').getByText('红灯数').click();
      await expect
        .poll(async () => (await chartOption(page)).series[0]!.data.map((item) => [item.name, item.value]))
        .toEqual(
          expect.arrayContaining(
            counties.map((county) => [
              county.name,
              expected.regions.find((region) => region.code === county.code)!.lights!.red,
            ]),
          ),
        );
      await settled(page);
      await screenshot(page, 'dashboard-02-red-lights');
      // The best of three: other builds and tests share the machine, and their stalls only ever
      // add time; the load average is printed beside the figures to read them by.
      const best = Math.min(...timings);
      expect(best, `dashboard ready after ${best} ms at best`).toBeLessThan(READY_GOAL_MS);
    });

    it('drills into a county clicked on the map and lists its projects, then back to the city', async () => {
      const { page } = city;
      const markers = await cityApi<{ items: Marker[] }>(
        'GET',
        `/api/dashboard/markers?year=${period.year}&month=${period.month}`,
      );
      // The county with the most projects on the map.
      const counts = new Map<string, number>();
      for (const marker of markers.items)
        counts.set(marker.regionCode, (counts.get(marker.regionCode) ?? 0) + 1);
      const county = [...counties].sort((a, b) => (counts.get(b.code) ?? 0) - (counts.get(a.code) ?? 0))[0]!;
      const inCounty = markers.items.filter((marker) => marker.regionCode === county.code);
      expect(inCounty.length).toBeGreaterThan(0);

      await page.getByTestId('dashboard-map').scrollIntoViewIfNeeded();
      // A real click on the county, at the point of it farthest from every project's marker (a
      // click on a marker drills into that project's region, which may be the development zone).
      const map = await cityApi<{ features: Feature[] }>('GET', '/api/map');
      const feature = map.features.find((candidate) => candidate.properties.code === county.code)!;
      const spot = clearSpot(feature.geometry, markers.items);
      const point = (await page.evaluate(`${HOOK}.pagePoint(${JSON.stringify(spot)})`)) as [number, number];
      await page.mouse.click(point[0], point[1]);

      const drill = page.getByTestId('dashboard-drill');
      await drill.getByText(`${county.name}项目`).waitFor();
      await expect.poll(() => new URL(page.url()).searchParams.get('region')).toBe(county.code);
      await expect.poll(() => drill.getByTestId('drill-project').count()).toBe(inCounty.length);
      // Reddest first, as the markers API orders them, each a link to the project.
      const firstLink = drill.getByTestId('drill-project').first().getByRole('link');
      expect(await firstLink.innerText()).toBe(inCounty[0]!.name);
      expect(await firstLink.getAttribute('href')).toBe(`/projects/${inCounty[0]!.id}`);
      // The map shows the county alone.
      await expect
        .poll(async () => (await chartOption(page)).geo[0]!.map)
        .toBe(`beacon-region-${county.code}`);
      await settled(page);
      await screenshot(page, 'dashboard-03-drill-down');

      await firstLink.click();
      await expect.poll(() => new URL(page.url()).pathname).toBe(`/projects/${inCounty[0]!.id}`);
      await page.goBack();
      await page.getByTestId('dashboard-back').click();
      await page.getByTestId('dashboard-regions').waitFor();
      await expect.poll(async () => (await chartOption(page)).geo[0]!.map).toBe('beacon-city');
      expect(new URL(page.url()).searchParams.get('region')).toBeNull();
    });

    it('says a month is not closed yet instead of showing lights', async () => {
      const { page } = city;
      // The month after the one closed here: the demo may have closed earlier months itself.
      const after =
        period.month === 12 ? { year: period.year + 1, month: 1 } : { ...period, month: period.month + 1 };
      await page.goto(`/dashboard?year=${after.year}&month=${after.month}`);
      await ready(page);
      await page.getByTestId('dashboard-not-closed').getByText('本月尚未关账').first().waitFor();
      await page.getByTestId('dashboard-lights').getByText('本月尚未关账').waitFor();
      // One click back to the month that is closed.
      await page
        .getByTestId('dashboard-not-closed')
        .getByRole('button', { name: /最近关账/ })
        .click();
      await ready(page);
      await page.getByTestId('lights-red').waitFor();
    });

    it('shows a leading official their own projects with the light and its reasons', async () => {
      const { page } = leader;
      const leaderApi = await signIn('leader');
      const mine = await leaderApi<{
        items: { name: string; light: string | null; dimensions: unknown[] }[];
      }>('GET', `/api/dashboard/my-projects?year=${period.year}&month=${period.month}`);
      expect(mine.items.length).toBeGreaterThan(0);

      await login(page, 'leader', PASSWORD);
      await page.waitForURL((url) => url.pathname === '/dashboard');
      await ready(page);
      const panel = page.getByTestId('my-projects');
      await panel.getByText('我的项目').waitFor();
      await expect.poll(() => panel.getByTestId('my-project').count()).toBe(mine.items.length);
      const first = panel.getByTestId('my-project').first();
      expect(await first.innerText()).toContain(mine.items[0]!.name);
      // The reddest comes first, with each dimension of its light.
      if (mine.items[0]!.light !== null) {
        await first.getByTestId(`light-${mine.items[0]!.light}`).waitFor();
        expect(await first.locator('[data-testid^="reason-"]').count()).toBe(
          mine.items[0]!.dimensions.length,
        );
      }
      await panel.scrollIntoViewIfNeeded();
      await settled(page);
      await screenshot(page, 'dashboard-04-leader-my-projects');
      expectCleanConsole(leader);
    });

    it('turns into a dark wall display and back', async () => {
      const { page } = city;
      await page.goto(`/dashboard?year=${period.year}&month=${period.month}`);
      await ready(page);
      await page.getByTestId('dashboard-wall').click();
      await expect.poll(() => new URL(page.url()).searchParams.get('wall')).toBe('1');
      await page.getByTestId('dashboard-exit-wall').click();
      await expect.poll(() => new URL(page.url()).searchParams.get('wall')).toBeNull();

      // The address alone opens it, for a screen that starts on this page.
      await page.goto(`/dashboard?wall=1&year=${period.year}&month=${period.month}`);
      await ready(page);
      await page.getByTestId('dashboard').getByText('丽水市投资项目挂图作战').waitFor();
      await page.setViewportSize({ width: 1920, height: 1080 });
      await settled(page);
      // The wall layout fills the screen itself; a full-page capture would add the page behind it.
      await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-05-wall.png') });

      // The same page in English for a visitor, with the county names as the boundaries have them.
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(`/dashboard?year=${period.year}&month=${period.month}`);
      await ready(page);
      await page.getByTestId('language-switch').click();
      await page.getByRole('heading', { name: 'Command map' }).waitFor();
      await page.getByTestId('dashboard-lights').getByText('Project lights').waitFor();
      await page.getByTestId('dashboard-measure').getByText('Red lights').waitFor();
      await settled(page);
      await screenshot(page, 'dashboard-06-english');
      await page.getByTestId('language-switch').click();
      await page.getByRole('heading', { name: '挂图作战' }).waitFor();
      expectCleanConsole(city);
    });
  },
);
