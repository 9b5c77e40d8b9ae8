import { X } from 'lucide-react';
import { hasFilters, withFilter, type FilterColumn, type FilterSet } from '../../shared';
import type { FilterChoices } from './filter-choices';
import { describeRange, type Range, type RangeColumn } from './filter-ranges';

export const FILTER_LABELS: Record<FilterColumn, string> = {
  status: 'Status',
  age: 'Age',
  duration: 'Duration',
  account: 'Account',
  customer: 'Customer',
  queue: 'Queue',
  campaign: 'Campaign',
  notes: 'Notes',
  type: 'Type',
  reason: 'Reason',
  agent: 'Agent',
};

function describe(column: FilterColumn, value: unknown, choices: FilterChoices): string {
  if (column === 'age' || column === 'duration') return describeRange(column as RangeColumn, value as Range);
  if (typeof value === 'string') return `“${value}”`;
  const names = (value as string[]).map((id) => choices[column]?.find((c) => c.id === id)?.name ?? id);
  return names.join(', ');
}

/**
 * What the list is filtered by, one chip per column (the column headers' Filter buttons set them):
 * each chip removes its filter, and Clear filters removes them all. Kept per user and screen.
 */
export function FilterBar({ filterSet, choices, onChange }: { filterSet: FilterSet; choices: FilterChoices; onChange(next: FilterSet): void }) {
  if (!hasFilters(filterSet)) {
    return (
      <p className="filters hint" aria-label="Filters">
        Filter any column with the filter button next to its name.
      </p>
    );
  }
  const entries = Object.entries(filterSet.filters).filter(([, v]) => v !== undefined) as [FilterColumn, unknown][];
  return (
    <ul className="filters" aria-label="Filters">
      {entries.map(([column, value]) => {
        const text = `${FILTER_LABELS[column]}: ${describe(column, value, choices)}`;
        return (
          <li key={column} className="chip" data-testid="filter-chip">
            <span>{text}</span>
            <button type="button" className="ghost icon-only" aria-label={`Remove filter ${text}`} onClick={() => onChange(withFilter(filterSet, column, undefined))}>
              <X className="icon" aria-hidden="true" />
            </button>
          </li>
        );
      })}
      <li>
        <button type="button" className="ghost" onClick={() => onChange({ kind: filterSet.kind, filters: {} } as FilterSet)}>
          <X className="icon" aria-hidden="true" />
          Clear filters
        </button>
      </li>
    </ul>
  );
}
