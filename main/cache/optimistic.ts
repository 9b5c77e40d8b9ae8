import { applyEdit, type AuditEvent, type EditContext, type Mutation, type SyncLead } from '../../shared';

export type LocalActor = { userId: string; userName: string };
export type LocalState = { lead: SyncLead; history: AuditEvent[] };

/** An edit waiting in the outbox, and the moment it was made. */
export type PendingEdit = { mutation: Mutation; at: Date };

/** What an edit on this desk needs to know of a lead's account (its zone, the job type's name). */
export type LocalContext = (lead: SyncLead, m: Mutation) => EditContext;

/** Without a session or job types yet: a booking's window in New York time, any claim for 5 minutes. */
export const NO_CONTEXT: LocalContext = () => ({ claimMinutes: 5, timeZone: 'America/New_York', jobTypeName: null });

const byUser = (actor: LocalActor) => ({ kind: 'user' as const, id: actor.userId, name: actor.userName });

/**
 * The lead as this desk shows it, and its history: the server's row with each edit not yet
 * acknowledged applied in order, by the rule the server applies them with
 * (shared/followup/edits.ts), each as of the moment it was made. So it reads the same whenever
 * and wherever it is computed: the cache's row that the screens' list filters, sorts and shows,
 * the drawer, the refusal check before an edit is queued. An edit the server's newer row no
 * longer allows shows as nothing: the server will refuse it too, and say why.
 */
export function leadAsShown(server: LocalState, pending: readonly PendingEdit[], actor: LocalActor, context: LocalContext = NO_CONTEXT): LocalState {
  let state = server;
  for (const e of pending) {
    const out = applyEdit(state.lead, e.mutation, byUser(actor), e.at, context(state.lead, e.mutation));
    if (out.ok) state = { lead: out.lead, history: [...state.history, ...out.history] };
  }
  return state;
}

/** Why an edit cannot apply to the lead as this desk shows it, or null when it can. */
export function localRefusal(state: LocalState, m: Mutation, actor: LocalActor, now: Date, context: LocalContext = NO_CONTEXT): string | null {
  const out = applyEdit(state.lead, m, byUser(actor), now, context(state.lead, m));
  return out.ok ? null : out.reason;
}
