import { closingAsHeard, dispatchFeeMessage } from '../../shared';
import { tokens, type AgentEngine, type AgentStep, type BookedJob, type Conversation, type ConversationEvent, type JobTypeOffer, type Slot } from './conversation';
import { matchJobType } from './job-match';

/*
 * The offline engine: a booking dialog that needs no network. It learns what the caller needs
 * and matches it to a bookable job type, takes their name, the service address and a time,
 * states the dispatch fee, confirms and books; it asks again when it did not understand and
 * hands off after two misses in a row, or at once when the caller asks for a person. A caller
 * who already has a visit booked can move it or cancel it when those skills are on (the visit
 * is found by the number they call from); with a skill off the agent hands them to a person.
 */

type Stage = 'need' | 'offer_booking' | 'name' | 'address' | 'when' | 'confirm' | 'message' | 'move_when' | 'move_confirm' | 'cancel_confirm' | 'done';
type Memory = {
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

const PERSON = /\b(real|live|actual) (person|human)\b|\b(human|representative|operator|receptionist)\b|\b(speak|talk) (to|with) (someone|somebody|a person|a human|an agent|a manager|the office|your office|a rep)\b|\b(a|an) (person|agent|manager|rep)\b(?! (to|who) (come|fix|look))/;
const PRICE = /\b(how much|price|prices|cost|costs|charge|fee|rate|rates|quote me)\b/;
const YES = /\b(yes|yeah|yep|yup|sure|correct|right|please do|book it|go ahead|sounds good|that works|works for me|perfect|ok|okay|absolutely|definitely)\b/;
const NO = /\b(no|nope|nah|not really|don'?t|wrong|change|different|another)\b/;
const CANCEL = /\bcancel(l?ing|l?ed)?\b|\bcall (it|the (appointment|visit|job)) off\b|\bdon'?t need (the|my|a) (appointment|visit|technician|tech)\b/;
const RESCHEDULE = /\bre-?schedul(e|ing)\b|\b(move|change|push( back)?|switch|shift)\b.{0,30}\b(appointment|visit|booking|job|time|day)\b|\b(different|another|new) (day|time)\b.{0,30}\b(appointment|visit)\b/;
const BYE = /\b(just checking|just looking|no thanks|not now|maybe later|i'?ll call back|that'?s all|goodbye|bye)\b/;

/** What the agent was asking for at each stage, as the hand-off reason tells it. */
const ASKING: Partial<Record<Stage, string>> = {
  need: 'what they need',
  offer_booking: 'whether to book',
  confirm: 'a yes or no to the booking',
  move_when: 'a new time for their visit',
  move_confirm: 'a yes or no to moving their visit',
  cancel_confirm: 'a yes or no to cancelling their visit',
};

function memoryOf(c: Conversation): Memory {
  if (!c.memory['stage']) Object.assign(c.memory, { stage: 'need', misses: 0 } satisfies Memory);
  return c.memory as unknown as Memory;
}

/** One sentence said; it ends with a space, since a reply is often two sentences said one after the other. */
function say(text: string): Generator<AgentStep> {
  return tokens(/\s$/.test(text) ? text : `${text} `);
}

/** "my name is Dana Whitfield" → "Dana Whitfield"; null when it does not sound like a name. */
export function nameFrom(text: string): string | null {
  const cleaned = text
    .replace(/[.,!?]/g, ' ')
    .replace(/^\s*(yes|yeah|sure|ok|okay|hi|hello|um+|uh+)\b/i, '')
    .replace(/\b(my name is|my name's|name is|this is|it is|it's|i am|i'm|call me)\b/i, '')
    .trim();
  const words = cleaned.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 4 || words.some((w) => /\d/.test(w))) return null;
  return words.map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()).join(' ');
}

/** An address needs a house number and a street: "1420 Elm Street". */
export function addressFrom(text: string): string | null {
  const m = text.match(/\b\d{1,6}[a-z]?\s+[a-z][\w .,'#-]{2,}/i);
  return m ? m[0].trim().replace(/[.,\s]+$/, '') : null;
}

export class OfflineEngine implements AgentEngine {
  readonly name = 'offline';

  async *respond(c: Conversation, e: ConversationEvent): AsyncIterable<AgentStep> {
    const m = memoryOf(c);
    if (m.stage === 'done' || e.type === 'interrupt') return;
    const text = e.type === 'prompt' ? e.text.trim() : '';
    const lower = text.toLowerCase();
    if (e.type === 'dtmf' && e.digit === '0') return yield* this.handOff(c, m, 'The caller pressed 0 for a person.');
    if (e.type === 'prompt' && PERSON.test(lower)) {
      return yield* this.handOff(c, m, 'The caller asked for a person.');
    }
    switch (m.stage) {
      case 'need':
      case 'offer_booking':
        return yield* this.need(c, m, e, text, lower);
      case 'message':
        return yield* this.message(c, m, text);
      case 'move_when':
        return yield* this.moveWhen(c, m, text);
      case 'move_confirm':
      case 'cancel_confirm': {
        const yes = e.type === 'dtmf' ? e.digit === '1' : YES.test(lower) && !/\bnot\b/.test(lower);
        const no = e.type === 'dtmf' ? e.digit === '2' : NO.test(lower);
        if (m.stage === 'move_confirm') {
          if (yes) return yield* this.move(c, m);
          if (no) {
            m.stage = 'move_when';
            m.misses = 0;
            return yield* say('No problem. What day and time would suit you better?');
          }
        } else {
          if (yes) return yield* this.cancel(c, m);
          if (no) {
            m.stage = 'done';
            yield* say(`All right, your visit stays booked for ${m.existing!.label}. ${closingAsHeard(c.settings, c.account.name)}`);
            return yield { type: 'end_call', outcome: 'kept' };
          }
        }
        return yield* this.miss(c, m, 'Sorry, please say yes or no, or press 1 for yes and 2 for no.');
      }
      case 'name': {
        const name = nameFrom(text);
        if (!name) return yield* this.miss(c, m, 'Sorry, I did not catch your name. Could you say it again?');
        m.name = name;
        return yield* this.advance(c, m);
      }
      case 'address': {
        const address = addressFrom(text);
        if (!address) return yield* this.miss(c, m, 'Sorry, I need the street address with the house number, for example 1420 Elm Street.');
        m.address = address;
        return yield* this.advance(c, m);
      }
      case 'when':
        return yield* this.when(c, m, text);
      case 'confirm': {
        const yes = e.type === 'dtmf' ? e.digit === '1' : YES.test(lower) && !/\bnot\b/.test(lower);
        const no = e.type === 'dtmf' ? e.digit === '2' : NO.test(lower);
        if (yes) return yield* this.book(c, m);
        if (no) {
          m.stage = 'when';
          m.misses = 0;
          return yield* say('No problem. What day and time would suit you better?');
        }
        return yield* this.miss(c, m, 'Sorry, should I book it? Please say yes or no, or press 1 for yes and 2 for no.');
      }
    }
  }

  private async *need(c: Conversation, m: Memory, e: ConversationEvent, text: string, lower: string): AsyncGenerator<AgentStep> {
    if (e.type !== 'prompt') return yield* this.miss(c, m, 'Sorry, please tell me what you need help with.');
    // "Cancel" first: "cancel my appointment for tomorrow" also sounds like a change of time.
    if (m.stage === 'need' && CANCEL.test(lower)) return yield* this.existingJob(c, m, 'cancel', text);
    if (m.stage === 'need' && RESCHEDULE.test(lower)) return yield* this.existingJob(c, m, 'move', text);
    if (m.stage === 'offer_booking') {
      if (BYE.test(lower) || (NO.test(lower) && !YES.test(lower))) {
        m.stage = 'done';
        yield* say(`No problem. ${closingAsHeard(c.settings, c.account.name)}`);
        return yield { type: 'end_call', outcome: 'not_booked' };
      }
      if (YES.test(lower)) return yield* this.advance(c, m);
    }
    const job = matchJobType(text, c.jobTypes) ?? (m.stage === 'offer_booking' ? m.job : null);
    if (!job) {
      const list = c.jobTypes.slice(0, 4).map((j) => j.name.toLowerCase()).join(', ');
      return yield* this.miss(c, m, `Sorry, I did not quite understand. What do you need help with? For example: ${list}.`);
    }
    m.job = job;
    m.wanted = m.wanted ? `${m.wanted} / ${text}` : text;
    m.misses = 0;
    if (PRICE.test(lower)) {
      m.stage = 'offer_booking';
      const offer = c.settings.skills.bookJobs ? ' Would you like me to book a visit?' : ' Would you like a team member to call you back?';
      return yield* say(`${dispatchFeeMessage(c.settings, c.account.name, job)}${offer}`);
    }
    yield* say(c.settings.skills.bookJobs ? `I can help with that: ${job.name}.` : `I understand, that's ${job.name}.`);
    return yield* this.advance(c, m);
  }

  /** Asks for the next thing still missing, or for the confirmation when nothing is. */
  private *advance(c: Conversation, m: Memory): Generator<AgentStep> {
    m.misses = 0;
    if (!c.settings.skills.bookJobs) {
      // Booking is switched off for this account: take a message for the team, then hand off.
      if (!m.name) {
        m.stage = 'message';
        return yield* say("I'm not able to book that myself, so I'll take a message and pass you to the team. May I have your name?");
      }
      return yield* this.handOff(c, m, `Booking is off for the Voice Agent; message taken for ${m.job?.name ?? 'a service request'}.`);
    }
    if (!m.name) {
      m.stage = 'name';
      return yield* say('May I have your name, please?');
    }
    if (!m.address) {
      m.stage = 'address';
      return yield* say(`Thanks, ${m.name.split(' ')[0]}. What is the address where you need the service?`);
    }
    if (!m.slot) {
      m.stage = 'when';
      return yield* say(
        c.settings.skills.checkAvailability
          ? 'When would you like us to come out? For example, tomorrow morning.'
          : 'What day and time would you prefer? Our office will confirm the exact time.',
      );
    }
    m.stage = 'confirm';
    const fee = dispatchFeeMessage(c.settings, c.account.name, m.job!);
    // Without the availability skill the agent promises no time: the window is the caller's request.
    if (!c.settings.skills.checkAvailability) {
      return yield* say(`${fee} Shall I book ${m.job!.name} at ${m.address}, with ${m.slot.label} as your preferred time? Our office will confirm the exact time.`);
    }
    return yield* say(`${fee} Shall I book ${m.job!.name} for ${m.slot.label}, at ${m.address}?`);
  }

  private *message(c: Conversation, m: Memory, text: string): Generator<AgentStep> {
    const name = nameFrom(text);
    if (!name) return yield* this.miss(c, m, 'Sorry, I did not catch your name. Could you say it again?');
    m.name = name;
    yield* say(`Thank you, ${name.split(' ')[0]}.`);
    return yield* this.handOff(c, m, `Booking is off for the Voice Agent; message taken for ${m.job?.name ?? 'a service request'}.`);
  }

  /** The caller wants to move or cancel their booked visit: the skill, then their visit, then the question. */
  private async *existingJob(c: Conversation, m: Memory, want: 'move' | 'cancel', text: string): AsyncGenerator<AgentStep> {
    m.wanted = text;
    m.misses = 0;
    const what = want === 'move' ? 'move their booked visit' : 'cancel their booked visit';
    const on = want === 'move' ? c.settings.skills.rescheduleJobs : c.settings.skills.cancelJobs;
    if (!on) {
      yield* say(`I'm not able to ${want === 'move' ? 'change the time of' : 'cancel'} a booked visit myself.`);
      return yield* this.handOff(c, m, `${want === 'move' ? 'Rescheduling' : 'Cancelling'} is off for the Voice Agent; the caller wants to ${what}.`);
    }
    const job = await c.tools.findBookedJob();
    if (!job) {
      yield* say("I couldn't find an upcoming visit booked for the number you're calling from.");
      return yield* this.handOff(c, m, `No upcoming visit is booked for the caller's number; they want to ${what}.`);
    }
    m.existing = job;
    m.name = job.customerName;
    const seen = `I see your ${job.jobTypeName} visit ${job.label}, at ${job.address}.`;
    if (want === 'cancel') {
      m.stage = 'cancel_confirm';
      return yield* say(`${seen} Shall I cancel it?`);
    }
    // "Can I move my appointment to Friday morning": the new time may come with the request, after
    // "to" or "for" (a time said otherwise may be the visit's current one).
    const asked = text.match(/\b(?:to|for|until|till)\s+(.+)$/i)?.[1];
    const found = asked ? c.tools.findSlots(asked) : null;
    if (found?.ok && found.slots[0] && found.slots[0].label !== job.label) {
      m.slot = found.slots[0];
      m.stage = 'move_confirm';
      return yield* say(`${seen} Shall I move it to ${m.slot.label}?`);
    }
    m.stage = 'move_when';
    return yield* say(`${seen} When would you like us to come instead?`);
  }

  private *moveWhen(c: Conversation, m: Memory, text: string): Generator<AgentStep> {
    const found = c.tools.findSlots(text);
    if (!found.ok || !found.slots[0]) return yield* this.miss(c, m, 'Sorry, I could not find that time. What day and time works for you, for example Friday afternoon?');
    m.slot = found.slots[0];
    m.misses = 0;
    m.stage = 'move_confirm';
    return yield* say(`Shall I move your ${m.existing!.jobTypeName} visit to ${m.slot.label}?`);
  }

  private async *move(c: Conversation, m: Memory): AsyncGenerator<AgentStep> {
    const job = m.existing!;
    const moved = await c.tools.rescheduleJob(job.id, m.slot!);
    if (!moved.ok) return yield* this.handOff(c, m, `Moving the caller's visit did not go through: ${moved.reason}`);
    m.stage = 'done';
    yield* say(`Done: your ${job.jobTypeName} visit is now ${m.slot!.label}. ${closingAsHeard(c.settings, c.account.name)}`);
    yield { type: 'end_call', outcome: 'rescheduled' };
  }

  private async *cancel(c: Conversation, m: Memory): AsyncGenerator<AgentStep> {
    const job = m.existing!;
    const cancelled = await c.tools.cancelJob(job.id);
    if (!cancelled.ok) return yield* this.handOff(c, m, `Cancelling the caller's visit did not go through: ${cancelled.reason}`);
    m.stage = 'done';
    yield* say(`Your ${job.jobTypeName} visit ${job.label} is cancelled. ${closingAsHeard(c.settings, c.account.name)}`);
    yield { type: 'end_call', outcome: 'cancelled' };
  }

  private *when(c: Conversation, m: Memory, text: string): Generator<AgentStep> {
    const found = c.tools.findSlots(text);
    if (!found.ok || !found.slots[0]) {
      const why = found.ok ? '' : found.reason === 'closed' ? ' We schedule visits between 8 AM and 8 PM.' : found.reason === 'past' ? ' That time has already passed.' : '';
      return yield* this.miss(c, m, `Sorry, I could not find that time.${why} What day and time works for you, for example tomorrow morning?`);
    }
    m.slot = found.slots[0];
    return yield* this.advance(c, m);
  }

  private async *book(c: Conversation, m: Memory): AsyncGenerator<AgentStep> {
    // Said while the booking is written, so the caller never waits in silence.
    yield* say('Great, booking that now. ');
    const booked = await c.tools.bookJob({ jobTypeId: m.job!.id, slot: m.slot!, customerName: m.name!, address: m.address!, wanted: m.wanted ?? m.job!.name });
    if (!booked.ok) return yield* this.handOff(c, m, `The booking did not go through: ${booked.reason}`);
    m.stage = 'done';
    const when = c.settings.skills.checkAvailability ? m.slot!.label : `requested for ${m.slot!.label}; our office will call you to confirm the time`;
    yield* say(`You're all set: ${m.job!.name}, ${when}. ${closingAsHeard(c.settings, c.account.name)}`);
    yield { type: 'end_call', outcome: 'booked' };
  }

  private *miss(c: Conversation, m: Memory, again: string): Generator<AgentStep> {
    m.misses++;
    if (m.misses >= 2) return yield* this.handOff(c, m, `The Voice Agent did not understand the caller twice (while asking for ${ASKING[m.stage] ?? m.stage}).`);
    yield* say(again);
  }

  private *handOff(_c: Conversation, m: Memory, reason: string): Generator<AgentStep> {
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
    yield { type: 'hand_off', reason, summary: facts.filter(Boolean).join('; ') || 'Nothing gathered yet.' };
  }
}
