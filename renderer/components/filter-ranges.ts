import { formatAge, formatDuration } from '../../shared';

/*
 * The two range columns, in the units the filter model keeps (age in minutes, duration in
 * seconds): the quick choices, the units a custom range may be typed in, and how a range reads.
 */

export type Range = { min?: number; max?: number };
export type RangeColumn = 'age' | 'duration';
type Unit = { id: string; label: string; factor: number };

export const RANGE_PRESETS: Record<RangeColumn, { id: string; label: string; range: Range }[]> = {
  age: [
    { id: 'lt1h', label: 'Under 1 hour', range: { max: 59 } },
    { id: 'lt24h', label: 'Under 24 hours', range: { max: 1439 } },
    { id: 'gt24h', label: 'Over 24 hours', range: { min: 1440 } },
  ],
  duration: [
    { id: 'lt30', label: 'Under 0:30', range: { max: 29 } },
    { id: 'mid', label: '0:30 to 2:00', range: { min: 30, max: 120 } },
    { id: 'gt120', label: 'Over 2:00', range: { min: 121 } },
  ],
};

export const RANGE_UNITS: Record<RangeColumn, Unit[]> = {
  age: [
    { id: 'minutes', label: 'minutes', factor: 1 },
    { id: 'hours', label: 'hours', factor: 60 },
    { id: 'days', label: 'days', factor: 1440 },
  ],
  duration: [
    { id: 'seconds', label: 'seconds', factor: 1 },
    { id: 'minutes', label: 'minutes', factor: 60 },
  ],
};

export function presetOf(column: RangeColumn, value: Range | undefined): string {
  if (!value) return '';
  return RANGE_PRESETS[column].find((p) => p.range.min === value.min && p.range.max === value.max)?.id ?? 'custom';
}

/** The largest unit both ends are whole in, so a saved "2 to 6 hours" reads back as typed. */
export function bestUnit(column: RangeColumn, value: Range | undefined): Unit {
  const units = RANGE_UNITS[column];
  const ends = [value?.min, value?.max].filter((v): v is number => v !== undefined);
  return [...units].reverse().find((u) => ends.length > 0 && ends.every((v) => v % u.factor === 0)) ?? units[0]!;
}

/**
 * A custom range as typed ("" leaves an end open) in the model's unit; a number that is not whole
 * and non-negative is kept as NaN so the shared schema refuses it with its own words.
 */
export function typedRange(min: string, max: string, factor: number): Range {
  const end = (s: string) => {
    if (s.trim() === '') return undefined;
    const n = Number(s);
    return Number.isFinite(n) ? Math.round(n * factor) : Number.NaN;
  };
  const r: Range = {};
  const lo = end(min);
  const hi = end(max);
  if (lo !== undefined) r.min = lo;
  if (hi !== undefined) r.max = hi;
  return r;
}

export function describeRange(column: RangeColumn, value: Range): string {
  const preset = RANGE_PRESETS[column].find((p) => p.range.min === value.min && p.range.max === value.max);
  if (preset) return preset.label;
  const say = (v: number) => (column === 'age' ? (v === 0 ? '0 min' : formatAge(0, v * 60_000)) : formatDuration(v));
  if (value.min !== undefined && value.max !== undefined) return `${say(value.min)} to ${say(value.max)}`;
  if (value.min !== undefined) return `at least ${say(value.min)}`;
  return `at most ${say(value.max ?? 0)}`;
}
