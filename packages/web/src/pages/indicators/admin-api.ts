import { client, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import type { BodyOf, Ok } from './indicator-api.ts';

export type Indicator = Ok<paths['/api/indicators']['get']>['items'][number];
export type TargetLevel = Indicator['targetLevel'];
export type IndicatorFilter = Indicator['filter'];
export type CreateIndicatorBody = BodyOf<paths['/api/indicators']['post']>;
/** The editable part of an indicator, as the form produces it. */
export type IndicatorBody = Omit<CreateIndicatorBody, 'code'> & {
  targetLevel: TargetLevel;
  filter: IndicatorFilter;
  window: Indicator['window'];
  sortOrder: number;
};
export type UpdateIndicatorBody = BodyOf<paths['/api/indicators/{code}']['patch']>;
export type Target = Ok<paths['/api/indicators/{code}/targets']['get']>['items'][number];
export type PutTargetBody = BodyOf<paths['/api/indicators/{code}/targets']['put']>;

const at = (code: string) => ({ path: { code } });

export const listIndicators = () => unwrap(client.GET('/api/indicators'));

export const createIndicator = (body: CreateIndicatorBody) =>
  unwrap(client.POST('/api/indicators', { body }));

export const updateIndicator = (code: string, body: UpdateIndicatorBody) =>
  unwrap(client.PATCH('/api/indicators/{code}', { params: at(code), body }));

export const deactivateIndicator = (code: string, version: number) =>
  unwrap(client.POST('/api/indicators/{code}/deactivate', { params: at(code), body: { version } }));

export const listTargets = (code: string, year: number) =>
  unwrap(client.GET('/api/indicators/{code}/targets', { params: { ...at(code), query: { year } } }));

export const putTarget = (code: string, body: PutTargetBody) =>
  unwrap(client.PUT('/api/indicators/{code}/targets', { params: at(code), body }));

export const deleteTarget = (code: string, target: Target) =>
  unwrap(client.DELETE('/api/indicators/{code}/targets/{id}', { params: { path: { code, id: target.id } } }));
