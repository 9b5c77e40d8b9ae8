import { can, type SpeedTarget } from '../../shared';
import type { Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import { transact } from '../store/retry';
import { notifyAccess } from '../changes/access-notice';
import { AdminRefusal } from './refusal';

/**
 * A supervisor sets one of their accounts' speed-to-lead target. Every desk of the account
 * hears it at once (its session carries the target), so tiles and lists judge by the new one.
 */
export async function saveSpeedTarget(ctx: ServerContext, p: Principal, t: SpeedTarget) {
  if (!can(p.permissions, 'viewQueueTiles')) throw new AdminRefusal(403, 'The speed-to-lead target is set by supervisors (View Queue Tiles).');
  if (!p.accounts.some((a) => a.id === t.accountId)) throw new AdminRefusal(404, 'No such account among yours.');
  return transact(ctx.db, async (tx) => {
    const [row] = await tx.query<{ minutes: number }>(
      'update account_settings set speed_target_minutes = $2, updated_at = $3 where account_id = $1 returning speed_target_minutes as minutes',
      [t.accountId, t.minutes, ctx.clock()],
    );
    if (!row) throw new AdminRefusal(404, 'No such account among yours.');
    await notifyAccess(tx, { accountIds: [t.accountId] });
    return { accountId: t.accountId, minutes: row.minutes };
  });
}
