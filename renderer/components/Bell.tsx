import * as Popover from '@radix-ui/react-popover';
import { Bell as BellIcon } from 'lucide-react';
import { useState } from 'react';
import { formatClock, plural } from '../../shared';
import { useDesk } from '../state/store';
import { useScreenZone } from './zone';

/** The recent notifications, kept for the session; a click opens the lead. */
export function Bell() {
  const recent = useDesk((s) => s.recent);
  const focusLead = useDesk((s) => s.focusLead);
  const zone = useScreenZone();
  const [open, setOpen] = useState(false);
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>
        <button className="ghost icon-only bell-button" aria-label={`Notifications (${recent.length})`} title={plural(recent.length, 'notification', 'notifications')}>
          <BellIcon className="icon" aria-hidden="true" />
          {recent.length > 0 && (
            <span className="bell-count" aria-hidden="true">
              {recent.length}
            </span>
          )}
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover" align="end" sideOffset={8} collisionPadding={8}>
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
                  <span>{n.title}</span>
                  <span className="when">{formatClock(n.at, zone.timeZone)} {zone.label}</span>
                </button>
              </li>
            ))}
          </ul>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
