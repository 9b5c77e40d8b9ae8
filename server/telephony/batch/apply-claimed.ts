import { num, type Queryable } from '../../store/db';
import { defineProcedure } from '../../store/procedure';
import { applySetWise, parseStored, type InboxRow } from './apply-set-wise';
import { applyOneWebhook } from './apply-one';

export type ApplyBatchArgs = {
  limit: number;
  now: Date;
  /** Other appliers may hold webhooks (PostgreSQL: several connections and processes). */
  others: boolean;
  /** The fallback after a failed set: each webhook on its own, under a savepoint. */
  oneByOne: boolean;
};
export type ApplyBatchResult = { applied: number; deferred: number; failed: { id: number; error: string }[] };

/**
 * Claims the next webhooks and applies them, in the caller's transaction: set-wise, or one by
 * one when `oneByOne` (a failing webhook is then kept with its error and the rest still lands).
 * A procedure, so PGlite's worker runs it whole (store/procedure.ts).
 */
export const applyClaimedBatch = defineProcedure(import.meta.url, 'applyClaimedBatch', async (tx: Queryable, a: ApplyBatchArgs): Promise<ApplyBatchResult> => {
  const claimed = await claim(tx, a.limit, a.now, a.others);
  // Webhooks of one call apply in inbox order even with several appliers: a claimed webhook
  // waits (stays pending for a later batch) while an earlier webhook of its call is pending
  // in someone else's hands. The holder of a call's oldest pending webhook is never held
  // back, so every call makes progress.
  const from = new Map<string, number>();
  for (const r of claimed) if (r.blocked_from !== null) from.set(r.call_sid, Math.min(from.get(r.call_sid) ?? Infinity, num(r.blocked_from)));
  const rows = from.size ? claimed.filter((r) => !(num(r.id) > (from.get(r.call_sid) ?? Infinity))) : claimed;
  if (rows.length < claimed.length) {
    const kept = new Set(rows.map((r) => r.id));
    await tx.query('update webhook_inbox set processed_at = null where id = any($1::bigint[])', [claimed.filter((r) => !kept.has(r.id)).map((r) => r.id)]);
  }
  const failed = a.oneByOne ? await applyEach(tx, rows) : await applySetWise(tx, rows);
  if (failed.length) {
    await tx.query('update webhook_inbox w set error = x.e from unnest($1::bigint[], $2::text[]) as x(i, e) where w.id = x.i', [
      failed.map((f) => f.id), failed.map((f) => f.error),
    ]);
  }
  return { applied: rows.length, deferred: claimed.length - rows.length, failed: failed.map((f) => ({ id: num(f.id), error: f.error })) };
});

/**
 * Claims the oldest webhooks nobody holds (SKIP LOCKED) and marks them applied, in one
 * statement (a rollback unmarks them), each with the oldest earlier webhook of its call still
 * pending outside this claim, in another applier's hands (a connection or server process:
 * PostgreSQL only). One round trip where there were three (claim, check, mark) on the path
 * every webhook takes.
 */
async function claim(tx: Queryable, limit: number, now: Date, others: boolean): Promise<(InboxRow & { call_sid: string; blocked_from: unknown })[]> {
  return tx.query<InboxRow & { call_sid: string; blocked_from: unknown }>(
    `with c as (
       update webhook_inbox w set processed_at = $2
         from (select id from webhook_inbox where processed_at is null order by id limit $1 for update skip locked) p
        where w.id = p.id
        returning w.id, w.kind, w.call_sid, w.params, w.query, w.received_at
     )
     select c.*, ${others ? `(select min(o.id) from webhook_inbox o
                               where o.call_sid = c.call_sid and o.processed_at is null and o.id < c.id
                                 and not exists (select 1 from c mine where mine.id = o.id))` : 'null'} as blocked_from
       from c order by c.id`,
    [limit, now],
  );
}

/** The fallback: each webhook by the one-at-a-time handlers, under its own savepoint. */
async function applyEach(tx: Queryable, rows: InboxRow[]): Promise<{ id: unknown; error: string }[]> {
  const failed: { id: unknown; error: string }[] = [];
  for (const row of rows) {
    await tx.query('savepoint webhook');
    try {
      await applyOneWebhook(tx, parseStored(row), new Date(row.received_at));
      await tx.query('release savepoint webhook');
    } catch (err) {
      await tx.query('rollback to savepoint webhook');
      failed.push({ id: row.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return failed;
}
