import type { CallTranscriptTurn, UnbookedReason } from '../../shared';

/**
 * Scripted conversations for the simulated carrier's answered calls: what a contact center
 * hears in a day, with varied wording so the scorer cannot lean on one fixed sentence. Each
 * kind also says how often such a call turns out to be a real opportunity when a CSR follows
 * it up, which is what the bench and tests use as the CSRs' outcomes.
 */
export const CONVERSATION_KINDS = [
  'booked',
  'price_shopper',
  'think_about_it',
  'existing_customer',
  'wrong_number',
  'vendor',
  'emergency_not_dispatched',
  'follow_up_promised',
] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];

export type Rng = () => number;

/** A small seeded generator (mulberry32), so a bench run or a test sees the same calls every time. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

type Line = [speaker: 'customer' | 'agent', variants: readonly string[]];

type Script = {
  /** How often a CSR's follow-up finds a real opportunity. */
  opportunity: number;
  talk: [min: number, max: number];
  /** Reasons an agent who classifies the call picks. */
  reasons: readonly UnbookedReason[];
  /** How often a caller of this kind has called the account before. */
  existing: number;
  lines: readonly Line[];
};

const GREETING: Line = ['agent', ['Thanks for calling the service line, how can I help?', 'Good morning, you have reached the service desk. What can I do for you?', 'Hi there, thanks for calling. How can I help you today?']];
const PROBLEM: Line = ['customer', ['My water heater is leaking all over the garage floor.', 'The kitchen sink is clogged and backed up again.', 'Our furnace stopped working last night and it is blowing cold air.', 'The toilet upstairs keeps running and is making a noise.', 'The AC is not working and the house is really warm.']];

const SCRIPTS: Record<ConversationKind, Script> = {
  // The agent books the caller on the call: the demo records such a call as booked, never as an
  // unbooked call (whose transcript must not say a booking was made).
  booked: {
    opportunity: 0.03,
    talk: [150, 420],
    reasons: ['other'],
    existing: 0.3,
    lines: [
      GREETING,
      PROBLEM,
      ['customer', ['When can you send someone out?', 'What is your earliest opening?', 'Do you have anyone available this week?']],
      ['agent', ['I have a technician free Thursday between 8 and 10.', 'We can come out tomorrow afternoon between 1 and 3.']],
      ['customer', ['That works, let us do it.', 'Perfect, please book it.']],
      ['agent', ["Great, I've got you down for that window. You're all set.", "Okay, I booked you in and your confirmation number is 4471."]],
    ],
  },
  price_shopper: {
    opportunity: 0.85,
    talk: [90, 300],
    reasons: ['price_shopping', 'other'],
    existing: 0.1,
    lines: [
      GREETING,
      ['customer', ['How much do you charge to replace a water heater?', 'Can you give me a quote on a new garbage disposal?', 'What is your price for a drain cleaning?', 'I am looking for an estimate to repipe a small house.']],
      ['agent', ['It depends on the model, but most installs run between nine hundred and fourteen hundred dollars.', 'Our drain cleaning starts at eighty nine dollars plus parts.', 'We usually need a technician to look before we give an exact number.']],
      ['customer', ['Okay, I am getting a couple of other quotes first.', 'Hmm, that is a bit more than I expected.', 'Alright, I am comparing a few companies.']],
      ['agent', ['Understood, we also offer financing if that helps.', 'No problem, we do price match on most jobs.']],
      ['customer', ['Thanks, I will keep that in mind.', 'Good to know, thank you.']],
    ],
  },
  think_about_it: {
    opportunity: 0.8,
    talk: [120, 360],
    reasons: ['needs_approval', 'will_call_back', 'needs_to_check_schedule'],
    existing: 0.2,
    lines: [
      GREETING,
      PROBLEM,
      ['agent', ['We could have someone there Friday morning, the visit is seventy nine dollars.', 'I can get a technician out tomorrow, there is a dispatch fee of eighty nine dollars.']],
      ['customer', ['Let me talk to my wife and get back to you.', 'I need to think about it, I will get back to you.', 'Let me check with my landlord first.', 'I want to talk it over with my husband tonight.']],
      ['agent', ['Of course, just give us a call when you are ready.', 'Sure thing, we are here until six.']],
    ],
  },
  existing_customer: {
    opportunity: 0.08,
    talk: [45, 180],
    reasons: ['other'],
    existing: 0.9,
    lines: [
      GREETING,
      ['customer', ['I am calling about my appointment tomorrow, is the technician still coming?', 'I just want to confirm my appointment on Monday.', 'I need to reschedule the visit we set up for Wednesday.', 'I have a question about my invoice from last week.']],
      ['agent', ['Let me pull that up. Yes, you are on the schedule.', 'I see it here, everything is confirmed.', 'I have updated that for you.']],
      ['customer', ['Great, thanks so much.', 'Okay perfect, that is all I needed.']],
    ],
  },
  wrong_number: {
    opportunity: 0,
    talk: [8, 40],
    reasons: ['other'],
    existing: 0.05,
    lines: [
      GREETING,
      ['customer', ['Oh sorry, I think I have the wrong number.', 'Sorry, I meant to call the pharmacy.', 'Is this the dentist? Oh, I dialed the wrong number.']],
      ['agent', ['No problem, have a good day.', 'That is alright, take care.']],
    ],
  },
  vendor: {
    opportunity: 0,
    talk: [30, 150],
    reasons: ['other'],
    existing: 0.05,
    lines: [
      GREETING,
      ['customer', ['Hi, am I speaking with the business owner?', 'I am calling about your Google business listing.', 'We help home service companies with SEO and marketing services.', 'I can lower your rates on merchant services.']],
      ['agent', ['We are not interested, thank you.', 'Please take us off your list.']],
      ['customer', ['Can I just send over some information about advertising with us?', 'It will only take two minutes.']],
      ['agent', ['No thank you, goodbye.']],
    ],
  },
  emergency_not_dispatched: {
    opportunity: 0.9,
    talk: [90, 240],
    reasons: ['no_availability', 'other'],
    existing: 0.25,
    lines: [
      GREETING,
      ['customer', ['A pipe burst and there is water everywhere in the basement!', 'I smell gas near the water heater, it is an emergency.', 'The basement is flooding, can you send someone right now?', 'We have no heat and a newborn at home.']],
      ['agent', ['I am so sorry, our after hours technician is already on a call.', 'Our earliest opening is tomorrow morning, I am afraid.']],
      ['customer', ['I really need someone tonight.', 'Tomorrow is too late, what am I supposed to do?']],
      ['agent', ['I understand. Shut off the main valve and we will do our best.', 'Please stay safe, and call the gas company if the smell gets stronger.']],
    ],
  },
  follow_up_promised: {
    opportunity: 0.85,
    talk: [120, 420],
    reasons: ['needs_to_check_schedule', 'will_call_back', 'other'],
    existing: 0.2,
    lines: [
      GREETING,
      ['customer', ['We are thinking about replacing the whole furnace and AC system.', 'I need an estimate for a tankless water heater install.', 'We want to redo the plumbing in our bathroom remodel.']],
      ['agent', ['That is a great project. Our comfort advisor handles those.', 'For something that size we send a specialist to measure.']],
      ['customer', ['Okay, what are the next steps?', 'Sure, how does that work?']],
      ['agent', ['I will have the advisor call you back tomorrow to set a time.', 'Let me check the advisor calendar and we will follow up by email.', 'I will email you the quote options and reach out tomorrow.']],
    ],
  },
};

export type Conversation = {
  kind: ConversationKind;
  turns: CallTranscriptTurn[];
  talkSeconds: number;
  /** The agent's classification: null when the agent let the After Call Work Time pass. */
  reason: UnbookedReason | null;
  existingCustomer: boolean;
  /** What a CSR's follow-up will find: the label the bench and tests learn from. */
  opportunity: boolean;
};

/**
 * The mix of a contact center's answered calls the agent did not mark booked in time, as the
 * scorer meets them (the bench's labelled calls): a tenth of them were booked on the call.
 */
const MIX: [ConversationKind, number][] = [
  ['booked', 0.1], ['price_shopper', 0.18], ['think_about_it', 0.12], ['existing_customer', 0.15],
  ['wrong_number', 0.08], ['vendor', 0.1], ['emergency_not_dispatched', 0.1], ['follow_up_promised', 0.17],
];

export function randomConversationKind(rng: Rng): ConversationKind {
  let r = rng();
  for (const [kind, share] of MIX) {
    if ((r -= share) < 0) return kind;
  }
  return 'follow_up_promised';
}

/** Whether the agent booked the caller in this conversation (the call is then a booked call). */
export const bookedOnTheCall = (kind: ConversationKind): boolean => kind === 'booked';

/**
 * A conversation for a call that stays unbooked (the demo's answered calls nobody books, the
 * simulated customer a CSR takes before deciding the outcome): the same mix without the calls
 * booked on the phone, so no unbooked call's transcript says a booking was made.
 */
export function randomUnbookedConversationKind(rng: Rng): ConversationKind {
  const unbooked = MIX.filter(([kind]) => !bookedOnTheCall(kind));
  let r = rng() * unbooked.reduce((sum, [, share]) => sum + share, 0);
  for (const [kind, share] of unbooked) {
    if ((r -= share) < 0) return kind;
  }
  return 'follow_up_promised';
}

/** One conversation of this kind, its turns spread over its talk time. */
export function conversation(kind: ConversationKind, rng: Rng = Math.random, opts: { talkSeconds?: number } = {}): Conversation {
  const s = SCRIPTS[kind];
  const talkSeconds = opts.talkSeconds ?? Math.round(s.talk[0] + rng() * (s.talk[1] - s.talk[0]));
  const step = talkSeconds / s.lines.length;
  const turns = s.lines.map(([speaker, variants], i) => ({ speaker, text: pick(rng, variants), atSeconds: Math.round(i * step) }));
  // Half the agents classify in time; the other half let the After Call Work Time lapse.
  const reason = rng() < 0.5 ? pick(rng, s.reasons) : null;
  return { kind, turns, talkSeconds, reason, existingCustomer: rng() < s.existing, opportunity: rng() < s.opportunity };
}
