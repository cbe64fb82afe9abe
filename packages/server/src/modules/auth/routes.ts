import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { hashToken, requestContext, SESSION_COOKIE } from '../../plugins/auth.ts';
import { ChangePasswordBody, LoginBody, OkReply, SessionReply } from './schemas.ts';
import { changePassword, currentUser, login, logout } from './service.ts';

export const authRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/api/auth/login',
    {
      schema: { tags: ['auth'], summary: '登录', body: LoginBody, response: { 200: SessionReply } },
      config: {
        access: 'public',
        rateLimit: { max: services.config.rateLimits.login, timeWindow: '1 minute' },
      },
    },
    async (request, reply) => {
      const previous = request.cookies[SESSION_COOKIE];
      const result = await login(services, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: request.id,
        previousTokenHash: previous ? hashToken(previous) : null,
      });
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: 'auto',
      });
      return { user: result.user, csrfToken: result.csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: { tags: ['auth'], summary: '退出登录', response: { 200: OkReply } },
      config: { access: 'authenticated', allowPendingPasswordChange: true },
    },
    async (request, reply) => {
      if (!request.sessionInfo) throw new AppError('VALIDATION', 'API 令牌无需退出登录');
      await logout(services, requestContext(request), request.sessionInfo.tokenHash);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: { tags: ['auth'], summary: '当前用户与 CSRF 令牌', response: { 200: SessionReply } },
      config: { access: 'authenticated', allowPendingPasswordChange: true },
    },
    async (request) => {
      const ctx = requestContext(request);
      if (!ctx.actor.userId || !request.sessionInfo) throw new AppError('FORBIDDEN', 'API 令牌没有会话');
      return {
        user: await currentUser(services, ctx.actor.userId),
        csrfToken: request.sessionInfo.csrfToken,
      };
    },
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: '修改本人密码',
        body: ChangePasswordBody,
        response: { 200: OkReply },
      },
      config: { access: 'authenticated', allowPendingPasswordChange: true },
    },
    async (request) => {
      if (!request.sessionInfo) throw new AppError('FORBIDDEN', 'API 令牌不能修改密码');
      await changePassword(services, requestContext(request), {
        ...request.body,
        keepTokenHash: request.sessionInfo.tokenHash,
      });
      return { ok: true };
    },
  );
};
