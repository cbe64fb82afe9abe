import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../context.ts';
import { requestContext } from '../../plugins/auth.ts';
import { PROGRESS_ROLES } from './policy.ts';
import {
  BulkAcceptBody,
  BulkAcceptReply,
  HistoryBody,
  HistoryReply,
  OptionalVersionBody,
  PeriodParams,
  ProjectIdParams,
  ProjectReportsQuery,
  ProjectReportsReply,
  ReportIdParams,
  ReportListQuery,
  ReportListReply,
  ReportSchema,
  ReturnBody,
  SaveReportBody,
  VersionBody,
} from './schemas.ts';
import {
  acceptReports,
  correctReport,
  importHistory,
  listProjectReports,
  listReportsFor,
  reviewReport,
  saveReport,
  submitReport,
} from './service.ts';

const tags = ['progress'];

export const progressRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.get(
    '/api/projects/:id/reports',
    {
      schema: {
        tags,
        summary: '项目月报历史（含全部版次）与各年已审核合计',
        params: ProjectIdParams,
        querystring: ProjectReportsQuery,
        response: { 200: ProjectReportsReply },
      },
      config: { access: PROGRESS_ROLES.read },
    },
    async (request) =>
      listProjectReports(services, requestContext(request), {
        projectId: request.params.id,
        year: request.query.year,
      }),
  );

  app.put(
    '/api/projects/:id/reports/:year/:month',
    {
      schema: {
        tags,
        summary: '填写或修改当月月报（草稿或已退回的版次；修改须携带 version，过期返回 409）',
        params: PeriodParams,
        body: SaveReportBody,
        response: { 200: ReportSchema },
      },
      config: { access: PROGRESS_ROLES.write },
    },
    async (request) =>
      saveReport(services, requestContext(request), { period: request.params, input: request.body }),
  );

  app.post(
    '/api/projects/:id/reports/:year/:month/submit',
    {
      schema: {
        tags,
        summary: '提交月报（截止日后首次提交记为逾期）',
        params: PeriodParams,
        body: VersionBody,
        response: { 200: ReportSchema },
      },
      config: { access: PROGRESS_ROLES.write },
    },
    async (request) =>
      submitReport(services, requestContext(request), {
        period: request.params,
        version: request.body.version,
      }),
  );

  app.post(
    '/api/projects/:id/reports/:year/:month/correct',
    {
      schema: {
        tags,
        summary: '更正已审核的月报：生成新版次草稿，原版次保留并继续计入合计直至新版次审核通过',
        params: PeriodParams,
        body: VersionBody,
        response: { 201: ReportSchema },
      },
      config: { access: PROGRESS_ROLES.write },
    },
    async (request, reply) =>
      reply.status(201).send(
        await correctReport(services, requestContext(request), {
          period: request.params,
          version: request.body.version,
        }),
      ),
  );

  app.post(
    '/api/reports/:id/accept',
    {
      schema: {
        tags,
        summary: '审核通过月报（县（市、区）审核本地区，责任部门审核本部门项目，市级审核全部）',
        params: ReportIdParams,
        body: OptionalVersionBody,
        response: { 200: ReportSchema },
      },
      config: { access: PROGRESS_ROLES.review },
    },
    async (request) =>
      reviewReport(services, requestContext(request), {
        id: request.params.id,
        version: request.body.version,
        outcome: { action: 'accept' },
      }),
  );

  app.post(
    '/api/reports/:id/return',
    {
      schema: {
        tags,
        summary: '退回月报（须填写退回原因）',
        params: ReportIdParams,
        body: ReturnBody,
        response: { 200: ReportSchema },
      },
      config: { access: PROGRESS_ROLES.review },
    },
    async (request) =>
      reviewReport(services, requestContext(request), {
        id: request.params.id,
        version: request.body.version,
        outcome: { action: 'return', reason: request.body.reason },
      }),
  );

  app.post(
    '/api/reports/accept',
    {
      schema: {
        tags,
        summary: '批量审核通过（全部通过或全部不通过，逐项列出不能通过的原因）',
        body: BulkAcceptBody,
        response: { 200: BulkAcceptReply },
      },
      config: { access: PROGRESS_ROLES.review },
    },
    async (request) => acceptReports(services, requestContext(request), { ids: request.body.ids }),
  );

  app.get(
    '/api/reports',
    {
      schema: {
        tags,
        summary: '月报审核队列（每个项目每月的最新版次，按权限范围）',
        querystring: ReportListQuery,
        response: { 200: ReportListReply },
      },
      config: { access: PROGRESS_ROLES.read },
    },
    async (request) => listReportsFor(services, requestContext(request), request.query),
  );

  app.post(
    '/api/progress/history',
    {
      schema: {
        tags,
        summary: '导入往年各月完成投资（作为已审核的第 1 版次；全部成功或全部不导入，逐行列出错误）',
        body: HistoryBody,
        response: { 200: HistoryReply },
      },
      config: { access: PROGRESS_ROLES.history },
    },
    async (request) => importHistory(services, requestContext(request), { rows: request.body }),
  );
};
