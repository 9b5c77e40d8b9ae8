import type { PullResponse } from '../../shared';
import type { Principal } from '../auth/principal';
import type { ServerConfig, ServerContext } from '../context';
import { loadLeadDetails } from '../recovery/lead-repo';
import { num, type Queryable } from '../store/db';
import { defineProcedure } from '../store/procedure';
import { currentSeq } from '../changes/change-log';
import { sessionView } from './session-view';

/**
 * Everything after `cursor` that this user may see, newest state of each lead once, oldest
 * change first. Reads one snapshot, so the cursor handed back never skips a change.
 */
export async function pull(ctx: ServerContext, p: Principal, cursor: number, limit: number): Promise<PullResponse> {
  return ctx.db.procedure(pullSnapshot, { p, cursor, limit, now: ctx.clock(), telephonyMode: ctx.config.telephonyMode, postgres: ctx.db.dialect === 'postgres' });
}

type PullArgs = { p: Principal; cursor: number; limit: number; now: Date; telephonyMode: ServerConfig['telephonyMode']; postgres: boolean };

/**
 * The snapshot read, run whole where the database runs (store/procedure.ts): with PGlite in its
 * worker, a pull's half-dozen statements each waited for a round trip to the server's thread,
 * and the database served nothing else meanwhile (a transaction holds it), so every desk's pull
 * after a poke held back the webhooks that make the next leads.
 */
export const pullSnapshot = defineProcedure(import.meta.url, 'pullSnapshot', async (tx: Queryable, { p, cursor, limit, now, telephonyMode, postgres }: PullArgs): Promise<PullResponse> => {
  if (postgres) await tx.query('set transaction isolation level repeatable read');
  const head = await currentSeq(tx);
  const session = await sessionView(tx, p, telephonyMode);
  const scope = { accountIds: p.accounts.map((a) => a.id), kinds: p.kinds };
  const jobTypes = (
    await tx.query<{ id: string; account_id: string; name: string; dispatch_fee_cents: number | null }>(
      'select id, account_id, name, dispatch_fee_cents from job_types where account_id = any($1::text[]) order by name',
      [scope.accountIds],
    )
  ).map((j) => ({ id: j.id, accountId: j.account_id, name: j.name, dispatchFeeCents: j.dispatch_fee_cents }));
  if (cursor > head) {
    // The desk knows changes this server never made (its database was replaced): start over.
    return { reset: true, cursor: 0, hasMore: true, scope, session, leads: [], jobTypes };
  }
  // An index range, oldest first. Each lead is sent once per page with its current state; a
  // lead changed again later in the log is simply sent again then (desks apply idempotently).
  const changed = await tx.query<{ lead_id: string; seq: unknown }>(
    `select lead_id, seq from changes
      where seq > $1 and account_id = any($2::text[]) and kind = any($3::text[])
      order by seq limit $4`,
    [cursor, scope.accountIds, scope.kinds, limit],
  );
  const hasMore = changed.length === limit;
  const next = hasMore ? num(changed[changed.length - 1]!.seq) : head;
  const leads = await loadLeadDetails(tx, [...new Set(changed.map((c) => c.lead_id))], now);
  return { reset: false, cursor: next, hasMore, scope, session, leads, jobTypes };
});
