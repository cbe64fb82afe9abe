import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import type { Services } from '../../context.ts';

const AuditQuery = Type.Object(
  {
    actor: Type.Optional(Type.String({ maxLength: 100 })),
    action: Type.Optional(Type.String({ maxLength: 64 })),
    objectType: Type.Optional(Type.String({ maxLength: 64 })),
    objectId: Type.Optional(Type.String({ maxLength: 64 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    page: Type.Integer({ minimum: 1, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);

const AuditEvent = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  objectType: Type.Union([Type.String(), Type.Null()]),
  objectId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  requestId: Type.Union([Type.String(), Type.Null()]),
});

export const auditRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志查询',
        querystring: AuditQuery,
        response: { 200: Type.Object({ items: Type.Array(AuditEvent), total: Type.Integer() }) },
      },
      config: { access: ['admin'] },
    },
    async (request) => {
      const q = request.query;
      let base = services.db.selectFrom('audit_events');
      if (q.actor) {
        const like = `%${q.actor.replace(/[\\%_]/g, '\\$&')}%`;
        base = base.where((eb) =>
          eb.or([eb('actor_name', 'ilike', like), eb(sql<string>`actor_id::text`, '=', q.actor!)]),
        );
      }
      if (q.action) base = base.where('action', 'like', `${q.action.replace(/[\\%_]/g, '\\$&')}%`);
      if (q.objectType) base = base.where('object_type', '=', q.objectType);
      if (q.objectId) base = base.where('object_id', '=', q.objectId);
      if (q.from) base = base.where('at', '>=', new Date(q.from));
      if (q.to) base = base.where('at', '<', new Date(q.to));
      const [rows, total] = await Promise.all([
        base
          .selectAll()
          .orderBy('id', 'desc')
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize)
          .execute(),
        base.select(sql<string>`count(*)`.as('count')).executeTakeFirstOrThrow(),
      ]);
      return {
        total: Number(total.count),
        items: rows.map((row) => ({
          id: row.id,
          at: row.at.toISOString(),
          actorId: row.actor_id,
          actorName: row.actor_name,
          ip: row.ip,
          action: row.action,
          objectType: row.object_type,
          objectId: row.object_id,
          before: row.before,
          after: row.after,
          requestId: row.request_id,
        })),
      };
    },
  );
};
