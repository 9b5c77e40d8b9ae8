import { useEffect, useState } from 'react';
import {
  CALL_TYPE_LABELS,
  SCL_CALL_TYPES,
  STATUS_LABELS,
  STATUSES_BY_KIND,
  UNBOOKED_REASON_LABELS,
  UNBOOKED_REASONS,
  type ApiResponse,
  type FilterColumn,
  type FollowUpKind,
} from '../../shared';
import { api } from '../bridge/api';
import { useDesk } from '../state/store';

export type Choice = { id: string; name: string };
/** What each list column may be filtered to: fixed vocabularies, the user's accounts, and what the desk holds. */
export type FilterChoices = Partial<Record<FilterColumn, Choice[]>>;

export function useFilterChoices(kind: FollowUpKind): FilterChoices {
  const session = useDesk((s) => s.session);
  const revision = useDesk((s) => s.revision);
  const [options, setOptions] = useState<ApiResponse<'filterOptions'>>({ queues: [], campaigns: [], agents: [] });
  useEffect(() => {
    let live = true;
    void api.filterOptions({ kind }).then((o) => live && setOptions(o));
    return () => {
      live = false;
    };
  }, [kind, revision]);
  return {
    status: STATUSES_BY_KIND[kind].map((s) => ({ id: s, name: STATUS_LABELS[s] })),
    account: session?.accounts ?? [],
    queue: options.queues,
    campaign: options.campaigns,
    agent: options.agents,
    type: SCL_CALL_TYPES.map((t) => ({ id: t, name: CALL_TYPE_LABELS[t] })),
    reason: UNBOOKED_REASONS.map((r) => ({ id: r, name: UNBOOKED_REASON_LABELS[r] })),
  };
}
