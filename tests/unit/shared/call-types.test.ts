import { describe, expect, it } from 'vitest';
import { deriveCallType } from '../../../shared';

describe('call type', () => {
  it('derives the Type column from answered, duration and booked', () => {
    expect(deriveCallType({ answered: false, durationSeconds: 0, booked: false })).toBe('unanswered');
    expect(deriveCallType({ answered: true, durationSeconds: 29, booked: false })).toBe('short');
    expect(deriveCallType({ answered: true, durationSeconds: 30, booked: false })).toBe('unbooked');
    expect(deriveCallType({ answered: true, durationSeconds: 12, booked: true })).toBe('booked');
  });
});
