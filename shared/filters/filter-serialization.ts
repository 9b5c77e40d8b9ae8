import { filterSetSchema, type FilterSet } from './filter-model';
import { formatIssues } from '../validation/format-issues';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return [...value].map(canonical).sort((a, b) => (String(a) < String(b) ? -1 : 1));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/**
 * A stable text form: the same filters always give the same string, so a saved view can be
 * compared, stored per user and put in a link.
 */
export function serializeFilters(set: FilterSet): string {
  return JSON.stringify(canonical(filterSetSchema.parse(set)));
}

export function parseFilters(text: string): ParseResult<FilterSet> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: 'The saved filters are not readable (not JSON).' };
  }
  const parsed = filterSetSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: formatIssues(parsed.error) };
  return { ok: true, value: parsed.data };
}
