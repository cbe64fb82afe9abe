import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../../context.ts';
import { requestContext } from '../../plugins/auth.ts';
import { attachment, byUser } from '../../plugins/files.ts';
import { XLSX_MIME } from '../projects/excel.ts';
import { exportDrillDown, exportTable, type ExcelFile } from './excel.ts';
import { INDICATOR_ROLES } from './policy.ts';
import {
  CodeParams,
  CreateIndicatorBody,
  DrillExportQuery,
  DrillQuery,
  DrillReply,
  IndicatorListReply,
  IndicatorSchema,
  IndicatorTableSchema,
  PutTargetBody,
  TableQuery,
  TargetListQuery,
  TargetListReply,
  TargetParams,
  TargetSchema,
  UpdateIndicatorBody,
  VersionBody,
} from './schemas.ts';
import {
  createIndicator,
  deactivateIndicator,
  deleteTarget,
  drillDown,
  getIndicatorTable,
  listIndicatorsFor,
  listTargets,
  putTarget,
  updateIndicator,
} from './service.ts';

const tags = ['indicators'];
// Fastify sends a Buffer as is; the schema only documents the download.
const XlsxReply = Type.Unsafe<Buffer>({
  type: 'string',
  format: 'binary',
  description: 'Excel (.xlsx) 文件',
});

function sendFile(reply: FastifyReply, file: ExcelFile) {
  return reply
    .header('content-type', XLSX_MIME)
    .header('content-disposition', attachment(file.fileName, file.asciiFileName))
    .header('cache-control', 'no-store')
    .send(file.content);
}

export const indicatorRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const excelLimit = { max: services.config.rateLimits.excel, timeWindow: '1 minute', keyGenerator: byUser };

  app.get(
    '/api/indicators/table',
    {
      schema: {
        tags,
        summary: '投资指标完成情况表（本年 1 月至报告月累计、同比、年度计划完成率、序时进度；按权限范围）',
        description:
          '县（市、区）用户只看到本地区行，不含全市合计；部门、建设单位和领导看到的是其权限范围内项目的数字。',
        querystring: TableQuery,
        response: { 200: IndicatorTableSchema },
      },
      config: { access: INDICATOR_ROLES.read },
    },
    async (request) => getIndicatorTable(services, requestContext(request), request.query),
  );

  app.get(
    '/api/indicators/table.xlsx',
    {
      schema: {
        tags,
        summary: '导出投资指标完成情况表为 Excel',
        querystring: TableQuery,
        produces: [XLSX_MIME],
        response: { 200: XlsxReply },
      },
      config: { access: INDICATOR_ROLES.read, rateLimit: excelLimit },
    },
    async (request, reply) =>
      sendFile(reply, await exportTable(services, requestContext(request), request.query)),
  );

  app.get(
    '/api/indicators/:code/projects',
    {
      schema: {
        tags,
        summary: '指标数字背后的项目（每个项目的本年累计、上年同期、年度计划；分页，按权限范围）',
        description: '项目的各月月报见 GET /api/projects/{id}/reports。',
        params: CodeParams,
        querystring: DrillQuery,
        response: { 200: DrillReply },
      },
      config: { access: INDICATOR_ROLES.read },
    },
    async (request) => drillDown(services, requestContext(request), request.params.code, request.query),
  );

  app.get(
    '/api/indicators/:code/projects.xlsx',
    {
      schema: {
        tags,
        summary: '导出指标数字背后的项目清单为 Excel（含合计行）',
        params: CodeParams,
        querystring: DrillExportQuery,
        produces: [XLSX_MIME],
        response: { 200: XlsxReply },
      },
      config: { access: INDICATOR_ROLES.read, rateLimit: excelLimit },
    },
    async (request, reply) =>
      sendFile(
        reply,
        await exportDrillDown(services, requestContext(request), request.params.code, request.query),
      ),
  );

  app.get(
    '/api/indicators',
    {
      schema: { tags, summary: '指标定义（含已停用）', response: { 200: IndicatorListReply } },
      config: { access: INDICATOR_ROLES.manage },
    },
    async () => listIndicatorsFor(services),
  );

  app.post(
    '/api/indicators',
    {
      schema: { tags, summary: '新增指标', body: CreateIndicatorBody, response: { 201: IndicatorSchema } },
      config: { access: INDICATOR_ROLES.manage },
    },
    async (request, reply) =>
      reply.status(201).send(await createIndicator(services, requestContext(request), request.body)),
  );

  app.patch(
    '/api/indicators/:code',
    {
      schema: {
        tags,
        summary: '修改指标（须携带 version，过期返回 409）',
        params: CodeParams,
        body: UpdateIndicatorBody,
        response: { 200: IndicatorSchema },
      },
      config: { access: INDICATOR_ROLES.manage },
    },
    async (request) => updateIndicator(services, requestContext(request), request.params.code, request.body),
  );

  app.post(
    '/api/indicators/:code/deactivate',
    {
      schema: {
        tags,
        summary: '停用指标（保留目标与历史，可通过修改重新启用）',
        params: CodeParams,
        body: VersionBody,
        response: { 200: IndicatorSchema },
      },
      config: { access: INDICATOR_ROLES.manage },
    },
    async (request) =>
      deactivateIndicator(services, requestContext(request), request.params.code, request.body.version),
  );

  app.get(
    '/api/indicators/:code/targets',
    {
      schema: {
        tags,
        summary: '指标目标（按年度、地区）',
        params: CodeParams,
        querystring: TargetListQuery,
        response: { 200: TargetListReply },
      },
      config: { access: INDICATOR_ROLES.manage },
    },
    async (request) => listTargets(services, request.params.code, request.query.year),
  );

  app.put(
    '/api/indicators/:code/targets',
    {
      schema: {
        tags,
        summary: '设置指标某年度某地区（或默认）的目标；修改已有目标须携带 version',
        params: CodeParams,
        body: PutTargetBody,
        response: { 200: TargetSchema },
      },
      config: { access: INDICATOR_ROLES.manage },
    },
    async (request) => putTarget(services, requestContext(request), request.params.code, request.body),
  );

  app.delete(
    '/api/indicators/:code/targets/:id',
    {
      schema: { tags, summary: '删除目标', params: TargetParams, response: { 200: TargetSchema } },
      config: { access: INDICATOR_ROLES.manage },
    },
    async (request) =>
      deleteTarget(services, requestContext(request), request.params.code, request.params.id),
  );
};
