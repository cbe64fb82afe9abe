import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../context.ts';
import { requestContext } from '../../plugins/auth.ts';
import { attachment, byUser, receiveFile } from '../../plugins/files.ts';
import { XLSX_MIME } from './excel.ts';
import { exportProjects, importProjects } from './import.ts';
import { PROJECT_ROLES } from './policy.ts';
import { ImportQuery, ImportReport, ProjectExportQuery } from './schemas.ts';

export const projectExcelRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.post(
    '/api/projects/import',
    {
      schema: {
        tags: ['projects'],
        summary: '从 Excel 导入项目（dryRun=true 只校验不写入；提交时任一行有错则全部不写入）',
        description:
          'multipart/form-data，文件字段名 file（.xlsx）。mapping 为 URL 编码的 JSON：表头文字 → 字段名（或 null 忽略该列）。',
        consumes: ['multipart/form-data'],
        querystring: ImportQuery,
        response: { 200: ImportReport },
      },
      config: {
        access: PROJECT_ROLES.import,
        rateLimit: { max: services.config.rateLimits.excel, timeWindow: '1 minute', keyGenerator: byUser },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      const file = await receiveFile(request);
      return importProjects(services, ctx, {
        file: file.content,
        fileName: file.name,
        dryRun: request.query.dryRun,
        mapping: request.query.mapping,
      });
    },
  );

  app.get(
    '/api/projects/export',
    {
      schema: {
        tags: ['projects'],
        summary: '按列表的筛选条件导出项目为 Excel（表头与导入一致，可改后再导入）',
        querystring: ProjectExportQuery,
        produces: [XLSX_MIME],
        // Fastify sends a Buffer as is; the schema only documents the download.
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'Excel (.xlsx) 文件' }),
        },
      },
      config: {
        access: PROJECT_ROLES.read,
        rateLimit: { max: services.config.rateLimits.excel, timeWindow: '1 minute', keyGenerator: byUser },
      },
    },
    async (request, reply) => {
      const file = await exportProjects(services, requestContext(request), request.query);
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachment(file.fileName, file.asciiFileName))
        .header('cache-control', 'no-store')
        .send(file.content);
    },
  );
};
