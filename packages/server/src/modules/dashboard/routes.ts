import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Role } from '@beacon/domain';
import type { Services } from '../../context.ts';
import { requestContext } from '../../plugins/auth.ts';
import {
  DashboardReply,
  MapReply,
  MarkerQuery,
  MarkersReply,
  MyProjectsReply,
  PeriodQuery,
} from './schemas.ts';
import { dashboard, mapOfRoot, markers, myProjects } from './service.ts';

const tags = ['dashboard'];
const READ: readonly Role[] = ['admin', 'city', 'county', 'department', 'owner', 'leader'];

export const dashboardRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.get(
    '/api/dashboard',
    {
      schema: {
        tags,
        summary: '挂图作战数据：指标卡片、亮灯与开工、月度趋势、各地区地图数据（按用户范围）',
        querystring: PeriodQuery,
        response: { 200: DashboardReply },
      },
      config: { access: READ },
    },
    async (request) => dashboard(services, requestContext(request), request.query),
  );

  app.get(
    '/api/dashboard/markers',
    {
      schema: {
        tags,
        summary: '地图上的项目点位及亮灯（本人范围内、有坐标的项目）',
        querystring: MarkerQuery,
        response: { 200: MarkersReply },
      },
      config: { access: READ },
    },
    async (request) => markers(services, requestContext(request), request.query),
  );

  app.get(
    '/api/dashboard/my-projects',
    {
      schema: {
        tags,
        summary: '领办领导的项目及本月亮灯原因',
        querystring: PeriodQuery,
        response: { 200: MyProjectsReply },
      },
      config: { access: ['leader'] },
    },
    async (request) => myProjects(services, requestContext(request), request.query),
  );

  app.get(
    '/api/map',
    {
      schema: {
        tags,
        summary: '所配置城市的县级行政区边界（GeoJSON，随根行政区代码变化）',
        response: { 200: MapReply },
      },
      config: { access: READ },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'private, max-age=86400');
      return mapOfRoot(services);
    },
  );
};
