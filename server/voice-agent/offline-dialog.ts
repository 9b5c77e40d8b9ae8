import { tokens, type AgentStep, type BookedJob, type Conversation, type ConversationEvent, type JobTypeOffer, type Slot } from './conversation';

/*
 * What the offline engine's dialogs share: where the conversation stands and what it has
 * learnt, how a sentence is said, yes or no, asking again, and handing off with what was
 * gathered. The booking dialog (offline-engine.ts) and the booked-visit dialog
 * (offline-visit-changes.ts) both speak through these.
 */

export type Stage = 'need' | 'offer_booking' | 'name' | 'address' | 'when' | 'confirm' | 'message' | 'move_when' | 'move_confirm' | 'cancel_confirm' | 'done';
export type Memory = {
  stage: Stage;
  misses: number;
  /** The caller's booked visit they want to move or cancel. */
  existing?: BookedJob;
  job?: JobTypeOffer;
  wanted?: string;
  name?: string;
  address?: string;
  slot?: Slot;
};

const YES = /\b(yes|yeah|yep|yup|sure|correct|right|please do|book it|go ahead|sounds good|that works|works for me|perfect|ok|okay|absolutely|definitely)\b/;
const NO = /\b(no|nope|nah|not really|don'?t|wrong|change|different|another)\b/;

/** The caller's answer to a yes-or-no question, said or pressed (1 yes, 2 no); null when it is neither. */
export function yesOrNo(e: ConversationEvent, lower: string): 'yes' | 'no' | null {
  if (e.type === 'dtmf') return e.digit === '1' ? 'yes' : e.digit === '2' ? 'no' : null;
  if (YES.test(lower) && !/\bnot\b/.test(lower)) return 'yes';
  return NO.test(lower) ? 'no' : null;
}

export const saysYes = (lower: string) => YES.test(lower);
export const saysNo = (lower: string) => NO.test(lower);

/** What the agent was asking for at each stage, as the hand-off reason tells it. */
const ASKING: Partial<Record<Stage, string>> = {
  need: 'what they need',
  offer_booking: 'whether to book',
  confirm: 'a yes or no to the booking',
  move_when: 'a new time for their visit',
  move_confirm: 'a yes or no to moving their visit',
  cancel_confirm: 'a yes or no to cancelling their visit',
};

export function memoryOf(c: Conversation): Memory {
  if (!c.memory['stage']) Object.assign(c.memory, { stage: 'need', misses: 0 } satisfies Memory);
  return c.memory as unknown as Memory;
}

/** One sentence said; it ends with a space, since a reply is often two sentences said one after the other. */
export function say(text: string): Generator<AgentStep> {
  return tokens(/\s$/.test(text) ? text : `${text} `);
}

/** Asks again, or hands off when this is the second miss in a row. */
export function* miss(m: Memory, again: string): Generator<AgentStep> {
  m.misses++;
  if (m.misses >= 2) return yield* handOff(m, `The Voice Agent did not understand the caller twice (while asking for ${ASKING[m.stage] ?? m.stage}).`);
  yield* say(again);
}

/** To a person, with why and everything learnt so far (the CSR's desk shows it). */
export function* handOff(m: Memory, reason: string): Generator<AgentStep> {
  m.stage = 'done';
  yield* say("Let me get you to a member of our team. Please hold; they'll see what we talked about.");
  const facts = [
    m.wanted && `Wants: ${m.wanted}`,
    m.existing && `Booked visit: ${m.existing.jobTypeName}, ${m.existing.label}, at ${m.existing.address}`,
    m.job && `Job type: ${m.job.name}`,
    m.name && `Name: ${m.name}`,
    m.address && `Address: ${m.address}`,
    m.slot && `Preferred time: ${m.slot.label}`,
  ];
  // Empty when nothing was learnt: the desks then show the reason and the transcript alone.
  yield { type: 'hand_off', reason, summary: facts.filter(Boolean).join('; ') };
}
