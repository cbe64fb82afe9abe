import { sql } from 'kysely';
import type { RequestContext, Tx } from '../../context.ts';

/** Who did it, from where, in which request: all an audit row needs of the context. */
export type AuditContext = { actor: Pick<RequestContext['actor'], 'userId' | 'name'> } & Pick<
  RequestContext,
  'ip' | 'requestId'
>;

export type AuditEntry = {
  action: string;
  objectType?: string;
  objectId?: string;
  before?: unknown;
  after?: unknown;
};

/** Writes one audit event inside the caller's transaction, so a change and its record commit together. */
export async function recordAudit(trx: Tx, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_events')
    .values({
      at: new Date(),
      actor_id: ctx.actor.userId,
      actor_name: ctx.actor.name,
      ip: ctx.ip,
      action: entry.action,
      object_type: entry.objectType ?? null,
      object_id: entry.objectId ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      request_id: ctx.requestId,
    })
    .execute();
}

/**
 * Writes many audit events in one statement, for batches (a monthly sheet of 10 000 reports) where
 * an insert per event, or ten bound parameters per event, would dominate the transaction: the
 * events travel as one JSON parameter and keep their order. Same rows as {@link recordAudit}.
 */
export async function recordAuditMany(trx: Tx, ctx: AuditContext, entries: readonly AuditEntry[]) {
  if (entries.length === 0) return;
  const events = JSON.stringify(
    entries.map((entry) => ({
      action: entry.action,
      object_type: entry.objectType ?? null,
      object_id: entry.objectId ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
    })),
  );
  await sql`
    insert into audit_events (at, actor_id, actor_name, ip, action, object_type, object_id, before, after, request_id)
    select ${new Date()}::timestamptz, ${ctx.actor.userId}::uuid, ${ctx.actor.name}, ${ctx.ip},
           e.value ->> 'action', e.value ->> 'object_type', e.value ->> 'object_id',
           nullif(e.value -> 'before', 'null'::jsonb), nullif(e.value -> 'after', 'null'::jsonb),
           ${ctx.requestId}
      from jsonb_array_elements(${events}::jsonb) with ordinality as e(value, position)
     order by e.position`.execute(trx);
}
