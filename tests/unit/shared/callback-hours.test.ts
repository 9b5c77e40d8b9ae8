import { describe, expect, it } from 'vitest';
import { checkCallbackHours } from '../../../shared';

const hours = { startMinute: 8 * 60, endMinute: 20 * 60 };

describe('callback hours in the customer’s local time', () => {
  it('allows a call inside the hours and says the customer’s time', () => {
    // 15:00 UTC in late November is 9:00 AM in Chicago (CST, UTC-6).
    const v = checkCallbackHours(new Date('2026-11-26T15:00:00Z'), ['America/Chicago'], hours);
    expect(v).toEqual({ allowed: true, reason: null, localTimes: ['9:00 AM CST'] });
  });

  it('refuses before the start and at the end, naming the window and the local time', () => {
    const early = checkCallbackHours(new Date('2026-11-26T13:59:00Z'), ['America/Chicago'], hours);
    expect(early).toMatchObject({ allowed: false, reason: 'Outside callback hours (8:00 AM–8:00 PM): it is 7:59 AM CST for the customer.' });
    const atEnd = checkCallbackHours(new Date('2026-11-27T02:00:00Z'), ['America/Chicago'], hours);
    expect(atEnd.allowed).toBe(false);
    const lastMinute = checkCallbackHours(new Date('2026-11-27T01:59:00Z'), ['America/Chicago'], hours);
    expect(lastMinute.allowed).toBe(true);
  });

  it('follows daylight saving: the same UTC instant is inside in July and outside in November', () => {
    // 13:30 UTC is 8:30 AM CDT in July but 7:30 AM CST in November.
    expect(checkCallbackHours(new Date('2026-07-15T13:30:00Z'), ['America/Chicago'], hours).allowed).toBe(true);
    expect(checkCallbackHours(new Date('2026-11-16T13:30:00Z'), ['America/Chicago'], hours).allowed).toBe(false);
  });

  it('a number spanning two zones must be inside the hours in both', () => {
    // 14:30 UTC: 8:30 AM in Chicago but 7:30 AM in Denver.
    const v = checkCallbackHours(new Date('2026-11-26T14:30:00Z'), ['America/Chicago', 'America/Denver'], hours);
    expect(v.allowed).toBe(false);
    expect(v.reason).toContain('7:30 AM MST');
  });

  it('round-the-clock hours always allow', () => {
    expect(checkCallbackHours(new Date('2026-11-26T09:00:00Z'), ['Pacific/Honolulu'], { startMinute: 0, endMinute: 1440 }).allowed).toBe(true);
  });
});
