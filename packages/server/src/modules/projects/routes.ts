import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../context.ts';
import { requestContext } from '../../plugins/auth.ts';
import { PROJECT_ROLES } from './policy.ts';
import {
  CreateProjectBody,
  ProjectIdParams,
  ProjectListQuery,
  ProjectListReply,
  ProjectSchema,
  UpdateProjectBody,
} from './schemas.ts';
import { createProject, getProject, listProjectsFor, updateProject } from './service.ts';
import { projectExcelRoutes } from './excel-routes.ts';

export const projectRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/api/projects',
    {
      schema: {
        tags: ['projects'],
        summary: '项目列表（筛选、排序、分页，附筛选结果的数量与总投资）',
        querystring: ProjectListQuery,
        response: { 200: ProjectListReply },
      },
      config: { access: PROJECT_ROLES.read },
    },
    async (request) => listProjectsFor(services, requestContext(request), request.query),
  );

  app.post(
    '/api/projects',
    {
      schema: {
        tags: ['projects'],
        summary: '登记项目',
        body: CreateProjectBody,
        response: { 201: ProjectSchema },
      },
      config: { access: PROJECT_ROLES.create },
    },
    async (request, reply) =>
      reply.status(201).send(await createProject(services, requestContext(request), request.body)),
  );

  app.get(
    '/api/projects/:id',
    {
      schema: {
        tags: ['projects'],
        summary: '项目详情',
        params: ProjectIdParams,
        response: { 200: ProjectSchema },
      },
      config: { access: PROJECT_ROLES.read },
    },
    async (request) => getProject(services, requestContext(request), request.params.id),
  );

  app.patch(
    '/api/projects/:id',
    {
      schema: {
        tags: ['projects'],
        summary: '修改项目（须携带读取时的 version；版本过期返回 409 与当前值）',
        params: ProjectIdParams,
        body: UpdateProjectBody,
        response: { 200: ProjectSchema },
      },
      config: { access: PROJECT_ROLES.update },
    },
    async (request) => updateProject(services, requestContext(request), request.params.id, request.body),
  );

  await app.register(projectExcelRoutes, { services });
};
