import { describe, expect, it } from 'vitest';
import { nextStatuses, statusForKey, statusKey, statusOfKey, STATUSES_BY_KIND, type FollowUpKind } from '../../../shared';

describe('status digits', () => {
  for (const kind of ['abandoned', 'second_chance'] as FollowUpKind[]) {
    it(`${kind}: every status a person may set has one digit of its own, whatever the lead's status`, () => {
      const digits = new Map<string, string>();
      for (const from of STATUSES_BY_KIND[kind]) {
        for (const to of nextStatuses(kind, from, 'user')) {
          const key = statusKey(kind, to);
          expect(key, `${kind} ${from} → ${to}`).toMatch(/^[1-9]$/);
          expect(digits.get(key!) ?? to).toBe(to);
          digits.set(key!, to);
          expect(statusForKey(kind, key!, nextStatuses(kind, from, 'user'))).toBe(to);
        }
      }
    });
  }

  it('a status both queues have keeps its digit in both', () => {
    for (const s of ['contact_attempted', 'follow_up_needed', 'resolved'] as const) expect(statusKey('abandoned', s)).toBe(statusKey('second_chance', s));
  });

  it('a digit for a status not offered now does nothing', () => {
    expect(statusForKey('abandoned', '1', ['follow_up_needed'])).toBeNull();
  });

  it('names the status a digit stands for even when it is not offered, and none for a digit no status has', () => {
    expect(statusOfKey('abandoned', '1')).toBe('contact_attempted');
    expect(statusOfKey('second_chance', '5')).toBe('lead_not_following_up');
    expect(statusOfKey('abandoned', '5')).toBeNull();
    expect(statusOfKey('abandoned', '9')).toBeNull();
  });
});
