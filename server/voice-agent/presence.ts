import type { Db } from '../store/db';

/** Who could answer a caller now: signed in with a desk that takes the account's callers, and not on a call. */
export type Presence = { anyAgentFree(accountId: string, now: Date): Promise<boolean> };

export function deskPresence(db: Db, takersOf: (accountId: string) => string[]): Presence {
  return {
    async anyAgentFree(accountId, now) {
      const takers = takersOf(accountId);
      if (takers.length === 0) return false;
      // Busy: talking to a caller they took, or on a callback, that has not ended.
      const busy = await db.query<{ agent_id: string }>(
        `select distinct agent_id from calls
          where agent_id = any($1::text[]) and answered and ended_at is null and started_at > $2`,
        [takers, new Date(now.getTime() - 4 * 3_600_000)],
      );
      return busy.length < takers.length;
    },
  };
}
