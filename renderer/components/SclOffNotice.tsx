import { Info } from 'lucide-react';
import { useDesk } from '../state/store';

/**
 * Why the Second Chance Leads screen of an account stays empty: its admin has not turned the
 * flagging on. Without this a CSR whose only account has it off sees an empty list and wonders.
 */
export function SclOffNotice() {
  const session = useDesk((s) => s.session);
  if (!session) return null;
  const off = session.accounts.filter((a) => session.accountSettings.find((s) => s.accountId === a.id)?.sclEnabled === false);
  if (off.length === 0) return null;
  const names = new Intl.ListFormat('en-US', { type: 'conjunction' }).format(off.map((a) => a.name));
  const all = off.length === session.accounts.length;
  return (
    <p className="notice" role="note" data-testid="scl-off">
      <Info className="icon" aria-hidden="true" />
      <span>
        Second Chance Leads is off for {names}
        {all ? ', so this list stays empty.' : `: calls of ${off.length === 1 ? 'that account' : 'those accounts'} are not flagged here.`} An administrator can turn it on
        in Settings → Second Chance Leads.
      </span>
    </p>
  );
}
