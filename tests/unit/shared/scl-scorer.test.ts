import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MODEL,
  evaluate,
  extractFeatures,
  fitLogistic,
  isHeldOut,
  judgeRefit,
  logOdds,
  reasonLine,
  scoreCall,
  scoreFeatures,
  type CallFacts,
  type LabelledCall,
  type SclModel,
} from '../../../shared';
import { simulatedLabelledCalls } from '../../../server/demo/labelled-calls';

const base: CallFacts = {
  customerTurns: ['Hi, I have a question.'],
  agentTurns: ['Thanks for calling, how can I help?'],
  talkSeconds: 120,
  classification: null,
  reason: null,
  existingCustomer: false,
  repeatCalls: 0,
  campaign: null,
  localHour: 12,
};

const ids = (f: CallFacts) => extractFeatures(f).map((x) => x.id);

describe('Second Chance Leads scorer', () => {
  // Each fact, added to an otherwise plain call, moves the score the way its reason reads.
  const cases: [string, Partial<CallFacts>, string, 'up' | 'down'][] = [
    ['asked for a quote', { customerTurns: ['How much would a new water heater cost?'] }, 'asked for a quote', 'up'],
    ['asked about availability', { customerTurns: ['When can you come out?'] }, 'asked about availability', 'up'],
    ['described a problem', { customerTurns: ['The sink is clogged.'] }, 'described a problem', 'up'],
    ['urgent', { customerTurns: ['The basement is flooding!'] }, 'urgent problem', 'up'],
    ['not interested', { customerTurns: ['No thanks, not interested.'] }, 'said not interested', 'down'],
    ['wrong number', { customerTurns: ['Sorry, wrong number.'] }, 'wrong number', 'down'],
    ['vendor', { customerTurns: ['Am I speaking with the business owner?'] }, 'vendor or sales call', 'down'],
    ['appointment set', { agentTurns: ["Great, you're all set for Thursday."] }, 'appointment set on the call', 'down'],
    ['follow-up promised', { agentTurns: ['I will call you back tomorrow with times.'] }, 'follow-up promised', 'up'],
    ['short call', { talkSeconds: 12 }, '12 s talk', 'down'],
    ['repeat caller', { repeatCalls: 2 }, 'called 3 times this week', 'up'],
    ['price shopping reason', { classification: 'not_booked', reason: 'price_shopping' }, 'agent: price shopping', 'up'],
    ['outside the service area', { classification: 'not_booked', reason: 'outside_service_area' }, 'agent: outside service area', 'down'],
    ['after hours', { localHour: 21 }, 'called after hours', 'up'],
  ];
  for (const [name, change, label, way] of cases) {
    it(`${name} moves the score ${way} and says "${label}"`, () => {
      const plain = scoreCall(DEFAULT_MODEL, base);
      const changed = scoreCall(DEFAULT_MODEL, { ...base, ...change });
      const before = logOdds(DEFAULT_MODEL, extractFeatures(base));
      const after = logOdds(DEFAULT_MODEL, extractFeatures({ ...base, ...change }));
      if (way === 'up') expect(after).toBeGreaterThan(before);
      else expect(after).toBeLessThan(before);
      expect(changed.score === plain.score || (way === 'up' ? changed.score > plain.score : changed.score < plain.score)).toBe(true);
      const reason = extractFeatures({ ...base, ...change }).find((f) => f.label === label);
      expect(reason, `feature labelled "${label}"`).toBeDefined();
      expect(Math.sign(DEFAULT_MODEL.weights[reason!.id]!)).toBe(way === 'up' ? 1 : -1);
    });
  }

  it('talks in minutes, and knows a call with no transcript for what it is', () => {
    expect(extractFeatures({ ...base, talkSeconds: 245 }).find((f) => f.id === 'talk_minutes')?.label).toBe('4 min talk');
    expect(ids({ ...base, customerTurns: [], agentTurns: [] })).toContain('no_transcript');
    expect(ids(base)).toContain('no_appointment');
    expect(ids({ ...base, agentTurns: ['I booked you in for Monday.'] })).not.toContain('no_appointment');
  });

  it('gives as reasons exactly the largest contributions, largest first, with their signs', () => {
    const facts: CallFacts = { ...base, customerTurns: ['Can you give me a quote?', 'When can you come out?'], talkSeconds: 240, existingCustomer: true, repeatCalls: 1 };
    const features = extractFeatures(facts);
    const contributions = features
      .map((f) => ({ label: f.label, contribution: (DEFAULT_MODEL.weights[f.id] ?? 0) * f.value }))
      .filter((c) => c.contribution !== 0)
      .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
    const s = scoreFeatures(DEFAULT_MODEL, features);
    expect(s.reasons.map((r) => r.label)).toEqual(contributions.slice(0, 4).map((c) => c.label));
    expect(s.reasons[0]).toEqual({ label: 'asked for a quote', contribution: 1.2 });
    expect(reasonLine(s, true)).toBe('asked for a quote · 4 min talk · asked about availability');
    const wrong = scoreCall(DEFAULT_MODEL, { ...base, customerTurns: ['Oops, wrong number.'], talkSeconds: 10 });
    expect(wrong.score).toBeLessThan(10);
    expect(reasonLine(wrong, false)).toBe('wrong number · 10 s talk');
  });

  it('scores 0–100 as the probability of a real opportunity', () => {
    const m: SclModel = { version: 3, bias: 0, weights: {} };
    expect(scoreCall(m, base)).toEqual({ score: 50, reasons: [], modelVersion: 3 });
  });
});

describe('refitting from CSR outcomes', () => {
  const facts = (customer: string): CallFacts => ({ ...base, customerTurns: [customer] });
  const quote = (i: number) => ({ key: `q${i}`, features: extractFeatures(facts(`Could I get a quote on job ${i}?`)), label: 1 as const });
  const wrong = (i: number) => ({ key: `w${i}`, features: extractFeatures(facts(`Sorry ${i}, wrong number.`)), label: 0 as const });

  it('learns that quote calls book and wrong numbers never do', () => {
    const neutral: SclModel = { version: 1, bias: 0, weights: {} };
    const labels: LabelledCall[] = Array.from({ length: 60 }, (_, i) => (i % 2 ? quote(i) : wrong(i)));
    const m = fitLogistic(neutral, labels, 2);
    expect(m.version).toBe(2);
    expect(m.weights['asked_quote']).toBeGreaterThan(1);
    expect(m.weights['wrong_number']).toBeLessThan(-1);
    expect(scoreCall(m, facts('What would you quote me for a drain cleaning?')).score).toBeGreaterThan(80);
    expect(scoreCall(m, facts('I dialed the wrong number, sorry.')).score).toBeLessThan(20);
    expect(evaluate(m, labels, 50)).toMatchObject({ precision: 1, recall: 1 });
  });

  it('holds out a fixed quarter of calls by key, the same on every refit', () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `CA${i.toString(16).padStart(32, '0')}`);
    const held = keys.filter(isHeldOut);
    expect(held.length / keys.length).toBeGreaterThan(0.2);
    expect(held.length / keys.length).toBeLessThan(0.3);
    expect(keys.filter(isHeldOut)).toEqual(held);
  });

  it('a refit trained on mislabelled calls is worse on held-out calls, so the rule keeps the current model', () => {
    const calls = simulatedLabelledCalls(800, 3);
    const train = calls.filter((c) => !isHeldOut(c.key));
    const heldOut = calls.filter((c) => isHeldOut(c.key));
    const flipped = train.map((c) => ({ ...c, label: (1 - c.label) as 0 | 1 }));
    const bad = fitLogistic(DEFAULT_MODEL, flipped, 2);
    const good = fitLogistic(DEFAULT_MODEL, train, 2);
    // The worse refit is refused, the better one adopted, each judged on the same held-out calls.
    const refused = judgeRefit(DEFAULT_MODEL, bad, heldOut, 50);
    expect(refused.adopted).toBe(false);
    expect(refused.candidate.precision!).toBeLessThan(refused.current.precision!);
    const adopted = judgeRefit(DEFAULT_MODEL, good, heldOut, 50);
    expect(adopted.adopted).toBe(true);
    expect(adopted.candidate.precision!).toBeGreaterThan(adopted.current.precision!);
    expect(judgeRefit(good, good, heldOut, 50).adopted).toBe(false);
  });
});
