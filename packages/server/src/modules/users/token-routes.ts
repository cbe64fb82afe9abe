import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../context.ts';
import { requestContext } from '../../plugins/auth.ts';
import { CreateTokenBody, IdParams, TokenSchema } from './schemas.ts';
import { createToken, listTokens, revokeToken } from './service.ts';

const admin = ['admin'] as const;

export const tokenRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/api/tokens',
    {
      schema: { tags: ['users'], summary: 'API 令牌列表', response: { 200: Type.Array(TokenSchema) } },
      config: { access: admin },
    },
    async () => listTokens(services),
  );

  app.post(
    '/api/tokens',
    {
      schema: {
        tags: ['users'],
        summary: '签发 API 令牌（明文只显示一次）',
        body: CreateTokenBody,
        response: { 201: Type.Intersect([TokenSchema, Type.Object({ secret: Type.String() })]) },
      },
      config: { access: admin },
    },
    async (request, reply) =>
      reply.status(201).send(await createToken(services, requestContext(request), request.body)),
  );

  app.delete(
    '/api/tokens/:id',
    {
      schema: { tags: ['users'], summary: '吊销 API 令牌', params: IdParams, response: { 200: TokenSchema } },
      config: { access: admin },
    },
    async (request) => revokeToken(services, requestContext(request), request.params.id),
  );
};
