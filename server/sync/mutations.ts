import { afterCallRefusal, applyEdit, type FollowUpStatus, type Mutation, type MutationResult } from '../../shared';
import { mayWork, type Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import { userActor } from '../recovery/actors';
import { audit } from '../recovery/audit';
import { bookJobOnLead, BookingRefused } from '../recovery/book-job';
import { lastCallbackOutcome } from '../recovery/callback-outcome';
import { loadLead, loadLeadDetails } from '../recovery/lead-repo';
import { num, type Queryable } from '../store/db';
import { defineProcedure } from '../store/procedure';
import { retried } from '../store/retry';
import { recordChange } from '../changes/change-log';

type LeadLock = {
  id: string;
  kind: 'abandoned' | 'second_chance';
  account_id: string;
  status: FollowUpStatus;
  phone: string;
  customer_name: string | null;
  claim_user_id: string | null;
  claim_user_name: string | null;
  claim_expires_at: Date | null;
};

class Rejection extends Error {}

async function lockLead(q: Queryable, p: Principal, leadId: string): Promise<LeadLock> {
  const [lead] = await q.query<LeadLock>(
    `select l.id, l.kind, l.account_id, l.status, l.phone, l.customer_name, l.claim_user_id, u.name as claim_user_name,
            l.claim_expires_at
       from leads l left join users u on u.id = l.claim_user_id where l.id = $1 for update of l`,
    [leadId],
  );
  // One answer for "missing" and "not yours", so nobody can probe another tenant's ids.
  if (!lead || !mayWork(p, { accountId: lead.account_id, kind: lead.kind })) {
    throw new Rejection('This lead does not exist or is outside your accounts and permissions.');
  }
  return lead;
}

/**
 * Applies one edit: what it does to the lead and its history is the shared rule
 * (shared/followup/edits.ts), the same the desk showed before pushing; this writes it down.
 */
async function apply(q: Queryable, p: Principal, m: Mutation, now: Date, claimMinutes: number, origin: string): Promise<string> {
  const lead = await lockLead(q, p, m.args.leadId);
  const actor = userActor(p);
  if (m.name === 'bookJob') {
    try {
      await bookJobOnLead(q, lead, actor, m.args, now);
    } catch (err) {
      throw err instanceof BookingRefused ? new Rejection(err.message) : err;
    }
  } else {
    const claim = lead.claim_user_id && lead.claim_expires_at ? { userId: lead.claim_user_id, userName: lead.claim_user_name ?? 'someone', expiresAt: lead.claim_expires_at.toISOString() } : null;
    // Only a booking reads the account's zone and job types; the other edits need the claim length.
    const out = applyEdit({ kind: lead.kind, status: lead.status, customerName: lead.customer_name, claim }, m, actor, now, { claimMinutes, timeZone: 'UTC', jobTypeName: null });
    if (!out.ok) throw new Rejection(out.reason);
    if (m.name === 'setStatus' && m.args.voicemail) {
      // A voicemail needs a call something answered: not one that was busy or rang out.
      const outcome = await lastCallbackOutcome(q, lead, p.userId);
      const refusal = outcome && afterCallRefusal(outcome, 'voicemail');
      if (refusal) throw new Rejection(refusal);
    }
    switch (m.name) {
      case 'setStatus':
        // Speed-to-lead counts from the first attempt only.
        await q.query(
          `update leads set status = $2, first_contact_at = case when $2 = 'contact_attempted' then coalesce(first_contact_at, $3) else first_contact_at end where id = $1`,
          [lead.id, out.lead.status, now],
        );
        // Who left the customer a voicemail: with the account's plan set so, their call-back is offered to them first.
        if (m.args.voicemail) await q.query('update leads set voicemail_by = $2, voicemail_at = $3 where id = $1', [lead.id, p.userId, now]);
        if (m.args.note) await addNote(q, lead.id, p, m.args.note, now);
        break;
      case 'addNote':
        await addNote(q, lead.id, p, m.args.text, now);
        break;
      case 'claim':
      case 'release':
        await q.query('update leads set claim_user_id = $2, claim_expires_at = $3 where id = $1', [lead.id, out.lead.claim?.userId ?? null, out.lead.claim ? new Date(out.lead.claim.expiresAt) : null]);
        break;
    }
    for (const h of out.history) await audit(q, { leadId: lead.id, ...h, at: now });
  }
  await recordChange(q, { leadId: lead.id, accountId: lead.account_id, kind: lead.kind, created: false, customer: lead.customer_name ?? lead.phone, origin }, now);
  return lead.id;
}

/** Notes are append-only, so two desks adding notes at once never overwrite each other. */
async function addNote(q: Queryable, leadId: string, p: Principal, text: string, now: Date) {
  await q.query('insert into lead_notes (lead_id, author_id, author_name, text, at) values ($1, $2, $3, $4, $5)', [
    leadId, p.userId, p.userName, text, now,
  ]);
}

/**
 * Applies one desk mutation at most once. The last applied id per client is stored in the same
 * transaction as the effect, so a push retried after a crash is answered, not re-applied.
 * A refused mutation also uses up its id: retrying it would only be refused again.
 */
export async function applyMutation(
  ctx: ServerContext,
  p: Principal,
  clientId: string,
  m: Mutation & { id: number },
): Promise<MutationResult> {
  return retried(() => ctx.db.procedure(mutationOnce, { p, clientId, m, now: ctx.clock(), claimMinutes: ctx.config.claimMinutes }));
}

type MutationArgs = { p: Principal; clientId: string; m: Mutation & { id: number }; now: Date; claimMinutes: number };

/**
 * One transaction, run whole where the database runs (store/procedure.ts): with PGlite in its
 * worker, a push's statements each waited for a round trip to the server's thread, and the
 * database served nothing else meanwhile, webhooks included.
 */
export const mutationOnce = defineProcedure(import.meta.url, 'mutationOnce', async (tx: Queryable, { p, clientId, m, now, claimMinutes }: MutationArgs): Promise<MutationResult> => {
  await tx.query(
    'insert into client_mutations (client_id, user_id, last_mutation_id) values ($1, $2, 0) on conflict (client_id) do nothing',
    [clientId, p.userId],
  );
  const [client] = await tx.query<{ user_id: string; last_mutation_id: unknown }>(
    'select user_id, last_mutation_id from client_mutations where client_id = $1 for update',
    [clientId],
  );
  if (client!.user_id !== p.userId) {
    return { id: m.id, status: 'refused', error: 'This desk id belongs to another user; sign in again.', lead: null };
  }
  const current = async () => {
    const lead = await loadLead(tx, m.args.leadId, now);
    return { lead: lead && mayWork(p, lead) ? lead : null };
  };
  if (m.id <= num(client!.last_mutation_id)) {
    return { id: m.id, status: 'duplicate', error: null, ...(await current()) };
  }
  await tx.query('update client_mutations set last_mutation_id = $2 where client_id = $1', [clientId, m.id]);
  try {
    await tx.query('savepoint mutation');
    await apply(tx, p, m, now, claimMinutes, clientId);
    return { id: m.id, status: 'applied', error: null, ...(await current()) };
  } catch (err) {
    if (!(err instanceof Rejection)) throw err;
    await tx.query('rollback to savepoint mutation');
    const after = await current();
    return { id: m.id, status: after.lead ? 'refused' : 'gone', error: err.message, ...after };
  }
});

/**
 * Each lead's calls and history as they stand after a push, on the last result for that lead:
 * the desk then shows the server's own history without pulling, and a batch of many edits to one
 * lead carries its history once, not once per edit.
 */
export async function withDetails(ctx: ServerContext, p: Principal, results: MutationResult[]): Promise<MutationResult[]> {
  const last = new Map<string, number>();
  results.forEach((r, i) => r.lead && last.set(r.lead.id, i));
  const details = new Map((await loadLeadDetails(ctx.db, [...last.keys()], ctx.clock())).filter((d) => mayWork(p, d.lead)).map((d) => [d.lead.id, d]));
  return results.map((r, i) => {
    const d = r.lead ? details.get(r.lead.id) : undefined;
    return d && last.get(d.lead.id) === i ? { ...r, lead: d.lead, calls: d.calls, history: d.history } : r;
  });
}
