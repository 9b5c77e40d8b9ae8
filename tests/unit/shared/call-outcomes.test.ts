import { describe, expect, it } from 'vitest';
import { AFTER_CALL_CHOICES, afterCallAllows, callOutcomeSchema } from '../../../shared';

describe('what a callback’s result makes possible afterwards', () => {
  it('offers a voicemail and a booking only on a call something answered', () => {
    expect(afterCallAllows('answered', 'voicemail')).toBe(true);
    expect(afterCallAllows('answered', 'book')).toBe(true);
    for (const outcome of ['busy', 'no_answer', 'failed', 'canceled'] as const) {
      expect(afterCallAllows(outcome, 'voicemail'), outcome).toBe(false);
      expect(afterCallAllows(outcome, 'book'), outcome).toBe(false);
    }
  });

  it('says it for every result a call can have', () => {
    expect(Object.keys(AFTER_CALL_CHOICES).sort()).toEqual([...callOutcomeSchema.options].sort());
  });
});
