import { sql } from 'kysely';
import type { Static } from 'typebox';
import type { Services } from '../../context.ts';
import type { AuditQuery } from './routes.ts';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/** Searches the trail by actor (name or id), action prefix, object and time window, newest first. */
export async function searchAudit(services: Services, q: Static<typeof AuditQuery>) {
  let base = services.db.selectFrom('audit_events');
  if (q.actor) {
    const actor = q.actor;
    base = base.where((eb) =>
      eb.or([
        eb('actor_name', 'ilike', `%${escapeLike(actor)}%`),
        eb(sql<string>`actor_id::text`, '=', actor),
      ]),
    );
  }
  if (q.action) base = base.where('action', 'like', `${escapeLike(q.action)}%`);
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
}
