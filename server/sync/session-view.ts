import type { Session } from '../../shared';
import type { Principal } from '../auth/principal';
import type { Queryable } from '../store/db';

/**
 * The session as a desk sees it. SCL settings are the strictest across the user's accounts:
 * SCL counts as enabled if any account has it, Cold uses the smallest Cold Leads days.
 */
export async function sessionView(q: Queryable, p: Principal): Promise<Omit<Session, 'serverUrl'>> {
  const ids = p.accounts.map((a) => a.id);
  const [s] = await q.query<{ enabled: boolean | null; cold: number | null }>(
    'select bool_or(scl_enabled) as enabled, min(scl_cold_days) as cold from account_settings where account_id = any($1::text[])',
    [ids],
  );
  return {
    userId: p.userId,
    userName: p.userName,
    email: p.email,
    permissions: [...p.permissions].sort(),
    accounts: p.accounts,
    settings: { sclEnabled: Boolean(s?.enabled), sclColdDays: s?.cold ?? 3 },
  };
}
