import { z } from 'zod';

/**
 * The years a date crossing a boundary may name. Calls, reports and appointments all fall well
 * inside; year 0000 (which PostgreSQL refuses) or 9999 (which overflows the arithmetic done on
 * it) is a caller's mistake and answered as one.
 */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2199;

const yearOk = (s: string) => {
  const y = Number(s.slice(0, 4));
  return y >= MIN_YEAR && y <= MAX_YEAR;
};
const yearMessage = `The year must be between ${MIN_YEAR} and ${MAX_YEAR}.`;

/** An instant as ISO-8601 with an offset, within the years above. */
export const boundedInstant = z.iso
  .datetime({ offset: true })
  .refine(yearOk, yearMessage)
  .refine((s) => {
    const y = new Date(s).getUTCFullYear();
    return y >= MIN_YEAR && y <= MAX_YEAR;
  }, yearMessage);

/** A calendar day `YYYY-MM-DD` that exists (no 2026-02-30), within the years above. */
export const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a date like 2026-11-26.')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'That day does not exist.')
  .refine(yearOk, yearMessage);

/** Control characters (NUL first of all, which PostgreSQL cannot store) have no place in an id. */
export const safeId = z
  .string()
  .min(1)
  .max(64)
  .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f'), 'An id cannot contain control characters.');

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Where in a decoded request (body, query or path parameters) a string holds a NUL or half of a
 * surrogate pair, neither of which PostgreSQL stores: its path, or null when every string is clean.
 * Checked once for every field, so no route can forget one.
 */
export function unsafeTextAt(value: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return `${path.join('.') || 'value'}: text cannot contain the NUL character.`;
    if (LONE_SURROGATE.test(value)) return `${path.join('.') || 'value'}: text contains a broken character (half of a surrogate pair).`;
    return null;
  }
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const keyProblem = unsafeTextAt(k, [...path, '(name)'], depth + 1);
    if (keyProblem) return keyProblem;
    const problem = unsafeTextAt(v, [...path, k], depth + 1);
    if (problem) return problem;
  }
  return null;
}
