import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../context.ts';
import { requestContext } from '../../plugins/auth.ts';
import { PLAN_ROLES } from './policy.ts';
import {
  AddMemberBody,
  AdjustmentBody,
  AdjustmentListReply,
  AdjustmentSchema,
  CreateMilestoneBody,
  CreatePlanBody,
  IssuePlanBody,
  MilestoneIdParams,
  MilestoneListReply,
  MilestoneSchema,
  PlanDetailSchema,
  PlanIdParams,
  PlanListQuery,
  PlanListReply,
  PlanMemberParams,
  ProjectYearParams,
  PutYearPlanBody,
  ReverseScheduleBody,
  ReverseScheduleReply,
  UpdateMilestoneBody,
  UpdatePlanBody,
  YearPlanSchema,
} from './schemas.ts';
import { ProjectIdParams } from '../projects/schemas.ts';
import {
  addMember,
  adjustPlan,
  createMilestone,
  createPlan,
  deleteMilestone,
  getPlan,
  getYearPlan,
  issuePlan,
  listPlanAdjustments,
  listPlansFor,
  listProjectMilestones,
  proposeReverseSchedule,
  putYearPlan,
  removeMember,
  updateMilestone,
  updatePlan,
} from './service.ts';

const tags = ['plans'];

export const planRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/api/plans',
    {
      schema: {
        tags,
        summary: '年度计划列表（成员数按当前用户范围计）',
        querystring: PlanListQuery,
        response: { 200: PlanListReply },
      },
      config: { access: PLAN_ROLES.read },
    },
    async (request) => listPlansFor(services, requestContext(request), request.query.year),
  );

  app.post(
    '/api/plans',
    {
      schema: {
        tags,
        summary: '新建年度计划（草拟）',
        body: CreatePlanBody,
        response: { 201: PlanDetailSchema },
      },
      config: { access: PLAN_ROLES.manage },
    },
    async (request, reply) =>
      reply.status(201).send(await createPlan(services, requestContext(request), request.body)),
  );

  app.get(
    '/api/plans/:id',
    {
      schema: {
        tags,
        summary: '计划详情（成员项目限当前用户范围）',
        params: PlanIdParams,
        response: { 200: PlanDetailSchema },
      },
      config: { access: PLAN_ROLES.read },
    },
    async (request) => getPlan(services, requestContext(request), request.params.id),
  );

  app.patch(
    '/api/plans/:id',
    {
      schema: {
        tags,
        summary: '修改草拟中的计划（须携带 version；已下达的计划只能调整）',
        params: PlanIdParams,
        body: UpdatePlanBody,
        response: { 200: PlanDetailSchema },
      },
      config: { access: PLAN_ROLES.manage },
    },
    async (request) => updatePlan(services, requestContext(request), request.params.id, request.body),
  );

  app.post(
    '/api/plans/:id/issue',
    {
      schema: {
        tags,
        summary: '下达计划',
        params: PlanIdParams,
        body: IssuePlanBody,
        response: { 200: PlanDetailSchema },
      },
      config: { access: PLAN_ROLES.manage },
    },
    async (request) => issuePlan(services, requestContext(request), request.params.id, request.body),
  );

  app.post(
    '/api/plans/:id/members',
    {
      schema: {
        tags,
        summary: '向草拟中的计划加入项目',
        params: PlanIdParams,
        body: AddMemberBody,
        response: { 200: PlanDetailSchema },
      },
      config: { access: PLAN_ROLES.manage },
    },
    async (request) =>
      addMember(services, requestContext(request), request.params.id, request.body.projectId),
  );

  app.delete(
    '/api/plans/:id/members/:projectId',
    {
      schema: {
        tags,
        summary: '从草拟中的计划移出项目',
        params: PlanMemberParams,
        response: { 200: PlanDetailSchema },
      },
      config: { access: PLAN_ROLES.manage },
    },
    async (request) =>
      removeMember(services, requestContext(request), request.params.id, request.params.projectId),
  );

  app.get(
    '/api/plans/:id/adjustments',
    {
      schema: {
        tags,
        summary: '计划调整记录（含调整前后的值）',
        params: PlanIdParams,
        response: { 200: AdjustmentListReply },
      },
      config: { access: PLAN_ROLES.read },
    },
    async (request) => listPlanAdjustments(services, requestContext(request), request.params.id),
  );

  app.post(
    '/api/plans/:id/adjustments',
    {
      schema: {
        tags,
        summary: '调整已下达计划中一个项目的年度计划（记录原因、调整人与时间）',
        params: PlanIdParams,
        body: AdjustmentBody,
        response: { 201: AdjustmentSchema },
      },
      config: { access: PLAN_ROLES.manage },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await adjustPlan(services, requestContext(request), request.params.id, request.body)),
  );

  app.get(
    '/api/projects/:id/year-plans/:year',
    {
      schema: { tags, summary: '项目年度计划', params: ProjectYearParams, response: { 200: YearPlanSchema } },
      config: { access: PLAN_ROLES.read },
    },
    async (request) => getYearPlan(services, requestContext(request), request.params.id, request.params.year),
  );

  app.put(
    '/api/projects/:id/year-plans/:year',
    {
      schema: {
        tags,
        summary: '填写或修改项目年度计划（修改须携带 version；已列入已下达计划的须走计划调整）',
        params: ProjectYearParams,
        body: PutYearPlanBody,
        response: { 200: YearPlanSchema },
      },
      config: { access: PLAN_ROLES.writeProjectPlan },
    },
    async (request) =>
      putYearPlan(services, requestContext(request), request.params.id, request.params.year, request.body),
  );

  app.get(
    '/api/projects/:id/milestones',
    {
      schema: {
        tags,
        summary: '项目节点（状态由日期推算）',
        params: ProjectIdParams,
        response: { 200: MilestoneListReply },
      },
      config: { access: PLAN_ROLES.read },
    },
    async (request) => listProjectMilestones(services, requestContext(request), request.params.id),
  );

  app.post(
    '/api/projects/:id/milestones',
    {
      schema: {
        tags,
        summary: '新增项目节点',
        params: ProjectIdParams,
        body: CreateMilestoneBody,
        response: { 201: MilestoneSchema },
      },
      config: { access: PLAN_ROLES.writeProjectPlan },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createMilestone(services, requestContext(request), request.params.id, request.body)),
  );

  app.post(
    '/api/projects/:id/milestones/reverse-schedule',
    {
      schema: {
        tags,
        summary: '倒排计划：按模板从截止日期倒推各节点日期（只给建议，不保存）',
        params: ProjectIdParams,
        body: ReverseScheduleBody,
        response: { 200: ReverseScheduleReply },
      },
      config: { access: PLAN_ROLES.writeProjectPlan },
    },
    async (request) =>
      proposeReverseSchedule(services, requestContext(request), request.params.id, request.body),
  );

  app.patch(
    '/api/milestones/:id',
    {
      schema: {
        tags,
        summary: '修改节点（须携带 version）',
        params: MilestoneIdParams,
        body: UpdateMilestoneBody,
        response: { 200: MilestoneSchema },
      },
      config: { access: PLAN_ROLES.writeProjectPlan },
    },
    async (request) => updateMilestone(services, requestContext(request), request.params.id, request.body),
  );

  app.delete(
    '/api/milestones/:id',
    {
      schema: { tags, summary: '删除节点', params: MilestoneIdParams, response: { 200: MilestoneSchema } },
      config: { access: PLAN_ROLES.writeProjectPlan },
    },
    async (request) => deleteMilestone(services, requestContext(request), request.params.id),
  );
};
