import { X } from 'lucide-react';
import { useEffect, useState } from 'react';
import {
  CALL_TYPE_LABELS,
  SCL_CALL_TYPES,
  FILTER_TEXT_MAX_LENGTH,
  STATUS_LABELS,
  STATUSES_BY_KIND,
  UNBOOKED_REASON_LABELS,
  UNBOOKED_REASONS,
  type ApiResponse,
  type FilterSet,
  hasFilters,
} from '../../shared';
import { api } from '../bridge/api';
import { useDesk } from '../state/store';

type Filters = Record<string, unknown>;

const AGE = { '': 'Any age', lt1h: 'Under 1 hour', lt24h: 'Under 24 hours', gt24h: 'Over 24 hours' } as const;
const AGE_RANGES = { lt1h: { max: 59 }, lt24h: { max: 1439 }, gt24h: { min: 1440 } } as const;
const DURATION = { '': 'Any duration', lt30: 'Under 0:30', mid: '0:30 to 2:00', gt120: 'Over 2:00' } as const;
const DURATION_RANGES = { lt30: { max: 29 }, mid: { min: 30, max: 120 }, gt120: { min: 121 } } as const;

function rangeKey<T extends Record<string, { min?: number; max?: number }>>(ranges: T, value: unknown): string {
  return (Object.keys(ranges) as (keyof T & string)[]).find((k) => JSON.stringify(ranges[k]) === JSON.stringify(value)) ?? '';
}

/** One control per column the workflow names; every change is saved for this user. */
export function FilterBar({ filterSet, onChange }: { filterSet: FilterSet; onChange(next: FilterSet): void }) {
  const session = useDesk((s) => s.session);
  const revision = useDesk((s) => s.revision);
  const [options, setOptions] = useState<ApiResponse<'filterOptions'>>({ queues: [], campaigns: [], agents: [] });
  const kind = filterSet.kind;
  const f = filterSet.filters as Filters;

  useEffect(() => {
    void api.filterOptions({ kind }).then(setOptions);
  }, [kind, revision]);

  const set = (key: string, value: unknown) => {
    const next: Filters = { ...f };
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete next[key];
    else next[key] = value;
    onChange({ kind, filters: next } as FilterSet);
  };
  const one = (key: string) => ((f[key] as string[] | undefined)?.[0] ?? '');
  const pick = (key: string, label: string, choices: { id: string; name: string }[]) => (
    <select aria-label={`${label} filter`} value={one(key)} onChange={(e) => set(key, e.target.value ? [e.target.value] : undefined)}>
      <option value="">{`Any ${label.toLowerCase()}`}</option>
      {choices.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </select>
  );
  const text = (key: string, label: string, placeholder: string) => (
    <input
      key={`${key}-${String(f[key] ?? '')}`}
      aria-label={`${label} filter`}
      placeholder={placeholder}
      maxLength={FILTER_TEXT_MAX_LENGTH}
      defaultValue={String(f[key] ?? '')}
      onKeyDown={(e) => e.key === 'Enter' && set(key, e.currentTarget.value.trim() || undefined)}
      onBlur={(e) => (e.currentTarget.value.trim() || undefined) !== f[key] && set(key, e.currentTarget.value.trim() || undefined)}
    />
  );

  return (
    <div className="filters" aria-label="Filters">
      {pick('status', 'Status', STATUSES_BY_KIND[kind].map((s) => ({ id: s, name: STATUS_LABELS[s] })))}
      {kind === 'second_chance' && text('notes', 'Notes', 'Notes contain…')}
      <select aria-label="Age filter" value={rangeKey(AGE_RANGES, f['age'])} onChange={(e) => set('age', AGE_RANGES[e.target.value as keyof typeof AGE_RANGES])}>
        {Object.entries(AGE).map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
      </select>
      {kind === 'abandoned' && (
        <select aria-label="Duration filter" value={rangeKey(DURATION_RANGES, f['duration'])} onChange={(e) => set('duration', DURATION_RANGES[e.target.value as keyof typeof DURATION_RANGES])}>
          {Object.entries(DURATION).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      )}
      {pick('account', 'Account', session?.accounts ?? [])}
      {text('customer', 'Customer', 'Name or number')}
      {kind === 'abandoned' && pick('queue', 'Queue', options.queues)}
      {kind === 'abandoned' && pick('campaign', 'Campaign', options.campaigns)}
      {kind === 'second_chance' && pick('type', 'Type', SCL_CALL_TYPES.map((t) => ({ id: t, name: CALL_TYPE_LABELS[t] })))}
      {kind === 'second_chance' && pick('reason', 'Reason', UNBOOKED_REASONS.map((r) => ({ id: r, name: UNBOOKED_REASON_LABELS[r] })))}
      {kind === 'second_chance' && pick('agent', 'Agent', options.agents)}
      {hasFilters({ kind, filters: f } as FilterSet) && (
        <button className="ghost" onClick={() => onChange({ kind, filters: {} } as FilterSet)}>
          <X className="icon" aria-hidden="true" />
          Clear filters
        </button>
      )}
    </div>
  );
}
