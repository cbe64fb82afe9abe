import { client, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import type { BodyOf, Ok } from '../indicators/indicator-api.ts';

export type CloseList = Ok<paths['/api/month-closes']['get']>;
export type CloseMeta = CloseList['items'][number];
export type CloseDetail = Ok<paths['/api/month-closes/{id}']['get']>;
export type BulletinContent = CloseDetail['content'];
export type BulletinRegion = BulletinContent['regions'][number];
export type BulletinProjectLine = BulletinContent['redProjects'][number];
export type BulletinList = BulletinContent['lists'][number];
export type BulletinIndicators = NonNullable<BulletinContent['indicators']>;
export type CloseSummary = Ok<paths['/api/month-closes']['post']>;
export type CloseBody = BodyOf<paths['/api/month-closes']['post']>;

export type Rankings = Ok<paths['/api/rankings']['get']>;
export type RankingMonth = Rankings['months'][number];
export type RankingRegion = RankingMonth['regions'][number];
export type RankChange = NonNullable<RankingRegion['rankChange']>;

export type RuleSetList = Ok<paths['/api/warning-rules']['get']>;
export type RuleSet = RuleSetList['ruleSets'][number];
export type ShippedRuleSet = RuleSetList['shipped'][number];
export type Rules = RuleSet['rules'];
export type PutRuleSetBody = BodyOf<paths['/api/warning-rules']['put']>;

export type LightHistory = Ok<paths['/api/projects/{id}/lights']['get']>;
export type LightEntry = LightHistory['items'][number];
export type Light = LightEntry['light'];

/** One year's closes, or every year's without one; newest first. */
export const listCloses = (year: number | undefined) =>
  unwrap(client.GET('/api/month-closes', { params: { query: year === undefined ? {} : { year } } }));

export const getClose = (id: string) =>
  unwrap(client.GET('/api/month-closes/{id}', { params: { path: { id } } }));

export const closeMonth = (body: CloseBody) => unwrap(client.POST('/api/month-closes', { body }));

export const publishClose = (id: string, documentNumber: string) =>
  unwrap(
    client.POST('/api/month-closes/{id}/publish', { params: { path: { id } }, body: { documentNumber } }),
  );

export const fetchRankings = (year: number) =>
  unwrap(client.GET('/api/rankings', { params: { query: { year } } }));

export const fetchRuleSets = (year: number) =>
  unwrap(client.GET('/api/warning-rules', { params: { query: { year } } }));

export const putRuleSet = (body: PutRuleSetBody) => unwrap(client.PUT('/api/warning-rules', { body }));

export const fetchLightHistory = (projectId: string) =>
  unwrap(client.GET('/api/projects/{id}/lights', { params: { path: { id: projectId } } }));

export const bulletinFileUrl = (id: string, kind: 'docx' | 'xlsx') =>
  `/api/month-closes/${encodeURIComponent(id)}/bulletin.${kind}`;
