import type { Queryable } from '../store/db';

export const ACCESS_CHANNEL = 'rebound_access';

/** Whose access or settings changed: those users, or everyone in those accounts. */
export type AccessNotice = { userIds?: string[]; accountIds?: string[] };

/**
 * Tells every server process, at commit, that some desks' permissions, scope or settings
 * changed: their sockets reload the principal and the desks pull at once, so a removed
 * permission takes its screen and cached rows away now, not at the next sign-in.
 */
export async function notifyAccess(q: Queryable, notice: AccessNotice): Promise<void> {
  await q.query('select pg_notify($1, $2)', [ACCESS_CHANNEL, JSON.stringify(notice)]);
}
