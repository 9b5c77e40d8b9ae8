import { checkTransition, type FollowUpStatus, type Mutation, type MutationResult } from '../../shared';
import { mayWork, type Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import { userActor } from '../recovery/actors';
import { audit } from '../recovery/audit';
import { bookJobOnLead, BookingRefused } from '../recovery/book-job';
import { loadLead } from '../recovery/lead-repo';
import { num, type Queryable } from '../store/db';
import { transact } from '../store/retry';
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

async function apply(q: Queryable, p: Principal, m: Mutation, now: Date, claimMinutes: number): Promise<string> {
  const lead = await lockLead(q, p, m.args.leadId);
  const actor = userActor(p);
  const heldByOther = lead.claim_user_id && lead.claim_user_id !== p.userId && lead.claim_expires_at && lead.claim_expires_at > now;
  switch (m.name) {
    case 'setStatus': {
      const check = checkTransition(lead.kind, lead.status, m.args.to, 'user');
      if (!check.ok) throw new Rejection(check.reason);
      // Speed-to-lead counts from the first attempt only.
      await q.query(
        `update leads set status = $2, first_contact_at = case when $2 = 'contact_attempted' then coalesce(first_contact_at, $3) else first_contact_at end where id = $1`,
        [lead.id, m.args.to, now],
      );
      await audit(q, { leadId: lead.id, at: now, actor, action: 'status', from: lead.status, to: m.args.to, why: m.args.note ?? null });
      // Who left the customer a voicemail: with the account's plan set so, their call-back is offered to them first.
      if (m.args.voicemail) await q.query('update leads set voicemail_by = $2, voicemail_at = $3 where id = $1', [lead.id, p.userId, now]);
      if (m.args.note) await addNote(q, lead.id, p, m.args.note, now);
      break;
    }
    case 'addNote':
      await addNote(q, lead.id, p, m.args.text, now);
      await audit(q, { leadId: lead.id, at: now, actor, action: 'note', to: m.args.text });
      break;
    case 'bookJob':
      try {
        await bookJobOnLead(q, lead, actor, m.args, now);
      } catch (err) {
        throw err instanceof BookingRefused ? new Rejection(err.message) : err;
      }
      break;
    case 'claim': {
      if (heldByOther) {
        throw new Rejection(`${lead.claim_user_name ?? 'Someone'} is working this lead right now.`);
      }
      const until = new Date(now.getTime() + claimMinutes * 60_000);
      await q.query('update leads set claim_user_id = $2, claim_expires_at = $3 where id = $1', [lead.id, p.userId, until]);
      await audit(q, { leadId: lead.id, at: now, actor, action: 'claimed' });
      break;
    }
    case 'release':
      if (heldByOther) throw new Rejection(`The claim belongs to ${lead.claim_user_name ?? 'someone else'}.`);
      await q.query('update leads set claim_user_id = null, claim_expires_at = null where id = $1', [lead.id]);
      await audit(q, { leadId: lead.id, at: now, actor, action: 'released' });
      break;
  }
  await recordChange(q, { leadId: lead.id, accountId: lead.account_id, kind: lead.kind, created: false, customer: lead.customer_name ?? lead.phone }, now);
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
  const now = ctx.clock();
  return transact(ctx.db, async (tx) => {
    await tx.query(
      'insert into client_mutations (client_id, user_id, last_mutation_id) values ($1, $2, 0) on conflict (client_id) do nothing',
      [clientId, p.userId],
    );
    const [client] = await tx.query<{ user_id: string; last_mutation_id: unknown }>(
      'select user_id, last_mutation_id from client_mutations where client_id = $1 for update',
      [clientId],
    );
    if (client!.user_id !== p.userId) {
      return { id: m.id, status: 'rejected', error: 'This desk id belongs to another user; sign in again.', lead: null };
    }
    const current = async () => {
      const lead = await loadLead(tx, m.args.leadId, now);
      return lead && mayWork(p, lead) ? lead : null;
    };
    if (m.id <= num(client!.last_mutation_id)) {
      return { id: m.id, status: 'duplicate', error: null, lead: await current() };
    }
    await tx.query('update client_mutations set last_mutation_id = $2 where client_id = $1', [clientId, m.id]);
    try {
      await tx.query('savepoint mutation');
      await apply(tx, p, m, now, ctx.config.claimMinutes);
      return { id: m.id, status: 'applied', error: null, lead: await current() };
    } catch (err) {
      if (!(err instanceof Rejection)) throw err;
      await tx.query('rollback to savepoint mutation');
      return { id: m.id, status: 'rejected', error: err.message, lead: await current() };
    }
  });
}

