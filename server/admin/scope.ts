import type { Principal } from '../auth/principal';
import type { Queryable } from '../store/db';
import { AdminRefusal } from './refusal';

/** Whether the admin holds every account of the network: only they may change what all share. */
export async function overEveryAccount(q: Queryable, p: Principal): Promise<boolean> {
  const [other] = await q.query('select 1 from accounts where not (id = any($1::text[])) limit 1', [p.accounts.map((a) => a.id)]);
  return !other;
}

/**
 * Roles and Global settings are used in every account: an admin of some accounts only would
 * change them for tenants they do not administer.
 */
export async function needEveryAccount(q: Queryable, p: Principal, what: string): Promise<void> {
  if (!(await overEveryAccount(q, p))) throw new AdminRefusal(403, `${what} apply to every account; only an admin over all accounts may change them.`);
}

/**
 * A person the admin may manage: one who works in at least one of the admin's accounts (or in
 * none yet, for an admin over every account). Anyone else is answered as if they did not exist.
 */
export async function needSharedUser(q: Queryable, p: Principal, userId: string): Promise<{ accountIds: string[] }> {
  const rows = await q.query<{ account_id: string }>('select account_id from user_accounts where user_id = $1', [userId]);
  const mine = new Set(p.accounts.map((a) => a.id));
  const accountIds = rows.map((r) => r.account_id);
  const shares = accountIds.some((a) => mine.has(a)) || (accountIds.length === 0 && (await overEveryAccount(q, p)));
  if (!shares) throw new AdminRefusal(404, 'No such user.');
  return { accountIds };
}
