import type { AuditEvent } from '../../shared';
import type { Queryable } from '../store/db';
import type { Actor } from './actors';

/** Every change to a lead leaves one of these: who or what, when, from -> to, why. */
export async function audit(
  q: Queryable,
  e: { leadId: string; at: Date; actor: Actor; action: AuditEvent['action']; from?: string | null; to?: string | null; why?: string | null },
): Promise<void> {
  await q.query(
    `insert into audit_events (lead_id, at, actor_kind, actor_id, actor_name, action, from_value, to_value, why)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [e.leadId, e.at, e.actor.kind, e.actor.id, e.actor.name, e.action, e.from ?? null, e.to ?? null, e.why ?? null],
  );
}
