import { createHash, randomBytes } from 'node:crypto';
import { can, FIELD_SERVICE_KEY_PREFIX, type FieldServiceKeyView } from '../../shared';
import type { Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import type { Queryable } from '../store/db';
import { transact } from '../store/retry';
import { AdminRefusal } from '../admin/refusal';

/*
 * One key per account for the field-service system. The key carries 256 random bits, so a plain
 * SHA-256 of it is what is kept (nothing to brute-force, and the lookup is one index probe);
 * the key itself is shown once, when issued. Issuing again rotates: the old key stops at once.
 */

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function needAdmin(p: Principal) {
  if (!can(p.permissions, 'manageUsersAndRoles')) throw new AdminRefusal(403, 'Field-service keys are issued by admins (Manage Users and Roles).');
}

export async function listFieldServiceKeys(ctx: ServerContext, p: Principal): Promise<FieldServiceKeyView[]> {
  needAdmin(p);
  const rows = await ctx.db.query<{ account_id: string; key_hint: string; created_at: Date | string }>(
    'select account_id, key_hint, created_at from field_service_keys where account_id = any($1::text[])',
    [p.accounts.map((a) => a.id)],
  );
  const by = new Map(rows.map((r) => [r.account_id, r]));
  return p.accounts.map((a) => {
    const r = by.get(a.id);
    return { accountId: a.id, accountName: a.name, hint: r ? r.key_hint : null, issuedAt: r ? new Date(r.created_at).toISOString() : null };
  });
}

export async function issueFieldServiceKey(ctx: ServerContext, p: Principal, accountId: string) {
  needAdmin(p);
  const account = p.accounts.find((a) => a.id === accountId);
  if (!account) throw new AdminRefusal(404, 'No such account among yours.');
  const key = `${FIELD_SERVICE_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const now = ctx.clock();
  await transact(ctx.db, (tx) =>
    tx.query(
      `insert into field_service_keys (account_id, key_hash, key_hint, created_at, created_by) values ($1, $2, $3, $4, $5)
       on conflict (account_id) do update set key_hash = excluded.key_hash, key_hint = excluded.key_hint,
         created_at = excluded.created_at, created_by = excluded.created_by`,
      [accountId, hashKey(key), key.slice(-4), now, p.userId],
    ),
  );
  return { accountId, accountName: account.name, hint: key.slice(-4), issuedAt: now.toISOString(), key };
}

/** The account a presented key belongs to, or null (unknown, rotated away, or not a key at all). */
export async function accountOfKey(q: Queryable, key: string | undefined): Promise<string | null> {
  if (!key || !key.startsWith(FIELD_SERVICE_KEY_PREFIX) || key.length > 200) return null;
  const [row] = await q.query<{ account_id: string }>('select account_id from field_service_keys where key_hash = $1', [hashKey(key)]);
  return row?.account_id ?? null;
}
