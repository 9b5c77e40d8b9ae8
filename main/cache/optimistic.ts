import { applyEdit, type AuditEvent, type EditContext, type Mutation, type SyncLead } from '../../shared';

export type LocalActor = { userId: string; userName: string };
export type LocalState = { lead: SyncLead; history: AuditEvent[] };

/** What an edit on this desk needs to know of a lead's account (its zone, the job type's name). */
export type LocalContext = (lead: SyncLead, m: Mutation) => EditContext;

/** Without a session or job types yet: a booking's window in New York time, any claim for 5 minutes. */
export const NO_CONTEXT: LocalContext = () => ({ claimMinutes: 5, timeZone: 'America/New_York', jobTypeName: null });

/**
 * What a desk shows for a lead with edits not yet acknowledged: the server's row with each
 * pending edit applied in order, by the rule the server applies them with
 * (shared/followup/edits.ts). An edit the server's newer row no longer allows shows as nothing:
 * the server will refuse it too, and say why.
 */
export function applyLocally(state: LocalState, m: Mutation, actor: LocalActor, now: Date, context: LocalContext = NO_CONTEXT): LocalState {
  const out = applyEdit(state.lead, m, { kind: 'user', id: actor.userId, name: actor.userName }, now, context(state.lead, m));
  return out.ok ? { lead: out.lead, history: [...state.history, ...out.history] } : state;
}

/** Why an edit cannot apply to the lead as this desk shows it, or null when it can. */
export function localRefusal(state: LocalState, m: Mutation, actor: LocalActor, now: Date, context: LocalContext = NO_CONTEXT): string | null {
  const out = applyEdit(state.lead, m, { kind: 'user', id: actor.userId, name: actor.userName }, now, context(state.lead, m));
  return out.ok ? null : out.reason;
}
