import type { paths } from '../../api/schema';

type JsonOf<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;
type Reply<Operation, Status extends number = 200> = Operation extends { responses: infer R }
  ? Status extends keyof R
    ? JsonOf<R[Status]>
    : never
  : never;
type BodyOf<Operation> = Operation extends { requestBody: { content: { 'application/json': infer B } } }
  ? B
  : never;

export type Plan = Reply<paths['/api/plans']['get']>['items'][number];
export type PlanDetail = Reply<paths['/api/plans/{id}']['get']>;
export type PlanMember = PlanDetail['members'][number];
export type YearPlan = Reply<paths['/api/projects/{id}/year-plans/{year}']['get']>;
export type PutYearPlanBody = BodyOf<paths['/api/projects/{id}/year-plans/{year}']['put']>;
export type Adjustment = Reply<paths['/api/plans/{id}/adjustments']['get']>['items'][number];
export type AdjustmentBody = BodyOf<paths['/api/plans/{id}/adjustments']['post']>;
export type YearPlanValues = Adjustment['after'];
export type MilestoneList = Reply<paths['/api/projects/{id}/milestones']['get']>;
export type Milestone = MilestoneList['items'][number];
export type CreateMilestoneBody = BodyOf<paths['/api/projects/{id}/milestones']['post']>;
export type ReverseScheduleReply = Reply<paths['/api/projects/{id}/milestones/reverse-schedule']['post']>;
