import type { FollowUpKind } from '../../shared';
import { num, type Queryable } from '../store/db';

export const CHANGES_CHANNEL = 'rebound_changes';
const CHANGE_LOCK = 724_002;

export type ChangeNotice = {
  seq: number;
  leadId: string;
  accountId: string;
  kind: FollowUpKind;
  created: boolean;
  customer: string;
};

/**
 * Appends a lead's change to the log and stamps the lead with its sequence number.
 *
 * The advisory lock makes sequence order equal commit order: a transaction takes its number
 * only after the previous holder committed, so a desk that pulled "after N" can never miss a
 * change that commits later with a smaller number. The NOTIFY is delivered at commit, to every
 * server process sharing the database, and never for a rolled-back change.
 */
export async function recordChange(
  q: Queryable,
  c: Omit<ChangeNotice, 'seq'>,
  at: Date,
): Promise<number> {
  await q.query('select pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
  const [row] = await q.query<{ seq: unknown }>(
    'insert into changes (account_id, kind, lead_id, created, at) values ($1, $2, $3, $4, $5) returning seq',
    [c.accountId, c.kind, c.leadId, c.created, at],
  );
  const seq = num(row!.seq);
  await q.query('update leads set version = $2, updated_at = $3 where id = $1', [c.leadId, seq, at]);
  const notice: ChangeNotice = { ...c, seq, customer: c.customer.slice(0, 200) };
  await q.query('select pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify(notice)]);
  return seq;
}

export async function currentSeq(q: Queryable): Promise<number> {
  const [row] = await q.query<{ seq: unknown }>('select coalesce(max(seq), 0) as seq from changes');
  return num(row!.seq);
}
