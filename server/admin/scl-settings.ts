import { can, type SclSettings } from '../../shared';
import type { Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import { transact } from '../store/retry';
import { notifyAccess } from '../changes/access-notice';
import { AdminRefusal } from './refusal';

type Row = { account_id: string; name: string; scl_enabled: boolean; acw_minutes: number; scl_cold_days: number; scl_threshold: number };

const view = (r: Row) => ({
  accountId: r.account_id, accountName: r.name, enabled: r.scl_enabled, acwMinutes: r.acw_minutes, coldDays: r.scl_cold_days, threshold: r.scl_threshold,
});

function needPermission(p: Principal) {
  if (!can(p.permissions, 'configureSecondChance')) {
    throw new AdminRefusal(403, 'Second Chance Leads settings need View & Edit Feature Management and Edit TI, Follow Up, & Reporting Settings.');
  }
}

export async function listSclSettings(ctx: ServerContext, p: Principal) {
  needPermission(p);
  const rows = await ctx.db.query<Row>(
    `select s.account_id, a.name, s.scl_enabled, s.acw_minutes, s.scl_cold_days, s.scl_threshold
       from account_settings s join accounts a on a.id = s.account_id
      where s.account_id = any($1::text[]) order by a.name`,
    [p.accounts.map((a) => a.id)],
  );
  return rows.map(view);
}

/**
 * Saves one account's SCL settings. The recovery engine reads them per call when the call's
 * After Call Work Time is up, so they apply from the next call on; calls already looked at stay
 * as they were.
 */
export async function saveSclSettings(ctx: ServerContext, p: Principal, s: SclSettings) {
  needPermission(p);
  if (!p.accounts.some((a) => a.id === s.accountId)) throw new AdminRefusal(404, 'No such account among yours.');
  return transact(ctx.db, async (tx) => {
    const [row] = await tx.query<Row>(
      `update account_settings s set scl_enabled = $2, acw_minutes = $3, scl_cold_days = $4, updated_at = $5,
              scl_threshold = coalesce($6, s.scl_threshold)
         from accounts a where a.id = s.account_id and s.account_id = $1
       returning s.account_id, a.name, s.scl_enabled, s.acw_minutes, s.scl_cold_days, s.scl_threshold`,
      [s.accountId, s.enabled, s.acwMinutes, s.coldDays, ctx.clock(), s.threshold ?? null],
    );
    if (!row) throw new AdminRefusal(404, 'No such account among yours.');
    await notifyAccess(tx, { accountIds: [s.accountId] });
    return view(row);
  });
}
