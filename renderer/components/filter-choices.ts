import {
  CALL_TYPE_LABELS,
  REASON_NOT_CLASSIFIED,
  REASON_NOT_CLASSIFIED_LABEL,
  SCL_CALL_TYPES,
  STATUS_LABELS,
  STATUSES_BY_KIND,
  statusesOnTab,
  UNBOOKED_REASON_LABELS,
  UNBOOKED_REASONS,
  type ApiResponse,
  type FilterColumn,
  type FilterSet,
  type FollowUpKind,
  type Tab,
} from '../../shared';
import { api } from '../bridge/api';
import { useDesk } from '../state/store';
import { useDeskQuery } from '../state/use-desk-query';

export type Choice = { id: string; name: string };
/** What each list column may be filtered to: fixed vocabularies, the user's accounts, and what the desk holds. */
export type FilterChoices = Partial<Record<FilterColumn, Choice[]>>;

const NO_OPTIONS: ApiResponse<'filterOptions'> = { queues: [], campaigns: [], agents: [] };

export function useFilterChoices(kind: FollowUpKind): FilterChoices {
  const session = useDesk((s) => s.session);
  // What the desk holds moves with the leads: asked again once per change.
  const options = useDeskQuery(() => api.filterOptions({ kind }), { key: kind, leads: true, keepWhileAsking: true, failure: 'The filter choices could not be read.' }).data ?? NO_OPTIONS;
  return {
    status: STATUSES_BY_KIND[kind].map((s) => ({ id: s, name: STATUS_LABELS[s] })),
    account: session?.accounts ?? [],
    queue: options.queues,
    campaign: options.campaigns,
    agent: options.agents,
    type: SCL_CALL_TYPES.map((t) => ({ id: t, name: CALL_TYPE_LABELS[t] })),
    reason: [...UNBOOKED_REASONS.map((r) => ({ id: r, name: UNBOOKED_REASON_LABELS[r] })), { id: REASON_NOT_CLASSIFIED, name: REASON_NOT_CLASSIFIED_LABEL }],
  };
}

/**
 * What a column's filter offers on one tab: only the statuses a lead there can have (no Resolved
 * on Open), plus any status already chosen, so it can be unticked where it is shown.
 */
export function choicesOnTab(choices: FilterChoices, kind: FollowUpKind, tab: Tab, set: FilterSet | null): FilterChoices {
  const possible: readonly string[] = statusesOnTab(kind, tab);
  const chosen: readonly string[] = set?.filters.status ?? [];
  return { ...choices, status: (choices.status ?? []).filter((c) => possible.includes(c.id) || chosen.includes(c.id)) };
}
