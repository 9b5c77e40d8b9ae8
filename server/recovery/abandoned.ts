import { ALL_STATUSES, isDone } from '../../shared';
import type { Queryable } from '../store/db';
import { recordChange } from '../changes/change-log';
import { SYSTEM } from './actors';
import { audit } from './audit';
import { createLeadFromCall } from './create-lead';
import type { CallRow } from './calls-repo';

// From the shared rule, so a new Done status cannot be missed here.
export const DONE = `(${ALL_STATUSES.filter(isDone).map((st) => `'${st}'`).join(', ')})`;

export const abandonedWhy = (waited: number) => `Hung up after ${waited} s in queue before reaching an agent.`;
export const joinedWhy = (attempt: number, why: string) => `Called again (attempt ${attempt}). ${why}`;

/**
 * Whether a call ended in a way the workflow calls abandoned. `forwarded` means our routing
 * sent the caller to the number's forwarding number; a carrier-forwarded call (Twilio's
 * ForwardedFrom) that hangs up in queue is abandoned like any other.
 */
export function isAbandoned(call: CallRow): boolean {
  return call.queue_result === 'hangup' && !call.forwarded && !call.voicemail && call.direction === 'inbound';
}

/**
 * Files an abandoned call: a new entry, or, when the same number already has an entry in the
 * same account that is not Done, one more attempt on that entry. Safe to call twice for the
 * same call: the second time it finds the call already linked and does nothing.
 */
export async function fileAbandonedCall(q: Queryable, call: CallRow, now: Date): Promise<string | null> {
  if (!isAbandoned(call) || !call.account_id || !call.customer_e164) return null;
  // Filing links the call to its entry (followup_lead_id) in the same transaction; a call that
  // hung up in queue is never linked to any other kind of lead.
  if (call.followup_lead_id) return call.followup_lead_id;
  const waited = call.queue_time ?? call.duration_seconds ?? 0;
  return fileAbandonedEntry(q, { ...call, account_id: call.account_id, customer_e164: call.customer_e164 }, { waited, why: abandonedWhy(waited) }, now);
}

/**
 * A caller who never reached a person: a new entry, or one more attempt on the open entry of
 * the same number in the same account. Used for queue hang-ups and for callers who left the
 * Voice Agent before it could book.
 */
export async function fileAbandonedEntry(
  q: Queryable,
  call: CallRow & { account_id: string; customer_e164: string },
  o: { waited: number; why: string },
  now: Date,
): Promise<string> {
  const endedAt = call.ended_at ?? now;
  const waited = o.waited;
  const [open] = await q.query<{ id: string; attempts: number }>(
    `select id, attempts from leads
      where account_id = $1 and kind = 'abandoned' and phone = $2 and status not in ${DONE}
      order by created_at limit 1 for update`,
    [call.account_id, call.customer_e164],
  );
  const customer = call.caller_name ?? call.customer_e164;
  if (open) {
    await q.query(
      `update leads set attempts = attempts + 1, ended_at = greatest(ended_at, $2), duration_seconds = $3,
              customer_name = coalesce(customer_name, $4), queue_id = coalesce($5, queue_id),
              campaign_id = coalesce($6, campaign_id)
        where id = $1`,
      [open.id, endedAt, waited, call.caller_name, call.queue_id, call.campaign_id],
    );
    await q.query('insert into lead_calls (lead_id, call_sid) values ($1, $2)', [open.id, call.call_sid]);
    await q.query('update calls set followup_lead_id = $2 where call_sid = $1', [call.call_sid, open.id]);
    await audit(q, {
      leadId: open.id,
      at: now,
      actor: SYSTEM,
      action: 'call_joined',
      why: joinedWhy(open.attempts + 1, o.why),
    });
    await recordChange(q, { leadId: open.id, accountId: call.account_id, kind: 'abandoned', created: false, customer }, now);
    return open.id;
  }

  return createLeadFromCall(
    q,
    { ...call, account_id: call.account_id, customer_e164: call.customer_e164 },
    { kind: 'abandoned', endedAt, durationSeconds: waited, why: o.why },
    now,
  );
}
