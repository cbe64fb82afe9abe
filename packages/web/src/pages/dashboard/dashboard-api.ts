import { client, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import type { Ok } from '../indicators/indicator-api.ts';
import type { Period } from '../indicators/period.ts';

export type Dashboard = Ok<paths['/api/dashboard']['get']>;
export type Kpi = Dashboard['kpis'][number];
export type RegionFigures = Dashboard['regions'][number];
export type LightCounts = NonNullable<Dashboard['lights']>;
export type Light = keyof LightCounts;
export type Markers = Ok<paths['/api/dashboard/markers']['get']>;
export type Marker = Markers['items'][number];
export type MyProjects = Ok<paths['/api/dashboard/my-projects']['get']>;
export type MyProject = MyProjects['items'][number];
export type RegionMap = Ok<paths['/api/map']['get']>;
export type MapFeature = RegionMap['features'][number];

export const LIGHTS: readonly Light[] = ['red', 'yellow', 'green'];

export function fetchDashboard(period: Period): Promise<Dashboard> {
  return unwrap(client.GET('/api/dashboard', { params: { query: period } }));
}

export function fetchMarkers(period: Period, region?: string): Promise<Markers> {
  const query = region === undefined ? period : { ...period, region };
  return unwrap(client.GET('/api/dashboard/markers', { params: { query } }));
}

export function fetchMyProjects(period: Period): Promise<MyProjects> {
  return unwrap(client.GET('/api/dashboard/my-projects', { params: { query: period } }));
}

// The boundaries do not change while the console is open: one request per session.
let mapRequest: Promise<RegionMap> | null = null;
export function fetchMap(): Promise<RegionMap> {
  mapRequest ??= unwrap(client.GET('/api/map')).catch((error: unknown) => {
    mapRequest = null;
    throw error;
  });
  return mapRequest;
}

/** The newest month closed (关账) that the caller may see, or null before the first close. */
export async function latestClose(): Promise<Period | null> {
  const { items } = await unwrap(client.GET('/api/month-closes'));
  let latest: Period | null = null;
  for (const item of items) {
    if (!latest || item.year * 12 + item.month > latest.year * 12 + latest.month) {
      latest = { year: item.year, month: item.month };
    }
  }
  return latest;
}
