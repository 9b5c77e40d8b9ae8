import { describe, expect, it } from 'vitest';
import { refitVerdict, type SclQuality } from '../../../shared';

const q = (precision: number, recall: number) => ({ precision, recall, flagged: 10, positives: 10, calls: 40 });
const refit = (adopted: boolean, before: ReturnType<typeof q>, after: ReturnType<typeof q>): SclQuality['refits'][number] => ({
  version: 2, at: '2026-12-01T12:00:00.000Z', adopted, trainCalls: 40, heldOutCalls: 12, before: { ...before, version: 1 }, after,
});

describe("a refit's verdict agrees with the figures beside it", () => {
  it('a kept refit whose precision rose says it was judged on F1, and shows F1 falling', () => {
    const text = refitVerdict(refit(false, q(0.6, 0.9), q(0.8, 0.5)));
    expect(text).toBe('Kept v1: v2 was not better on the held-out calls (F1 72% → 62%).');
  });

  it('an adopted refit shows F1 rising', () => {
    expect(refitVerdict(refit(true, q(0.5, 0.5), q(0.7, 0.6)))).toBe('Adopted v2: it flags the held-out calls better (F1 50% → 65%).');
  });
});
