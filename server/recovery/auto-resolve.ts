import { checkTransition, formatDuration } from '../../shared';
import type { Queryable } from '../store/db';
import { recordChange } from '../changes/change-log';
import { SYSTEM } from './actors';
import { audit } from './audit';
import type { CallRow } from './calls-repo';

/** A conversation must be longer than this to resolve an abandoned entry by itself. */
export const AUTO_RESOLVE_TALK_SECONDS = 30;

export function resolvedWhy(call: Pick<CallRow, 'direction' | 'talk_seconds' | 'call_sid'>): string {
  const direction = call.direction === 'inbound' ? 'called back in' : 'was called back';
  return `The customer ${direction} and talked to an agent for ${formatDuration(call.talk_seconds)} (call ${call.call_sid}).`;
}

/**
 * When a caller with open abandoned entries later talks to an agent for more than 30 seconds,
 * in either direction, those entries resolve themselves, naming the call that did it.
 */
export async function autoResolveFromCall(q: Queryable, call: CallRow, now: Date): Promise<string[]> {
  if (call.resolve_checked || !call.answered || call.talk_seconds === null) return [];
  if (!call.account_id || !call.customer_e164) return [];
  await q.query('update calls set resolve_checked = true where call_sid = $1', [call.call_sid]);
  if (call.talk_seconds <= AUTO_RESOLVE_TALK_SECONDS) return [];

  const callStart = call.started_at ?? call.ended_at ?? now;
  const open = await q.query<{ id: string; status: 'new' | 'contact_attempted' | 'follow_up_needed'; phone: string; customer_name: string | null }>(
    `select id, status, phone, customer_name from leads
      where account_id = $1 and kind = 'abandoned' and phone = $2
        and status in ('new', 'contact_attempted', 'follow_up_needed') and ended_at <= $3
      for update`,
    [call.account_id, call.customer_e164, callStart],
  );
  const resolved: string[] = [];
  for (const lead of open) {
    if (!checkTransition('abandoned', lead.status, 'resolved', 'system').ok) continue;
    await q.query(`update leads set status = 'resolved', resolved_by_call_sid = $2 where id = $1`, [lead.id, call.call_sid]);
    await q.query('insert into lead_calls (lead_id, call_sid) values ($1, $2) on conflict do nothing', [lead.id, call.call_sid]);
    await audit(q, {
      leadId: lead.id,
      at: now,
      actor: SYSTEM,
      action: 'status',
      from: lead.status,
      to: 'resolved',
      why: resolvedWhy(call),
    });
    await recordChange(
      q,
      { leadId: lead.id, accountId: call.account_id, kind: 'abandoned', created: false, customer: lead.customer_name ?? lead.phone },
      now,
    );
    resolved.push(lead.id);
  }
  return resolved;
}
