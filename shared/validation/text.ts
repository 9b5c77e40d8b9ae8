import { z } from 'zod';

/**
 * Free text a person typed. PostgreSQL cannot store the NUL character, so it is refused here,
 * at the boundary, with a reason, instead of failing deep inside a write.
 */
export function plainText(min: number, max: number, emptyMessage = 'Type at least one character.') {
  return z
    .string()
    .trim()
    .min(min, emptyMessage)
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'Text cannot contain the NUL character.');
}

export function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  return false;
}

/** A password is taken exactly as typed: never trimmed, only bounded. */
export const passwordText = z
  .string()
  .min(1, 'Enter your password.')
  .max(200)
  .refine((s) => !s.includes('\u0000'), 'Text cannot contain the NUL character.');
