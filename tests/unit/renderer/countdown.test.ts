import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../shared';
import { secondsLeft } from '../../../renderer/components/countdown';

// A 2-minute After Call Work Time that began at t = 1,000,000 ms.
const start = 1_000_000;
const acw = { deadline: start + 120_000, seconds: 120 };
const shown = (now: number) => formatDuration(secondsLeft(acw, now));

describe('the After Call Work countdown', () => {
  it('starts at the full time, 2:00, even when the clock was read up to a tick before it began', () => {
    expect(shown(start)).toBe('2:00');
    // The wrap-up form's ticker read the time 0.9 s before the call ended: not 2:01.
    expect(shown(start - 900)).toBe('2:00');
    expect(shown(start - 60_000)).toBe('2:00');
  });

  it('ticks down once a second and reaches 0:00 only when the time is up', () => {
    expect(shown(start + 1)).toBe('2:00');
    expect(shown(start + 999)).toBe('2:00');
    expect(shown(start + 1000)).toBe('1:59');
    expect(shown(start + 60_000)).toBe('1:00');
    expect(shown(start + 119_999)).toBe('0:01');
    expect(shown(start + 120_000)).toBe('0:00');
    expect(shown(start + 200_000)).toBe('0:00');
  });
});
