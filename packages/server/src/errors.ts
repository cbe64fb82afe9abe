import type { FastifyError, FastifyInstance } from 'fastify';

export const ERROR_STATUS = {
  VALIDATION: 400,
  BAD_FILE: 400,
  UNAUTHENTICATED: 401,
  PASSWORD_CHANGE_REQUIRED: 403,
  FORBIDDEN: 403,
  CSRF: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  // The request was well formed but its content (an uploaded sheet's rows) cannot be accepted.
  UNPROCESSABLE: 422,
  LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorDetail = { field?: string; row?: number; column?: string; value?: unknown; reason: string };

/**
 * The one error type services throw. `message` is for the user, in Chinese; details list every
 * field or row at fault so a form or an import dialog can show them all at once.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;
  readonly current: unknown;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: ErrorDetail[]; current?: unknown } = {},
  ) {
    super(message);
    this.code = code;
    this.details = options.details;
    this.current = options.current;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = '对象') => new AppError('NOT_FOUND', `${what}不存在或无权访问`);

type AjvError = { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string };

function fieldName(error: AjvError): string {
  const base = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'required')
    return [base, String(error.params.missingProperty)].filter(Boolean).join('.');
  if (error.keyword === 'additionalProperties') {
    return [base, String(error.params.additionalProperty)].filter(Boolean).join('.');
  }
  return base || '(请求体)';
}

/** Schema violations in Chinese, one per field, for forms and API clients alike. */
export function describeValidation(error: AjvError): string {
  const p = error.params;
  switch (error.keyword) {
    case 'required':
      return '必填';
    case 'additionalProperties':
      return '不允许的字段';
    case 'type':
      return `类型应为 ${String(p.type)}`;
    case 'maxLength':
      return `长度不能超过 ${String(p.limit)} 个字符`;
    case 'minLength':
      return Number(p.limit) <= 1 ? '不能为空' : `长度不能少于 ${String(p.limit)} 个字符`;
    case 'minimum':
      return `不能小于 ${String(p.limit)}`;
    case 'maximum':
      return `不能大于 ${String(p.limit)}`;
    case 'enum':
    case 'const':
    case 'anyOf':
      return '取值不在允许范围内';
    case 'pattern':
      return '格式不正确';
    case 'format':
      return `格式应为 ${String(p.format)}`;
    case 'maxItems':
      return `最多 ${String(p.limit)} 项`;
    case 'minProperties':
      return '至少需要一个字段';
    default:
      return error.message ?? '不合法';
  }
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const requestId = request.id;
    if (error instanceof AppError) {
      return reply.status(error.status).send({
        error: {
          code: error.code,
          message: error.message,
          ...(error.details ? { details: error.details } : {}),
          ...(error.current !== undefined ? { current: error.current } : {}),
          requestId,
        },
      });
    }
    const validation = (error as FastifyError).validation as AjvError[] | undefined;
    if (validation) {
      const context = (error as FastifyError).validationContext ?? 'body';
      const details = validation.map((item) => ({
        field: `${context}.${fieldName(item)}`,
        reason: describeValidation(item),
      }));
      return reply.status(400).send({
        error: {
          code: 'VALIDATION',
          message: '请求内容不合法：' + details.map((d) => `${d.field} ${d.reason}`).join('；'),
          details,
          requestId,
        },
      });
    }
    const database = fromDatabaseError(error);
    if (database) {
      return reply.status(ERROR_STATUS[database.code]).send({ error: { ...database, requestId } });
    }
    const status = (error as FastifyError).statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'unhandled error');
      return reply
        .status(500)
        .send({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试', requestId } });
    }
    // Fastify's own 4xx (malformed JSON, wrong content type, body too large, rate limit …).
    const code = statusCode(status);
    return reply
      .status(status)
      .send({ error: { code, message: translateFrameworkError(error as FastifyError), requestId } });
  });
}

/**
 * Races the checks inside a service cannot close (two requests registering the same new code in
 * the same instant, a row deleted under a reference) surface as constraint violations. They are
 * the caller's conflict, not a server fault.
 */
function fromDatabaseError(error: unknown): { code: ErrorCode; message: string } | undefined {
  const sqlState =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  switch (sqlState) {
    case '23505':
      return { code: 'CONFLICT', message: '数据与已有记录重复（可能刚被他人登记），请刷新后重试' };
    case '40001':
    case '40P01':
      return { code: 'CONFLICT', message: '数据正被他人同时修改，请刷新后重试' };
    case '23503':
      return { code: 'VALIDATION', message: '引用的数据不存在或已被删除' };
    default:
      return undefined;
  }
}

function statusCode(status: number): string {
  const entry = Object.entries(ERROR_STATUS).find(([, value]) => value === status);
  return entry ? entry[0] : status >= 400 && status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
}

function translateFrameworkError(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return '不支持的请求内容类型';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return '请求内容过大';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return '请求体不能为空';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return '请求体不是合法的 JSON';
    default:
      return (error.statusCode === 429 ? '请求过于频繁，请稍后再试' : error.message) || '请求不合法';
  }
}
