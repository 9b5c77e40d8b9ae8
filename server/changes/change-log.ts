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
  /** The desk (client id) whose edit made the change; it has the result already and need not pull it. */
  origin?: string | null;
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
       insert into changes (account_id, kind, lead_id, created, at, origin)
       values ($1::text, $2::text, $3::text, $4::boolean, $5::timestamptz, $8::text) returning seq
     ), u as (
       update leads set version = (select seq from c), updated_at = $5::timestamptz where id = $3::text returning 1
     )
     select c.seq, pg_notify($6::text, json_build_object(
       'seq', c.seq, 'leadId', $3::text, 'accountId', $1::text, 'kind', $2::text,
       'created', $4::boolean, 'customer', $7::text, 'origin', $8::text)::text)
       from c`,
    [c.accountId, c.kind, c.leadId, c.created, at, CHANGES_CHANNEL, c.customer.slice(0, 200), c.origin ?? null],
  );
  return num(row!.seq);
}

/**
 * Whether anything a desk may see changed after `cursor` by another hand than that desk's own
 * edits. When nothing did, the answers to its push are all it lacks, and it need not pull.
 */
export async function othersChangedSince(q: Queryable, cursor: number, scope: { accountIds: string[]; kinds: string[] }, origin: string): Promise<boolean> {
  const [row] = await q.query<{ changed: boolean }>(
    `select exists (select 1 from changes where seq > $1 and account_id = any($2::text[]) and kind = any($3::text[])
                      and origin is distinct from $4) as changed`,
    [cursor, scope.accountIds, scope.kinds, origin],
  );
  return row!.changed;
}

export async function currentSeq(q: Queryable): Promise<number> {
  const [row] = await q.query<{ seq: unknown }>('select coalesce(max(seq), 0) as seq from changes');
  return num(row!.seq);
}

/**
 * Logs a change for every lead of one campaign or queue at once (a rename: each desk must
 * re-read those rows to show the new name). One statement appends the log rows and stamps the
 * leads; one NOTIFY per account and kind is enough, since a poke only makes desks pull.
 */
export async function recordChangesOf(q: Queryable, column: 'campaign_id' | 'queue_id', id: string, at: Date): Promise<number> {
  await q.query('select pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
  const rows = await q.query<{ seq: unknown; lead_id: string; account_id: string; kind: FollowUpKind; n: unknown }>(
    `with c as (
       insert into changes (account_id, kind, lead_id, created, at)
       select account_id, kind, id, false, $2::timestamptz from leads where ${column} = $1::text order by id
       returning seq, lead_id, account_id, kind
     ), u as (
       update leads l set version = c.seq, updated_at = $2::timestamptz from c where l.id = c.lead_id returning 1
     )
     select max(seq) as seq, (array_agg(lead_id order by seq desc))[1] as lead_id, account_id, kind, count(*) as n
       from c group by account_id, kind`,
    [id, at],
  );
  for (const r of rows) {
    await q.query('select pg_notify($1, $2)', [
      CHANGES_CHANNEL,
      JSON.stringify({ seq: num(r.seq), leadId: r.lead_id, accountId: r.account_id, kind: r.kind, created: false, customer: '' } satisfies ChangeNotice),
    ]);
  }
  return rows.reduce((sum, r) => sum + num(r.n), 0);
}
/** NOTIFY payloads must stay under 8000 bytes; a batch's notices travel in as few as fit. */
const NOTICE_BYTES = 7000;

/**
 * Appends the changes of a whole batch with one statement for the log rows and the leads'
 * versions, and one NOTIFY per ~7 kB of notices (a JSON array, which the poke hub fans out as
 * one poke per desk). Same lock and ordering guarantee as recordChange; take it last in the
 * transaction, so other writers wait for it as briefly as possible.
 */
export async function recordChanges(q: Queryable, changes: (Omit<ChangeNotice, 'seq'> & { at: Date })[]): Promise<void> {
  if (changes.length === 0) return;
  await q.query('select pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
  const rows = await q.query<{ seq: unknown; lead_id: string }>(
    `with c as (
       insert into changes (account_id, kind, lead_id, created, at)
       select a, k, l, c, t from unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::timestamptz[]) with ordinality as x(a, k, l, c, t, n)
        order by n
       returning seq, lead_id, at
     ), u as (
       update leads l set version = c.seq, updated_at = c.at from c where l.id = c.lead_id returning 1
     )
     select seq, lead_id from c order by seq`,
    [changes.map((c) => c.accountId), changes.map((c) => c.kind), changes.map((c) => c.leadId), changes.map((c) => c.created), changes.map((c) => c.at)],
  );
  const byLead = new Map(changes.map((c) => [c.leadId, c]));
  const payloads: string[] = [];
  let chunk: string[] = [];
  let bytes = 2;
  for (const r of rows) {
    const c = byLead.get(r.lead_id)!;
    const text = JSON.stringify({ seq: num(r.seq), leadId: c.leadId, accountId: c.accountId, kind: c.kind, created: c.created, customer: c.customer.slice(0, 200) } satisfies ChangeNotice);
    const size = Buffer.byteLength(text) + 1;
    if (chunk.length && bytes + size > NOTICE_BYTES) {
      payloads.push(`[${chunk.join(',')}]`);
      chunk = [];
      bytes = 2;
    }
    chunk.push(text);
    bytes += size;
  }
  if (chunk.length) payloads.push(`[${chunk.join(',')}]`);
  await q.query('select pg_notify($1, p) from unnest($2::text[]) with ordinality as x(p, n) order by n', [CHANGES_CHANNEL, payloads]);
}
