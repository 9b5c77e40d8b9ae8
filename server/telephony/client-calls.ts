import type { z } from 'zod';
import { claimHeldMessage } from '../../shared';
import { loadPrincipal, mayWork } from '../auth/principal';
import type { Queryable } from '../store/db';
import type { ServerContext } from '../context';
import { transact } from '../store/retry';
import * as twiml from './twiml';
import type { clientCallParams } from './params';
import { upsertCall } from '../recovery/calls-repo';
import { takeableCall } from '../voice/waiting-callers';
import { callerIdFor } from '../voice/caller-id';
import { userIdFromClient } from '../voice/identity';

type ClientCall = z.infer<typeof clientCallParams>;

type LeadRow = {
  id: string;
  account_id: string;
  kind: 'abandoned' | 'second_chance';
  phone: string;
  customer_name: string | null;
  claim_user_id: string | null;
  claim_user_name: string | null;
  claim_expires_at: Date | string | null;
};

/**
 * What the TwiML App answers when the softphone places a call. The identity in From was
 * vouched for by Twilio (it is in the token we minted), but the permission is checked here
 * and now: a user who lost the lead's account since the token was minted is refused.
 *
 * A lead someone else is working (an unexpired claim) is refused too, so two CSRs never call
 * the same customer at once; otherwise the caller takes the claim in the same transaction, so
 * of two desks dialling at once exactly one gets through, whatever their outboxes have sent.
 */
export async function answerClientCall(ctx: ServerContext, p: ClientCall, base: string): Promise<string> {
  const userId = userIdFromClient(p.From);
  const principal = userId ? await loadPrincipal(ctx.db, userId) : null;
  if (!principal) return twiml.refuse('This softphone is not signed in to Rebound.');

  if (p.takeCall) {
    const take = await takeableCall(ctx.db, principal, p.takeCall);
    if (!take.ok) return twiml.refuse(take.reason);
    return twiml.takeFromQueue(base, { queueId: take.call.queue_id, agentId: principal.userId, customerCallSid: p.takeCall });
  }

  const leadId = p.leadId;
  if (!leadId) return twiml.refuse('Calls are placed from a lead.');
  const now = ctx.clock();
  const decided = await transact(ctx.db, async (tx): Promise<{ reason: string } | { callerId: string; number: string }> => {
    // The lead is locked first and the claimer's name read after: a join in the locking query
    // keeps the row it joined before the wait (PostgreSQL rechecks only the locked row), so the
    // desk that lost a race for the lead was told "Someone" instead of who holds it.
    const [locked] = await tx.query<Omit<LeadRow, 'claim_user_name'>>(
      'select id, account_id, kind, phone, customer_name, claim_user_id, claim_expires_at from leads where id = $1 for update',
      [leadId],
    );
    const [claimer] = locked?.claim_user_id ? await tx.query<{ name: string }>('select name from users where id = $1', [locked.claim_user_id]) : [];
    const lead: LeadRow | undefined = locked && { ...locked, claim_user_name: claimer?.name ?? null };
    if (!lead || !mayWork(principal, { accountId: lead.account_id, kind: lead.kind })) return { reason: 'You cannot call this lead.' };
    const held = lead.claim_user_id !== null && lead.claim_expires_at !== null && new Date(lead.claim_expires_at) > now;
    if (held && lead.claim_user_id !== principal.userId) return { reason: claimHeldMessage(lead.claim_user_name) };
    const callerId = await callerIdFor(tx, lead);
    if (!callerId) return { reason: 'This account has no number to call from.' };
    if (!held) {
      // Not logged as a change: the desk's own claim edit, queued as it dialled, follows at once
      // and tells the other desks (a change here would have every desk pull twice per call).
      const until = new Date(now.getTime() + ctx.config.claimMinutes * 60_000);
      await tx.query('update leads set claim_user_id = $2, claim_expires_at = $3 where id = $1', [lead.id, principal.userId, until]);
    }
    return { callerId, number: lead.phone };
  });
  if ('reason' in decided) return twiml.refuse(decided.reason);
  return twiml.dialCustomer(base, decided);
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
