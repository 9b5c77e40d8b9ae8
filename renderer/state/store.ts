import { useMemo } from 'react';
import { create } from 'zustand';
import type { ApiEventPayload, ConnectionState, FollowUpKind, Session, Tab } from '../../shared';

export type Screen = FollowUpKind | 'tiles' | 'report' | 'admin';

/** `info` confirms what the person did; `notice` tells them something that is not a success (a key that did nothing). */
export type Toast = ApiEventPayload<'notification'> | { id: string; kind: 'error' | 'info' | 'notice'; title: string };

type DeskState = {
  session: Session | null;
  connection: ConnectionState | null;
  screen: Screen;
  tab: Tab;
  toasts: Toast[];
  /** Bumped on every change event, so screens know to ask again. */
  revision: number;
  /** The bell: the most recent notifications, newest first. */
  recent: ApiEventPayload<'notification'>[];
  /** A lead to open as soon as its screen shows (from a toast or the bell). */
  focus: string | null;
  /** A lead whose booking form should open with its drawer (Book a job after a callback). */
  booking: string | null;
  /** Unsent notes being written, per lead, for the session. */
  drafts: Record<string, string>;
  setDraft(leadId: string, text: string): void;
  bookFor(leadId: string): void;
  clearBooking(): void;
  notify(n: ApiEventPayload<'notification'>): void;
  focusLead(kind: FollowUpKind, leadId: string): void;
  clearFocus(): void;
  setSession(s: Session | null): void;
  setConnection(c: ConnectionState): void;
  show(screen: Screen): void;
  setTab(tab: Tab): void;
  toast(t: Toast): void;
  dismissToast(id: string): void;
  changed(): void;
};

/** What one user's sitting at the desk leaves behind, cleared when the user changes. */
const signedOutState = { recent: [], toasts: [], drafts: {}, focus: null, booking: null, screen: 'abandoned', tab: 'open' } satisfies Partial<DeskState>;

export const useDesk = create<DeskState>((set) => ({
  session: null,
  connection: null,
  screen: 'abandoned',
  tab: 'open',
  toasts: [],
  revision: 0,
  recent: [],
  focus: null,
  booking: null,
  drafts: {},
  setDraft: (leadId, text) =>
    set((s) => {
      const drafts = { ...s.drafts };
      if (text) drafts[leadId] = text;
      else delete drafts[leadId];
      return { drafts };
    }),
  bookFor: (leadId) => set({ focus: leadId, booking: leadId }),
  clearBooking: () => set({ booking: null }),
  notify: (n) => set((s) => ({ recent: [n, ...s.recent].slice(0, 20), toasts: [...s.toasts.slice(-4), n] })),
  focusLead: (kind, leadId) => set({ screen: kind, tab: 'open', focus: leadId }),
  clearFocus: () => set({ focus: null }),
  // Another person at this desk (or nobody) starts clean: the bell, toasts, drafts and the lead
  // in focus belonged to the last user and may name customers of accounts the next cannot see.
  setSession: (session) => set((s) => (session && s.session?.userId === session.userId ? { session } : { session, ...signedOutState })),
  setConnection: (connection) => set({ connection }),
  show: (screen) => set({ screen, tab: 'open' }),
  setTab: (tab) => set({ tab }),
  toast: (t) => set((s) => ({ toasts: [...s.toasts.slice(-4), t] })),
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  changed: () => set((s) => ({ revision: s.revision + 1 })),
}));

/**
 * Whether a lead has edits the server has not confirmed: read from the connection state, which
 * the desk sends whenever its outbox changes, so a confirmation needs no refresh of the list.
 */
export function useUnsent(): (lead: { id: string; pending: boolean }) => boolean {
  const ids = useDesk((s) => s.connection?.unsentLeadIds);
  return useMemo(() => {
    if (!ids) return (lead) => lead.pending;
    const set = new Set(ids);
    return (lead) => lead.pending && set.has(lead.id);
  }, [ids]);
}
