import { zoneName } from '../../shared';
import { useDesk } from '../state/store';

export type ScreenZone = { timeZone: string; label: string };

/**
 * The one time zone a screen shows its times in: the account's (the one asked for, else the
 * first of the user's accounts, as the report does), with its short name as the label.
 */
export function useScreenZone(accountId?: string | null): ScreenZone {
  const session = useDesk((s) => s.session);
  const id = accountId ?? session?.accounts[0]?.id;
  const timeZone = session?.accountSettings.find((a) => a.accountId === id)?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return { timeZone, label: zoneName(timeZone) };
}
