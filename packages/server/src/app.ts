import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Services } from './context.ts';
import { registerErrorHandler } from './errors.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { authRoutes } from './modules/auth/routes.ts';
import { dashboardRoutes } from './modules/dashboard/routes.ts';
import { healthRoutes } from './modules/health/routes.ts';
import { indicatorRoutes } from './modules/indicators/routes.ts';
import { planRoutes } from './modules/plans/routes.ts';
import { projectRoutes } from './modules/projects/routes.ts';
import { progressRoutes } from './modules/progress/routes.ts';
import { regionRoutes } from './modules/regions/routes.ts';
import { tokenRoutes } from './modules/users/token-routes.ts';
import { userRoutes } from './modules/users/routes.ts';
import { warningRoutes } from './modules/warnings/routes.ts';
import { registerAuth, type Access } from './plugins/auth.ts';
import { registerValidation } from './plugins/validation.ts';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export type RouteInfo = { method: string; url: string; access: Access };

export type BuildOptions = { services: Services; logger?: boolean | object; serveWeb?: boolean };

/** Builds the application without listening, so tests drive it through inject(). */
export async function buildApp({ services, logger = false, serveWeb = false }: BuildOptions) {
  const app = Fastify({
    logger,
    trustProxy: services.config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // The route table the authorization test walks: every route must say who may call it.
  const routes: RouteInfo[] = [];
  app.decorate('routeTable', routes);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const access = route.config?.access;
    if (access === undefined) throw new Error(`Route ${route.method} ${route.url} declares no access rule`);
    for (const method of [route.method].flat())
      if (method !== 'HEAD') routes.push({ method, url: route.url, access });
  });

  registerValidation(app);
  registerErrorHandler(app);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Beacon API', description: '投资项目全链条管理平台接口', version: '1.0.0' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'beacon_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  registerAuth(app, services);

  await app.register(healthRoutes, { services });
  await app.register(authRoutes, { services });
  await app.register(regionRoutes, { services });
  await app.register(userRoutes, { services });
  await app.register(tokenRoutes, { services });
  await app.register(auditRoutes, { services });
  await app.register(projectRoutes, { services });
  await app.register(planRoutes, { services });
  await app.register(progressRoutes, { services });
  await app.register(indicatorRoutes, { services });
  await app.register(warningRoutes, { services });
  await app.register(dashboardRoutes, { services });

  const webBuilt = serveWeb && fs.existsSync(path.join(WEB_DIST, 'index.html'));
  if (webBuilt) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    // The console is a single-page app: any other GET outside /api is one of its routes.
    if (webBuilt && request.method === 'GET' && !request.url.startsWith('/api/'))
      return reply.sendFile('index.html');
    return reply
      .status(404)
      .send({ error: { code: 'NOT_FOUND', message: '接口不存在', requestId: request.id } });
  });
  return app;
}

declare module 'fastify' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- augmenting a library type needs declaration merging
  interface FastifyInstance {
    routeTable: RouteInfo[];
  }
}

export type App = FastifyInstance;
