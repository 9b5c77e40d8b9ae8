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
  // One round trip for the log row, the lead's version and the notice.
  const [row] = await q.query<{ seq: unknown }>(
    `with c as (
       insert into changes (account_id, kind, lead_id, created, at)
       values ($1::text, $2::text, $3::text, $4::boolean, $5::timestamptz) returning seq
     ), u as (
       update leads set version = (select seq from c), updated_at = $5::timestamptz where id = $3::text returning 1
     )
     select c.seq, pg_notify($6::text, json_build_object(
       'seq', c.seq, 'leadId', $3::text, 'accountId', $1::text, 'kind', $2::text,
       'created', $4::boolean, 'customer', $7::text)::text)
       from c`,
    [c.accountId, c.kind, c.leadId, c.created, at, CHANGES_CHANNEL, c.customer.slice(0, 200)],
  );
  return num(row!.seq);
}

export async function currentSeq(q: Queryable): Promise<number> {
  const [row] = await q.query<{ seq: unknown }>('select coalesce(max(seq), 0) as seq from changes');
  return num(row!.seq);
}
