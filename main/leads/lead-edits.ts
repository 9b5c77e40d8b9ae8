import { randomUUID } from 'node:crypto';
import { ApiError, type Lead, type Mutation, type WorkstationHandlers } from '../../shared';
import type { DeskEvents } from '../desk-events';
import type { DeskSession } from '../session/desk-session';
import { shownLead } from './lead-reads';

type EditHandlers = 'setLeadStatus' | 'addNote' | 'claimLead' | 'releaseLead' | 'bookJob';

/**
 * The user's edits of leads: each goes to the outbox in the same transaction that shows it, is
 * pushed at once when the server answers, and works offline. The screens hear of it once
 * (`leadsChanged`, with counts when a status moved); the push's answer needs no refresh of its own.
 */
export function leadEdits(desk: DeskSession, clock: () => Date, events: DeskEvents): Pick<WorkstationHandlers, EditHandlers> {
  const edit = async (m: Mutation): Promise<Lead> => {
    const o = desk.need();
    const r = o.store.enqueue(m, o.actor, clock());
    if (!r.ok) throw new ApiError('conflict', r.reason);
    // Pushed now; the push's answer updates this cache, so the desk pulls only if others changed too.
    void o.sync.kick({ pull: false });
    const { lead } = shownLead(o, m.args.leadId, clock());
    events.emit('leadsChanged', { kinds: [lead.kind], leadIds: [m.args.leadId], counts: m.name === 'setStatus' || m.name === 'bookJob' });
    events.emit('connection', o.sync.state);
    return lead;
  };
  return {
    setLeadStatus: async ({ leadId, to, note, voicemail }) => edit({ name: 'setStatus', args: { leadId, to, ...(note ? { note } : {}), ...(voicemail ? { voicemail } : {}) } }),
    addNote: async ({ leadId, text }) => edit({ name: 'addNote', args: { leadId, text } }),
    claimLead: async ({ leadId }) => edit({ name: 'claim', args: { leadId } }),
    releaseLead: async ({ leadId }) => edit({ name: 'release', args: { leadId } }),
    // Booked and resolved in one step, through the outbox like every edit: it works offline too.
    bookJob: async (req) => edit({ name: 'bookJob', args: { ...req, jobId: randomUUID() } }),
  };
}
