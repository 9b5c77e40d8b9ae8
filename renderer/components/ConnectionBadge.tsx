import { useDesk } from '../state/store';

/** Always visible: whether edits reach the server, and how many are still waiting. */
export function ConnectionBadge() {
  const c = useDesk((s) => s.connection);
  if (!c) return null;
  const label = c.state === 'offline' ? 'Offline' : c.state === 'syncing' ? 'Syncing' : 'Online';
  return (
    <span className={`badge ${c.state}`} role="status" aria-live="polite" data-testid="connection">
      {label}
      {c.unsent > 0 ? ` · ${c.unsent} unsent` : ''}
    </span>
  );
}
