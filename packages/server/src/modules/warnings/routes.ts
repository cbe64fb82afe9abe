import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../context.ts';
import { requestContext } from '../../plugins/auth.ts';
import { attachment, byUser } from '../../plugins/files.ts';
import { ProjectIdParams } from '../projects/schemas.ts';
import { closeMonth } from './close.ts';
import { WARNING_ROLES } from './policy.ts';
import { listRuleSets, putRuleSet } from './rule-sets.ts';
import {
  CloseBody,
  CloseDetailReply,
  CloseIdParams,
  CloseListQuery,
  CloseListReply,
  CloseMetaSchema,
  CloseSummarySchema,
  ProjectLightHistoryReply,
  PublishBody,
  PutRuleSetBody,
  RankingsQuery,
  RankingsReply,
  RuleSetListReply,
  RuleSetQuery,
  RuleSetSchema,
} from './schemas.ts';
import {
  bulletinFile,
  getClose,
  listCloses,
  projectLightHistory,
  publishClose,
  rankings,
} from './service.ts';

const tags = ['warnings'];
// Fastify sends a Buffer as is; the schema only documents the download.
const FileReply = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: '通报文件' });

export const warningRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/api/warning-rules',
    {
      schema: {
        tags,
        summary: '某年的亮灯预警规则（全市及各地区）与可选的预置规则集',
        querystring: RuleSetQuery,
        response: { 200: RuleSetListReply },
      },
      config: { access: WARNING_ROLES.read },
    },
    async (request) => listRuleSets(services.db, request.query.year),
  );

  app.put(
    '/api/warning-rules',
    {
      schema: {
        tags,
        summary: '切换或修改某年（某地区）的预警规则；修改须携带 version，过期返回 409；记入审计',
        body: PutRuleSetBody,
        response: { 200: RuleSetSchema },
      },
      config: { access: WARNING_ROLES.manage },
    },
    async (request) => putRuleSet(services, requestContext(request), request.body),
  );

  app.post(
    '/api/month-closes',
    {
      schema: {
        tags,
        summary: '月度关账：计算全部项目与地区的亮灯并冻结通报内容；同月再次关账为重新发布，须填写原因',
        body: CloseBody,
        response: { 201: CloseSummarySchema },
      },
      config: { access: WARNING_ROLES.manage },
    },
    async (request, reply) => {
      reply.code(201);
      return closeMonth(services, requestContext(request), request.body);
    },
  );

  app.get(
    '/api/month-closes',
    {
      schema: {
        tags,
        summary: '月度关账与通报列表（未发布的仅市指挥部可见）',
        querystring: CloseListQuery,
        response: { 200: CloseListReply },
      },
      config: { access: WARNING_ROLES.read },
    },
    async (request) => listCloses(services, requestContext(request), request.query.year),
  );

  app.get(
    '/api/month-closes/:id',
    {
      schema: {
        tags,
        summary: '通报内容：排名与全市数据公开，项目明细仅限本人范围',
        params: CloseIdParams,
        response: { 200: CloseDetailReply },
      },
      config: { access: WARNING_ROLES.read },
    },
    async (request) => getClose(services, requestContext(request), request.params.id),
  );

  app.post(
    '/api/month-closes/:id/publish',
    {
      schema: {
        tags,
        summary: '发布通报（仅一次），记录发布人',
        params: CloseIdParams,
        body: PublishBody,
        response: { 200: CloseMetaSchema },
      },
      config: { access: WARNING_ROLES.manage },
    },
    async (request) =>
      publishClose(services, requestContext(request), request.params.id, request.body.documentNumber),
  );

  app.get(
    '/api/rankings',
    {
      schema: {
        tags,
        summary: '晾晒：全年逐月各地区排名、名次变化与亮灯数（取各月最新可见版次）',
        querystring: RankingsQuery,
        response: { 200: RankingsReply },
      },
      config: { access: WARNING_ROLES.read },
    },
    async (request) => rankings(services, requestContext(request), request.query.year),
  );

  app.get(
    '/api/projects/:id/lights',
    {
      schema: {
        tags,
        summary: '项目逐月亮灯记录及原因',
        params: ProjectIdParams,
        response: { 200: ProjectLightHistoryReply },
      },
      config: { access: WARNING_ROLES.read },
    },
    async (request) => projectLightHistory(services, requestContext(request), request.params.id),
  );

  const fileLimit = { max: services.config.rateLimits.excel, timeWindow: '1 minute', keyGenerator: byUser };
  for (const kind of ['docx', 'xlsx'] as const) {
    app.get(
      `/api/month-closes/:id/bulletin.${kind}`,
      {
        schema: {
          tags,
          summary: kind === 'docx' ? '通报 Word 文档（公文格式）' : '通报 Excel 工作簿（每张表一页）',
          params: CloseIdParams,
          response: { 200: FileReply },
        },
        config: { access: WARNING_ROLES.read, rateLimit: fileLimit },
      },
      async (request, reply) => {
        const file = await bulletinFile(services, requestContext(request), request.params.id, kind);
        return reply
          .header('content-type', file.mime)
          .header('content-disposition', attachment(file.fileName, file.asciiFileName))
          .header('cache-control', 'no-store')
          .send(file.content);
      },
    );
  }
};
