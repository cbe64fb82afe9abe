import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { requestContext } from '../../plugins/auth.ts';
import { XLSX_MIME } from './excel.ts';
import { exportProjects, importProjects } from './import.ts';
import { PROJECT_ROLES } from './policy.ts';
import { ImportQuery, ImportReport, ProjectExportQuery } from './schemas.ts';

const FILE_FIELD = 'file';

async function receiveFile(request: FastifyRequest): Promise<{ name: string; content: Buffer }> {
  const missing = () =>
    new AppError('VALIDATION', '请以 multipart/form-data 上传 Excel 文件（字段名 file）', {
      details: [{ field: FILE_FIELD, reason: '必填' }],
    });
  if (!request.isMultipart()) throw missing();
  const part = await request.file();
  if (!part || part.fieldname !== FILE_FIELD) throw missing();
  // toBuffer() throws 413 when the upload passes the multipart file-size limit set in app.ts.
  return { name: part.filename, content: await part.toBuffer() };
}

/** RFC 6266 with RFC 5987: an ASCII name for old clients, the UTF-8 name for everyone else. */
function attachment(fileName: string, asciiFileName: string): string {
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${asciiFileName}"; filename*=UTF-8''${encoded}`;
}

// Imports parse and write thousands of rows; keyed by user, since a whole county office may share
// one outgoing address.
const byUser = (request: FastifyRequest) => request.actor?.userId ?? request.actor?.tokenId ?? request.ip;

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
