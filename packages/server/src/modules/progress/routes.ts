import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../context.ts';
import { requestContext } from '../../plugins/auth.ts';
import { attachment, byUser, receiveFile } from '../../plugins/files.ts';
import { XLSX_MIME } from '../projects/excel.ts';
import { downloadMonthlySheet, importMonthlySheet } from './monthly-sheet.ts';
import { addPhoto, deletePhoto, listPhotos, readPhoto } from './photos.ts';
import { listRules, saveRule } from './rules.ts';
import { PHOTO_LIMITS } from '@beacon/domain';
import { PROGRESS_ROLES } from './policy.ts';
import {
  BulkAcceptBody,
  BulkAcceptReply,
  HistoryBody,
  HistoryReply,
  MonthlySheetQuery,
  MonthlySheetSummary,
  MonthlySheetUploadQuery,
  OptionalVersionBody,
  PhotoIdParams,
  PhotoListReply,
  PhotoSchema,
  PeriodParams,
  ProjectIdParams,
  ProjectReportsQuery,
  ProjectReportsReply,
  ReportIdParams,
  ReportListQuery,
  ReportListReply,
  ReportSchema,
  ReturnBody,
  RuleBody,
  RuleListQuery,
  RuleListReply,
  RuleSchema,
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

  const excelLimit = {
    max: services.config.rateLimits.excel,
    timeWindow: '1 minute',
    keyGenerator: byUser,
  };

  app.get(
    '/api/progress/monthly-sheet',
    {
      schema: {
        tags,
        summary: '下载当月月报汇总表（本人权限范围内在建或列入年度计划的项目，已有月报的预填当月数据）',
        querystring: MonthlySheetQuery,
        produces: [XLSX_MIME],
        // Fastify sends a Buffer as is; the schema only documents the download.
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'Excel (.xlsx) 文件' }),
        },
      },
      config: { access: PROGRESS_ROLES.review, rateLimit: excelLimit },
    },
    async (request, reply) => {
      const file = await downloadMonthlySheet(services, requestContext(request), request.query);
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachment(file.fileName, file.asciiFileName))
        .header('cache-control', 'no-store')
        .send(file.content);
    },
  );

  app.post(
    '/api/progress/monthly-sheet',
    {
      schema: {
        tags,
        summary:
          '上传月报汇总表，各行直接作为当月审核通过的月报（dryRun=true 只校验；任一行有错返回 422 并逐行列出，全部不写入）',
        description: 'multipart/form-data，文件字段名 file（.xlsx）。',
        consumes: ['multipart/form-data'],
        querystring: MonthlySheetUploadQuery,
        response: { 200: MonthlySheetSummary },
      },
      config: { access: PROGRESS_ROLES.review, rateLimit: excelLimit },
    },
    async (request) => {
      const ctx = requestContext(request);
      const file = await receiveFile(request, { what: 'Excel 文件' });
      return importMonthlySheet(services, ctx, {
        year: request.query.year,
        month: request.query.month,
        dryRun: request.query.dryRun,
        buffer: file.content,
        fileName: file.name,
      });
    },
  );

  app.post(
    '/api/reports/:id/photos',
    {
      schema: {
        tags,
        summary: '上传月报现场照片（仅草稿或已退回的月报；JPEG/PNG/WebP，每张不超过 5 MB，每份最多 9 张）',
        description: 'multipart/form-data，文件字段名 file。格式按文件内容识别，不以文件名或声明的类型为准。',
        consumes: ['multipart/form-data'],
        params: ReportIdParams,
        response: { 201: PhotoSchema },
      },
      config: { access: PROGRESS_ROLES.write },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      // One byte over the limit is enough to know the file is too large without reading all of it.
      const file = await receiveFile(request, { what: '照片', maxBytes: PHOTO_LIMITS.maxBytes });
      const photo = await addPhoto(services, ctx, {
        reportId: request.params.id,
        fileName: file.name,
        content: file.content,
      });
      return reply.status(201).send(photo);
    },
  );

  app.get(
    '/api/reports/:id/photos',
    {
      schema: {
        tags,
        summary: '月报的现场照片列表',
        params: ReportIdParams,
        response: { 200: PhotoListReply },
      },
      config: { access: PROGRESS_ROLES.read },
    },
    async (request) => listPhotos(services, requestContext(request), request.params.id),
  );

  app.get(
    '/api/photos/:id',
    {
      schema: {
        tags,
        summary: '照片内容',
        params: PhotoIdParams,
        produces: ['image/jpeg', 'image/png', 'image/webp'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: '照片' }) },
      },
      config: { access: PROGRESS_ROLES.read },
    },
    async (request, reply) => {
      const photo = await readPhoto(services, requestContext(request), request.params.id);
      return (
        reply
          .header('content-type', photo.contentType)
          .header(
            'content-disposition',
            attachment(photo.fileName, `photo-${photo.id}.${photo.extension}`, 'inline'),
          )
          // The type was detected at upload; nothing may reinterpret the bytes as a page.
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, no-store')
          .send(photo.data)
      );
    },
  );

  app.delete(
    '/api/photos/:id',
    {
      schema: {
        tags,
        summary: '删除现场照片（仅草稿或已退回的月报）',
        params: PhotoIdParams,
        response: { 204: Type.Null() },
      },
      config: { access: PROGRESS_ROLES.write },
    },
    async (request, reply) => {
      await deletePhoto(services, requestContext(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/reporting-rules',
    {
      schema: {
        tags,
        summary: '某年的月报规则（截止日、序时进度口径），全市通用及各地区',
        querystring: RuleListQuery,
        response: { 200: RuleListReply },
      },
      config: { access: PROGRESS_ROLES.read },
    },
    async (request) => listRules(services, { year: request.query.year }),
  );

  app.put(
    '/api/reporting-rules',
    {
      schema: {
        tags,
        summary: '设置某年全市或某地区的月报截止日与序时进度口径（新增或替换）',
        body: RuleBody,
        response: { 200: RuleSchema },
      },
      config: { access: PROGRESS_ROLES.rules },
    },
    async (request) => saveRule(services, requestContext(request), request.body),
  );
};
