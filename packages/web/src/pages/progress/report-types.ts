import type { paths } from '../../api/schema';

type JsonOf<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;
type Reply<Operation> = Operation extends { responses: { 200: infer R } } ? JsonOf<R> : never;
type BodyOf<Operation> = Operation extends { requestBody: { content: { 'application/json': infer B } } }
  ? B
  : never;

export type ReportList = Reply<paths['/api/reports']['get']>;
export type Report = ReportList['items'][number];
export type ReportQuery = NonNullable<paths['/api/reports']['get']['parameters']['query']>;
export type ProjectReports = Reply<paths['/api/projects/{id}/reports']['get']>;
export type SaveReportBody = BodyOf<paths['/api/projects/{id}/reports/{year}/{month}']['put']>;
export type Photo = Reply<paths['/api/reports/{id}/photos']['get']>['items'][number];
export type MonthlySheetSummary = Reply<paths['/api/progress/monthly-sheet']['post']>;
export type ReportingRule = Reply<paths['/api/reporting-rules']['get']>['items'][number];
export type RuleBody = BodyOf<paths['/api/reporting-rules']['put']>;
