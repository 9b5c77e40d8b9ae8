import { checkTransition, type AuditEvent, type Mutation, type SyncLead } from '../../shared';

export type LocalActor = { userId: string; userName: string };
export type LocalState = { lead: SyncLead; history: AuditEvent[] };

/**
 * What a desk shows for a lead with edits not yet acknowledged: the server's row with each
 * pending mutation applied in order. The same rules as the server (shared/), so a refusal the
 * server would give is usually shown before the edit is even queued.
 */
export function applyLocally(state: LocalState, m: Mutation, actor: LocalActor, now: Date, claimMinutes = 5): LocalState {
  const at = now.toISOString();
  const who = { kind: 'user' as const, id: actor.userId, name: actor.userName };
  const { lead, history } = state;
  switch (m.name) {
    case 'setStatus': {
      if (!checkTransition(lead.kind, lead.status, m.args.to, 'user').ok) return state;
      return {
        lead: { ...lead, status: m.args.to },
        history: [...history, { at, actor: who, action: 'status', from: lead.status, to: m.args.to, why: m.args.note ?? null }],
      };
    }
    case 'addNote':
      return { lead, history: [...history, { at, actor: who, action: 'note', from: null, to: m.args.text, why: null }] };
    case 'bookJob': {
      if (!checkTransition(lead.kind, lead.status, 'resolved', 'user').ok) return state;
      return {
        lead: { ...lead, status: 'resolved', customerName: lead.customerName ?? m.args.customerName },
        history: [
          ...history,
          { at, actor: who, action: 'booked', from: null, to: m.args.jobId, why: `Booked for ${m.args.windowStart} to ${m.args.windowEnd}.` },
          { at, actor: who, action: 'status', from: lead.status, to: 'resolved', why: 'Job booked.' },
        ],
      };
    }
    case 'claim':
      return {
        lead: { ...lead, claim: { userId: actor.userId, userName: actor.userName, expiresAt: new Date(now.getTime() + claimMinutes * 60_000).toISOString() } },
        history,
      };
    case 'release':
      return { lead: { ...lead, claim: null }, history };
  }
}
