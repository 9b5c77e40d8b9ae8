import type { CallOutcome } from '../../shared';
import type { Queryable } from '../store/db';
import { recordChange } from '../changes/change-log';
import { SYSTEM } from './actors';
import { audit } from './audit';
import type { CallRow } from './calls-repo';

const OUTCOME_WORDS: Record<string, string> = {
  completed: 'answered',
  busy: 'busy',
  'no-answer': 'no answer',
  canceled: 'hung up before an answer',
  failed: 'failed',
};

export function callbackWhy(call: Pick<CallRow, 'answered' | 'duration_seconds' | 'call_status' | 'call_sid'>, agentName: string | null): string {
  const words = call.answered ? `answered, ${call.duration_seconds ?? 0} s` : (OUTCOME_WORDS[call.call_status ?? ''] ?? call.call_status ?? 'ended');
  return `${agentName ? `${agentName} called back` : 'Called back'}: ${words} (call ${call.call_sid}).`;
}

/**
 * A callback placed from a lead is listed on that lead once it has ended, with its outcome in
 * the history ("Called back: no answer", "answered, 45 s"), so the next agent sees what was
 * tried without opening the call log.
 */
export async function recordCallbackOnLead(q: Queryable, call: CallRow, now: Date): Promise<void> {
  if (!call.lead_id || call.lead_linked || call.direction !== 'outbound' || call.status_rank < 4) return;
  const [lead] = await q.query<{ id: string; account_id: string; kind: 'abandoned' | 'second_chance'; phone: string; customer_name: string | null }>(
    'select id, account_id, kind, phone, customer_name from leads where id = $1',
    [call.lead_id],
  );
  await q.query('update calls set lead_linked = true where call_sid = $1', [call.call_sid]);
  if (!lead || lead.account_id !== call.account_id) return;
  await q.query('insert into lead_calls (lead_id, call_sid) values ($1, $2) on conflict do nothing', [lead.id, call.call_sid]);
  // A callback is a contact attempt even when nobody set the status for it.
  await q.query('update leads set first_contact_at = least(coalesce(first_contact_at, $2), $2) where id = $1', [lead.id, call.started_at ?? now]);
  const [agent] = call.agent_id ? await q.query<{ name: string }>('select name from users where id = $1', [call.agent_id]) : [];
  await audit(q, {
    leadId: lead.id,
    at: now,
    actor: SYSTEM,
    action: 'call_joined',
    why: callbackWhy(call, agent?.name ?? null),
  });
  await recordChange(q, { leadId: lead.id, accountId: lead.account_id, kind: lead.kind, created: false, customer: lead.customer_name ?? lead.phone }, now);
}

/** The carrier's final statuses of a call nobody answered, as the softphone names the outcome. */
const UNANSWERED: Record<string, CallOutcome> = { busy: 'busy', 'no-answer': 'no_answer', canceled: 'canceled', failed: 'failed' };

/**
 * How this agent's last callback from the lead ended, or null when they placed none or the
 * carrier has not yet said how it ended (a desk may push right as the call ends; it is not
 * refused on a guess). The server checks a voicemail flag against it (shared afterCallRefusal).
 */
export async function lastCallbackOutcome(q: Queryable, lead: { id: string; account_id: string; phone: string }, agentId: string): Promise<CallOutcome | null> {
  // By the customer's number first, so the calls_customer index finds the few calls to them.
  const [call] = await q.query<{ answered: boolean; call_status: string | null }>(
    `select answered, call_status from calls
      where account_id = $1 and customer_e164 = $2 and lead_id = $3 and agent_id = $4 and direction = 'outbound'
      order by started_at desc nulls last limit 1`,
    [lead.account_id, lead.phone, lead.id, agentId],
  );
  if (!call) return null;
  return call.answered ? 'answered' : (UNANSWERED[call.call_status ?? ''] ?? null);
}
