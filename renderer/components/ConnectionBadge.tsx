import { RefreshCw, Wifi, WifiOff } from 'lucide-react';
import { useDesk } from '../state/store';

/** Always visible: whether edits reach the server, and how many are still waiting. */
export function ConnectionBadge() {
  const c = useDesk((s) => s.connection);
  if (!c) return null;
  const label = c.state === 'offline' ? 'Offline' : c.state === 'syncing' ? 'Syncing' : 'Online';
  const Icon = c.state === 'offline' ? WifiOff : c.state === 'syncing' ? RefreshCw : Wifi;
  return (
    <span className={`badge ${c.state}`} role="status" aria-live="polite" data-testid="connection">
      <Icon className="icon" aria-hidden="true" />
      {label}
      {c.unsent > 0 ? ` · ${c.unsent} unsent` : ''}
    </span>
  );
}
