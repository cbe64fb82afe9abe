import { FUNDING_SOURCES, PROJECT_STAGES, type FundingSource, type ProjectStage } from '@beacon/domain';
import type { ProjectQuery } from '../../api/types.ts';

export const FILTER_KEYS = ['q', 'region', 'stage', 'sector', 'list', 'funding'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** Table column key → the server's sort field. */
export const SORT_FIELDS = {
  name: 'name',
  code: 'code',
  regionName: 'region',
  stage: 'stage',
  totalInvestment: 'totalInvestment',
  plannedStart: 'plannedStart',
  updatedAt: 'updatedAt',
} as const;
export type SortColumn = keyof typeof SORT_FIELDS;

export const DEFAULT_SORT = '-updatedAt';
export const DEFAULT_PAGE_SIZE = 20;

const isStage = (value: string | null): value is ProjectStage =>
  value !== null && (PROJECT_STAGES as readonly string[]).includes(value);
const isFunding = (value: string | null): value is FundingSource =>
  value !== null && (FUNDING_SOURCES as readonly string[]).includes(value);

/**
 * The list's state lives in the URL so reload, back and a pasted link show the same list.
 * Anything malformed in the URL is dropped rather than sent to the server.
 */
export function queryFromParams(params: URLSearchParams): ProjectQuery {
  const text = (key: string) => params.get(key)?.trim() || undefined;
  const positive = (key: string, fallback: number, max: number) => {
    const value = Number(params.get(key));
    return Number.isInteger(value) && value >= 1 ? Math.min(value, max) : fallback;
  };
  const sort = params.get('sort');
  const sortField = sort?.replace(/^-/, '');
  const stage = params.get('stage');
  const funding = params.get('funding');
  return {
    q: text('q'),
    region: text('region'),
    stage: isStage(stage) ? stage : undefined,
    sector: text('sector'),
    list: text('list'),
    funding: isFunding(funding) ? funding : undefined,
    sort: sort && (Object.values(SORT_FIELDS) as string[]).includes(sortField ?? '') ? sort : DEFAULT_SORT,
    page: positive('page', 1, 100_000),
    pageSize: positive('pageSize', DEFAULT_PAGE_SIZE, 200),
  };
}

/** The filter part only, for the export of "what I am looking at". */
export function filterParams(query: ProjectQuery): Record<FilterKey, string | undefined> {
  return {
    q: query.q,
    region: query.region,
    stage: query.stage,
    sector: query.sector,
    list: query.list,
    funding: query.funding,
  };
}
