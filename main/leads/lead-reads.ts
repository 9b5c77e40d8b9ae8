import { ApiError, can, deriveTab, expandPermissions, tabSettingsOf, type ApiResponse, type JobType, type WorkstationHandlers } from '../../shared';
import type { DeskSession, OpenDesk } from '../session/desk-session';

/**
 * One lead as the desk shows it, with its calls, history and tab now: the store's lead as shown
 * (leadAsShown in main/cache/optimistic.ts: pending edits laid over the server's row), which is
 * also what the list reads for a row with unsent edits.
 */
export function shownLead(o: OpenDesk, leadId: string, now: Date): ApiResponse<'getLead'> {
  const s = o.store.localState(leadId, o.actor);
  if (!s) throw new ApiError('not_found', 'This lead is no longer on this desk.');
  const tab = deriveTab({ kind: s.lead.kind, status: s.lead.status, endedAtMs: Date.parse(s.lead.endedAt), accountId: s.lead.accountId }, now.getTime(), tabSettingsOf(o.session));
  return { lead: { ...s.lead, tab, pending: s.pending }, calls: s.calls, history: s.history };
}

type ReadHandlers = 'listLeads' | 'countLeads' | 'getLead' | 'filterOptions' | 'listJobTypes' | 'getFilterPreferences' | 'saveFilterPreferences' | 'queueTiles';

/** The screens' reads of leads, answered from the desk's cache alone with the desk's clock: lists, counts, one lead, filters, tiles. */
export function leadReads(desk: DeskSession, clock: () => Date): Pick<WorkstationHandlers, ReadHandlers> {
  return {
    listLeads: async (req) => {
      const o = desk.need();
      return o.queries.list(req, clock().getTime(), tabSettingsOf(o.session));
    },

    countLeads: async ({ filterSet }) => {
      const o = desk.need();
      return o.queries.counts(filterSet, clock().getTime(), tabSettingsOf(o.session));
    },

    getLead: async ({ leadId }) => shownLead(desk.need(), leadId, clock()),

    filterOptions: async ({ kind }) => desk.need().queries.filterOptions(kind),

    listJobTypes: async ({ accountId }) => {
      const raw = desk.need().store.getMeta('jobTypes');
      return raw ? (JSON.parse(raw) as JobType[]).filter((j) => j.accountId === accountId) : [];
    },

    getFilterPreferences: async ({ kind }) => {
      const raw = desk.need().store.getMeta(`filters.${kind}`);
      return raw ? JSON.parse(raw) : null;
    },

    saveFilterPreferences: async ({ filterSet }) => {
      desk.need().store.setMeta(`filters.${filterSet.kind}`, JSON.stringify(filterSet));
      return { ok: true as const };
    },

    queueTiles: async ({ dayStart }) => {
      const o = desk.need();
      if (!can(expandPermissions(o.session.permissions), 'viewQueueTiles')) throw new ApiError('forbidden', 'Queue tiles are for supervisors.');
      const targets = new Map(o.session.accountSettings.map((a) => [a.accountId, a.speedTargetMinutes]));
      return o.queries.tiles(Date.parse(dayStart), clock().getTime(), tabSettingsOf(o.session), targets);
    },
  };
}
