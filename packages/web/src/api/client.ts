import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** One row of `error.details`: a form field for validation, or a sheet cell for an import. */
export type ErrorDetail = { field?: string; row?: number; column?: string; value?: unknown; reason: string };

/** The server's single error shape `{ error: { code, message, details?, current?, requestId } }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  readonly current: unknown;
  readonly requestId: string | undefined;

  constructor(
    status: number,
    body: { code: string; message: string; details?: ErrorDetail[]; current?: unknown; requestId?: string },
  ) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.details = body.details ?? [];
    this.current = body.current;
    this.requestId = body.requestId;
  }
}

let csrfToken: string | null = null;
let onSessionLost: ((error: ApiError) => void) | null = null;

/** The session's CSRF token, sent on every state-changing request (returned by login and /me). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Lets the session holder react when the server says the session ended or needs a new password. */
export function setSessionLostHandler(handler: ((error: ApiError) => void) | null): void {
  onSessionLost = handler;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function withCsrf(method: string, headers: Headers): Headers {
  if (csrfToken && UNSAFE_METHODS.has(method.toUpperCase())) headers.set('x-csrf-token', csrfToken);
  return headers;
}

const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    withCsrf(request.method, request.headers);
    return request;
  },
};

export const client = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
client.use(csrfMiddleware);

function isErrorBody(value: unknown): value is { error: ConstructorParameters<typeof ApiError>[1] } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

function toApiError(status: number, body: unknown, url: string): ApiError {
  const error = isErrorBody(body)
    ? new ApiError(status, body.error)
    : new ApiError(status, {
        code: status === 0 ? 'NETWORK' : 'HTTP_' + status,
        message: status === 0 ? '无法连接服务器，请检查网络' : `请求失败（HTTP ${status}）`,
      });
  // A failed login is the login form's business; elsewhere a 401 means the session expired.
  const sessionLost =
    (error.status === 401 && !url.endsWith('/api/auth/login')) || error.code === 'PASSWORD_CHANGE_REQUIRED';
  if (sessionLost) onSessionLost?.(error);
  return error;
}

/** Turns an openapi-fetch result into its data, or throws the server's error as an ApiError. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw toApiError(0, null, '');
  }
  if (!result.response.ok) throw toApiError(result.response.status, result.error, result.response.url);
  return result.data as T;
}

/** For what the typed client cannot express: multipart uploads and file downloads. */
export async function rawFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const method = init.method ?? 'GET';
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      credentials: 'same-origin',
      headers: withCsrf(method, new Headers(init.headers)),
    });
  } catch {
    throw toApiError(0, null, url);
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw toApiError(response.status, body, url);
  }
  return response;
}

/** Builds a query string, leaving out empty values so URLs stay short and readable. */
export function queryString(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
