import { useState } from 'react';
import { useDesk } from '../state/store';

/** The recent notifications, kept for the session; a click opens the lead. */
export function Bell() {
  const recent = useDesk((s) => s.recent);
  const focusLead = useDesk((s) => s.focusLead);
  const [open, setOpen] = useState(false);
  return (
    <span className="bell">
      <button aria-expanded={open} aria-label={`Notifications (${recent.length})`} onClick={() => setOpen((o) => !o)}>
        🔔 {recent.length}
      </button>
      {open && (
        <ul className="bell-list" aria-label="Recent notifications">
          {recent.length === 0 && <li className="empty">No notifications yet.</li>}
          {recent.map((n) => (
            <li key={n.id}>
              <button
                onClick={() => {
                  setOpen(false);
                  if (n.leadId) focusLead(n.kind, n.leadId);
                }}
              >
                {n.title} · {new Date(n.at).toLocaleTimeString()}
              </button>
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}
