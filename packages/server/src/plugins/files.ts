import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * Receives the one file of a multipart upload. `maxBytes` narrows the multipart plugin's limit for
 * one route (a photo, not a 20 MB workbook) and names the limit in the refusal.
 */
export async function receiveFile(
  request: FastifyRequest,
  options: { field?: string; what?: string; maxBytes?: number } = {},
): Promise<{ name: string; mimetype: string; content: Buffer }> {
  const field = options.field ?? 'file';
  const missing = () =>
    new AppError('VALIDATION', `请以 multipart/form-data 上传${options.what ?? '文件'}（字段名 ${field}）`, {
      details: [{ field, reason: '必填' }],
    });
  if (!request.isMultipart()) throw missing();
  const part = await request.file(
    options.maxBytes === undefined ? undefined : { limits: { fileSize: options.maxBytes } },
  );
  if (!part || part.fieldname !== field) throw missing();
  try {
    // toBuffer() throws 413 when the upload passes the file-size limit (app.ts, or maxBytes).
    return { name: part.filename, mimetype: part.mimetype, content: await part.toBuffer() };
  } catch (error) {
    if (options.maxBytes !== undefined && (error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE') {
      const megabytes = options.maxBytes / 1024 / 1024;
      throw new AppError('PAYLOAD_TOO_LARGE', `${options.what ?? '文件'}不能超过 ${megabytes} MB`);
    }
    throw error;
  }
}

/** RFC 6266 with RFC 5987: an ASCII name for old clients, the UTF-8 name for everyone else. */
export function attachment(fileName: string, asciiFileName: string, disposition = 'attachment'): string {
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${disposition}; filename="${asciiFileName}"; filename*=UTF-8''${encoded}`;
}

/**
 * Rate-limit key for uploads and downloads that parse or write whole workbooks: by user, since a
 * whole county office may share one outgoing address.
 */
export const byUser = (request: FastifyRequest) =>
  request.actor?.userId ?? request.actor?.tokenId ?? request.ip;
