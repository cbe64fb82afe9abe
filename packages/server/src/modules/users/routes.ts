import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../context.ts';
import { requestContext } from '../../plugins/auth.ts';
import {
  CreateUserBody,
  IdParams,
  ResetPasswordBody,
  UpdateUserBody,
  UserListQuery,
  UserSchema,
} from './schemas.ts';
import { createUser, listUsers, resetPassword, updateUser } from './service.ts';

const admin = ['admin'] as const;

export const userRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: '用户列表',
        querystring: UserListQuery,
        response: { 200: Type.Object({ items: Type.Array(UserSchema), total: Type.Integer() }) },
      },
      config: { access: admin },
    },
    async (request) => listUsers(services, request.query),
  );

  app.post(
    '/api/users',
    {
      schema: { tags: ['users'], summary: '新建用户', body: CreateUserBody, response: { 201: UserSchema } },
      config: { access: admin },
    },
    async (request, reply) =>
      reply.status(201).send(await createUser(services, requestContext(request), request.body)),
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: '修改用户',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: UserSchema },
      },
      config: { access: admin },
    },
    async (request) => updateUser(services, requestContext(request), request.params.id, request.body),
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      schema: {
        tags: ['users'],
        summary: '重置密码（下次登录须修改）',
        params: IdParams,
        body: ResetPasswordBody,
        response: { 200: UserSchema },
      },
      config: { access: admin },
    },
    async (request) => resetPassword(services, requestContext(request), request.params.id, request.body),
  );
};
