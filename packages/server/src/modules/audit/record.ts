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
 * an insert per event would dominate the transaction. Same rows as {@link recordAudit}.
 */
export async function recordAuditMany(trx: Tx, ctx: AuditContext, entries: readonly AuditEntry[]) {
  const at = new Date();
  // PostgreSQL binds at most 65 535 parameters per statement; an event binds ten.
  for (let start = 0; start < entries.length; start += 5000) {
    await trx
      .insertInto('audit_events')
      .values(
        entries.slice(start, start + 5000).map((entry) => ({
          at,
          actor_id: ctx.actor.userId,
          actor_name: ctx.actor.name,
          ip: ctx.ip,
          action: entry.action,
          object_type: entry.objectType ?? null,
          object_id: entry.objectId ?? null,
          before: entry.before === undefined ? null : JSON.stringify(entry.before),
          after: entry.after === undefined ? null : JSON.stringify(entry.after),
          request_id: ctx.requestId,
        })),
      )
      .execute();
  }
}
