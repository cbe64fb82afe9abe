import { client, queryString, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';

type Json<Reply> = Reply extends { content: { 'application/json': infer Body } } ? Body : never;
/** The JSON body of an operation's 200 (or 201) answer. */
export type Ok<Operation> = Operation extends { responses: infer R }
  ? R extends { 200: infer Reply }
    ? Json<Reply>
    : R extends { 201: infer Created }
      ? Json<Created>
      : never
  : never;
export type BodyOf<Operation> = Operation extends {
  requestBody: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

export type IndicatorTable = Ok<paths['/api/indicators/table']['get']>;
export type IndicatorColumn = IndicatorTable['indicators'][number];
export type IndicatorRow = IndicatorTable['rows'][number];
export type Measure = IndicatorColumn['measure'];
export type TargetValue = NonNullable<IndicatorRow['target']>;
export type DrillPage = Ok<paths['/api/indicators/{code}/projects']['get']>;
export type DrillProject = DrillPage['items'][number];

export type Period = { year: number; month: number };

export function fetchTable(period: Period): Promise<IndicatorTable> {
  return unwrap(client.GET('/api/indicators/table', { params: { query: period } }));
}

export type DrillQuery = Period & { code: string; region: string | null; page: number; pageSize: number };

/** Without a region the list covers every region in the caller's scope: the whole-city row. */
const drillFilter = (query: DrillQuery) => ({
  year: query.year,
  month: query.month,
  ...(query.region === null ? {} : { region: query.region }),
});

export function fetchDrill(query: DrillQuery): Promise<DrillPage> {
  return unwrap(
    client.GET('/api/indicators/{code}/projects', {
      params: {
        path: { code: query.code },
        query: { ...drillFilter(query), page: query.page, pageSize: query.pageSize },
      },
    }),
  );
}

export const tableExportUrl = (period: Period) => `/api/indicators/table.xlsx${queryString(period)}`;

export const drillExportUrl = (query: DrillQuery) =>
  `/api/indicators/${encodeURIComponent(query.code)}/projects.xlsx${queryString(drillFilter(query))}`;
