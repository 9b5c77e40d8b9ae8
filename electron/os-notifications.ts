import { Notification, type BrowserWindow } from 'electron';
import type { ApiEventPayload } from '../shared';

type Note = ApiEventPayload<'notification'>;

/**
 * The in-app toast always shows; the OS notification only when the desk is not in front. A
 * click brings the window forward and opens the lead (or its queue, for a bunched "12 new").
 */
export function osNotifications(win: BrowserWindow, icon: string, openLead: (n: Pick<Note, 'kind' | 'leadId'>) => void) {
  // Electron drops the click of a Notification that was garbage-collected: keep each until it is done.
  const live = new Set<Notification>();
  return (n: Note) => {
    if (win.isDestroyed() || win.isFocused() || !Notification.isSupported()) return;
    const note = new Notification({ title: 'Rebound', body: n.title, icon, silent: false });
    live.add(note);
    note.on('click', () => {
      live.delete(note);
      if (win.isDestroyed()) return;
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
      openLead({ kind: n.kind, leadId: n.leadId });
    });
    note.on('close', () => live.delete(note));
    note.show();
  };
}
