import type { z } from 'zod';
import { loadPrincipal, mayWork } from '../auth/principal';
import type { Queryable } from '../store/db';
import * as twiml from './twiml';
import type { clientCallParams } from './params';
import { upsertCall } from '../recovery/calls-repo';
import { takeableCall } from '../voice/waiting-callers';
import { callerIdFor } from '../voice/caller-id';
import { userIdFromClient } from '../voice/identity';

type ClientCall = z.infer<typeof clientCallParams>;

type LeadRow = { id: string; account_id: string; kind: 'abandoned' | 'second_chance'; phone: string };

/**
 * What the TwiML App answers when the softphone places a call. The identity in From was
 * vouched for by Twilio (it is in the token we minted), but the permission is checked here
 * and now: a user who lost the lead's account since the token was minted is refused.
 */
export async function answerClientCall(q: Queryable, p: ClientCall, base: string): Promise<string> {
  const userId = userIdFromClient(p.From);
  const principal = userId ? await loadPrincipal(q, userId) : null;
  if (!principal) return twiml.refuse('This softphone is not signed in to Rebound.');

  if (p.takeCall) {
    const take = await takeableCall(q, principal, p.takeCall);
    if (!take.ok) return twiml.refuse(take.reason);
    return twiml.takeFromQueue(base, { queueId: take.call.queue_id, agentId: principal.userId, customerCallSid: p.takeCall });
  }

  if (!p.leadId) return twiml.refuse('Calls are placed from a lead.');
  const [lead] = await q.query<LeadRow>('select id, account_id, kind, phone from leads where id = $1', [p.leadId]);
  if (!lead || !mayWork(principal, { accountId: lead.account_id, kind: lead.kind })) return twiml.refuse('You cannot call this lead.');
  const callerId = await callerIdFor(q, lead);
  if (!callerId) return twiml.refuse('This account has no number to call from.');
  return twiml.dialCustomer(base, { callerId, number: lead.phone });
}

/** The agent's leg of a callback: who placed it and from which lead, for the customer's leg to inherit. */
export async function onClientCall(q: Queryable, p: ClientCall, now: Date): Promise<void> {
  const userId = userIdFromClient(p.From);
  if (!userId || !p.leadId) return;
  const [lead] = await q.query<{ account_id: string }>('select account_id from leads where id = $1', [p.leadId]);
  if (!lead) return;
  await upsertCall(q, { callSid: p.CallSid, direction: 'client', from: p.From, to: null, at: now });
  await q.query('update calls set agent_id = coalesce(agent_id, $2), lead_id = coalesce(lead_id, $3), account_id = coalesce(account_id, $4) where call_sid = $1', [
    p.CallSid, userId, p.leadId, lead.account_id,
  ]);
}
