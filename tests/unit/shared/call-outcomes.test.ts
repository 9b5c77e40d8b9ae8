import { describe, expect, it } from 'vitest';
import { AFTER_CALL_CHOICES, afterCallAllows, afterCallRefusal, callOutcomeSchema } from '../../../shared';

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

  it('gives the refusal the server answers exactly where the prompt offers nothing', () => {
    for (const outcome of callOutcomeSchema.options) {
      for (const choice of ['voicemail', 'book'] as const) {
        expect(afterCallRefusal(outcome, choice) === null, `${outcome} ${choice}`).toBe(afterCallAllows(outcome, choice));
      }
    }
    expect(afterCallRefusal('busy', 'voicemail')).toBe('No voicemail can have been left: the last callback was busy.');
    expect(afterCallRefusal('no_answer', 'voicemail')).toBe('No voicemail can have been left: the last callback went unanswered.');
  });
});
