import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '@beacon/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { scopeOf, type Actor, type RequestContext, type Services } from '../context.ts';
import { AppError } from '../errors.ts';

export const SESSION_COOKIE = 'beacon_session';

/** Who may call a route: 'public', 'authenticated' (any role), or a list of roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];

declare module 'fastify' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- augmenting a library type needs declaration merging
  interface FastifyContextConfig {
    access?: Access;
    /** Routes a user who must change the password may still call. */
    allowPendingPasswordChange?: boolean;
  }
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- augmenting a library type needs declaration merging
  interface FastifyRequest {
    actor: Actor | null;
    sessionInfo: { tokenHash: string; csrfToken: string; mustChangePassword: boolean } | null;
  }
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Writing last_seen_at on every request would make each read a write; a minute is fine-grained
// enough for a 30-minute idle timeout.
const TOUCH_INTERVAL_MS = 60_000;

export function requestContext(request: FastifyRequest): RequestContext {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', '请先登录');
  return { actor: request.actor, ip: request.ip, requestId: request.id };
}

export function registerAuth(app: FastifyInstance, services: Services): void {
  const { db, config } = services;
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionInfo', null);

  app.addHook('onRequest', async (request) => {
    await identify(request);
    authorize(request);
  });

  /** Sets request.actor from a bearer token or a live session cookie; leaves it null otherwise. */
  async function identify(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const token = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', hashToken(header.slice(7).trim()))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!token) return;
      await db
        .updateTable('api_tokens')
        .set({ last_used_at: new Date() })
        .where('id', '=', token.id)
        .execute();
      request.actor = {
        userId: null,
        tokenId: token.id,
        name: `token:${token.name}`,
        role: token.role,
        scope: scopeOf(token.role, {
          userId: null,
          regionCode: token.region_code,
          departmentId: token.department_id,
          enterpriseId: token.enterprise_id,
        }),
      };
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const tokenHash = hashToken(cookie);
    const row = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.csrf_token',
        'sessions.last_seen_at',
        'users.id',
        'users.display_name',
        'users.role',
        'users.region_code',
        'users.department_id',
        'users.enterprise_id',
        'users.disabled',
        'users.must_change_password',
      ])
      .where('sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return;
    const idleMs = Date.now() - row.last_seen_at.getTime();
    if (row.disabled || idleMs > config.sessionIdleMinutes * 60_000) {
      await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
      return;
    }
    if (idleMs > TOUCH_INTERVAL_MS) {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: new Date() })
        .where('token_hash', '=', tokenHash)
        .execute();
    }
    request.sessionInfo = {
      tokenHash,
      csrfToken: row.csrf_token,
      mustChangePassword: row.must_change_password,
    };
    request.actor = {
      userId: row.id,
      tokenId: null,
      name: row.display_name,
      role: row.role,
      scope: scopeOf(row.role, {
        userId: row.id,
        regionCode: row.region_code,
        departmentId: row.department_id,
        enterpriseId: row.enterprise_id,
      }),
    };
  }
}

/**
 * Runs at the end of onRequest, before the body is parsed or validated, so a caller without the
 * right gets 401/403 whatever they sent, and an anonymous upload is never read.
 */
function authorize(request: FastifyRequest): void {
  const access = request.routeOptions.config.access;
  // Every /api route must declare its access (enforced when routes register); what has none
  // is the not-found handler, the static console or the API docs, all public.
  if (access === undefined || access === 'public') return;
  const actor = request.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED', '请先登录');
  if (request.sessionInfo) {
    if (UNSAFE_METHODS.has(request.method) && !csrfMatches(request, request.sessionInfo.csrfToken)) {
      throw new AppError('CSRF', '请求缺少有效的 CSRF 令牌，请刷新页面后重试');
    }
    if (request.sessionInfo.mustChangePassword && !request.routeOptions.config.allowPendingPasswordChange) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED', '请先修改密码');
    }
  }
  if (access !== 'authenticated' && !access.includes(actor.role)) {
    throw new AppError('FORBIDDEN', '当前角色无权执行此操作');
  }
}

function csrfMatches(request: FastifyRequest, expected: string): boolean {
  const sent = request.headers['x-csrf-token'];
  if (typeof sent !== 'string' || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}
