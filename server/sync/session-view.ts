import type { Session } from '../../shared';
import type { Principal } from '../auth/principal';
import type { ServerConfig } from '../context';
import type { Queryable } from '../store/db';

type SettingsRow = {
  account_id: string;
  time_zone: string;
  scl_enabled: boolean;
  scl_cold_days: number;
  acw_minutes: number;
  callback_start_minute: number;
  callback_end_minute: number;
  speed_target_minutes: number;
  callback_number: string | null;
};

/**
 * The session as a desk sees it. SCL counts as enabled if any of the user's accounts has it.
 * Everything that belongs to one account stays per account (a lead or a call belongs to one):
 * the Cold Leads days, the softphone's hours and after-call work, the speed target. The
 * smallest Cold Leads days is sent as well, for desks that read only that.
 */
export async function sessionView(q: Queryable, p: Principal, telephony: ServerConfig['telephonyMode']): Promise<Omit<Session, 'serverUrl'>> {
  const ids = p.accounts.map((a) => a.id);
  const rows = await q.query<SettingsRow>(
    `select s.account_id, a.time_zone, s.scl_enabled, s.scl_cold_days, s.acw_minutes, s.callback_start_minute, s.callback_end_minute, s.speed_target_minutes,
            s.callback_number
       from account_settings s join accounts a on a.id = s.account_id
      where s.account_id = any($1::text[]) order by s.account_id`,
    [ids],
  );
  return {
    userId: p.userId,
    userName: p.userName,
    email: p.email,
    permissions: [...p.permissions].sort(),
    accounts: p.accounts,
    settings: {
      sclEnabled: rows.some((r) => r.scl_enabled),
      sclColdDays: rows.length ? Math.min(...rows.map((r) => r.scl_cold_days)) : 3,
    },
    accountSettings: rows.map((r) => ({
      accountId: r.account_id,
      timeZone: r.time_zone,
      sclColdDays: r.scl_cold_days,
      acwMinutes: r.acw_minutes,
      callbackHours: { startMinute: r.callback_start_minute, endMinute: r.callback_end_minute },
      speedTargetMinutes: r.speed_target_minutes,
      callbackNumber: r.callback_number,
      sclEnabled: r.scl_enabled,
    })),
    telephony,
  };
}
