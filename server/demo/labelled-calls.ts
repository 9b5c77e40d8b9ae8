import { extractFeatures, type CallFacts, type LabelledCall } from '../../shared';
import { conversation, randomConversationKind, seededRng, type Conversation } from './conversations';

const CAMPAIGNS = [
  { id: 'cmp-north-radio', name: 'Spring Radio' },
  { id: 'cmp-north-web', name: 'Website' },
  { id: 'cmp-south-tv', name: 'Local TV' },
];

/** The facts the server would gather for a simulated conversation. */
export function factsOf(c: Conversation, extra: Partial<CallFacts> = {}): CallFacts {
  return {
    customerTurns: c.turns.filter((t) => t.speaker === 'customer').map((t) => t.text),
    agentTurns: c.turns.filter((t) => t.speaker === 'agent').map((t) => t.text),
    talkSeconds: c.talkSeconds,
    classification: c.reason ? 'not_booked' : null,
    reason: c.reason,
    existingCustomer: c.existingCustomer,
    repeatCalls: 0,
    campaign: null,
    localHour: 12,
    ...extra,
  };
}

/**
 * `n` simulated answered, unbooked calls with the outcome a CSR's follow-up would record:
 * the labelled set the bench and the learning tests measure precision and recall on.
 */
export function simulatedLabelledCalls(n: number, seed = 15): (LabelledCall & { facts: CallFacts; conversation: Conversation })[] {
  const rng = seededRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const c = conversation(randomConversationKind(rng), rng);
    const facts = factsOf(c, {
      repeatCalls: rng() < 0.15 ? 1 + Math.floor(rng() * 2) : 0,
      campaign: CAMPAIGNS[Math.floor(rng() * CAMPAIGNS.length)]!,
      localHour: 7 + Math.floor(rng() * 13),
    });
    return { key: `sim-${seed}-${i}`, facts, features: extractFeatures(facts), label: c.opportunity ? 1 : 0, conversation: c };
  });
}
