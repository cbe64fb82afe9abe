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
