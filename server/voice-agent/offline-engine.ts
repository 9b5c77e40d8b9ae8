import { closingAsHeard, dispatchFeeMessage } from '../../shared';
import type { AgentEngine, AgentStep, Conversation, ConversationEvent } from './conversation';
import { matchJobType } from './job-match';
import { handOff, memoryOf, miss, say, saysNo, saysYes, yesOrNo, type Memory } from './offline-dialog';
import { confirmVisitChange, existingVisit, moveWhen, visitChangeWanted } from './offline-visit-changes';

/*
 * The offline engine: a booking dialog that needs no network. It learns what the caller needs
 * and matches it to a bookable job type, takes their name, the service address and a time,
 * states the dispatch fee, confirms and books; it asks again when it did not understand and
 * hands off after two misses in a row, or at once when the caller asks for a person. A caller
 * who already has a visit booked is passed to the visit dialog (offline-visit-changes.ts).
 */

const PERSON = /\b(real|live|actual) (person|human)\b|\b(human|representative|operator|receptionist)\b|\b(speak|talk) (to|with) (someone|somebody|a person|a human|an agent|a manager|the office|your office|a rep)\b|\b(a|an) (person|agent|manager|rep)\b(?! (to|who) (come|fix|look))/;
const PRICE = /\b(how much|price|prices|cost|costs|charge|fee|rate|rates|quote me)\b/;
const BYE = /\b(just checking|just looking|no thanks|not now|maybe later|i'?ll call back|that'?s all|goodbye|bye)\b/;

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
    if (e.type === 'dtmf' && e.digit === '0') return yield* handOff(m, 'The caller pressed 0 for a person.');
    if (e.type === 'prompt' && PERSON.test(lower)) {
      return yield* handOff(m, 'The caller asked for a person.');
    }
    switch (m.stage) {
      case 'need':
      case 'offer_booking':
        return yield* this.need(c, m, e, text, lower);
      case 'message':
        return yield* this.message(c, m, text);
      case 'move_when':
        return yield* moveWhen(c, m, text);
      case 'move_confirm':
      case 'cancel_confirm':
        return yield* confirmVisitChange(c, m, e, lower);
      case 'name': {
        const name = nameFrom(text);
        if (!name) return yield* miss(m, 'Sorry, I did not catch your name. Could you say it again?');
        m.name = name;
        return yield* this.advance(c, m);
      }
      case 'address': {
        const address = addressFrom(text);
        if (!address) return yield* miss(m, 'Sorry, I need the street address with the house number, for example 1420 Elm Street.');
        m.address = address;
        return yield* this.advance(c, m);
      }
      case 'when':
        return yield* this.when(c, m, text);
      case 'confirm': {
        const answer = yesOrNo(e, lower);
        if (answer === 'yes') return yield* this.book(c, m);
        if (answer === 'no') {
          m.stage = 'when';
          m.misses = 0;
          return yield* say('No problem. What day and time would suit you better?');
        }
        return yield* miss(m, 'Sorry, should I book it? Please say yes or no, or press 1 for yes and 2 for no.');
      }
    }
  }

  private async *need(c: Conversation, m: Memory, e: ConversationEvent, text: string, lower: string): AsyncGenerator<AgentStep> {
    if (e.type !== 'prompt') return yield* miss(m, 'Sorry, please tell me what you need help with.');
    const change = m.stage === 'need' ? visitChangeWanted(lower) : null;
    if (change) return yield* existingVisit(c, m, change, text);
    if (m.stage === 'offer_booking') {
      if (BYE.test(lower) || (saysNo(lower) && !saysYes(lower))) {
        m.stage = 'done';
        yield* say(`No problem. ${closingAsHeard(c.settings, c.account.name)}`);
        return yield { type: 'end_call', outcome: 'not_booked' };
      }
      if (saysYes(lower)) return yield* this.advance(c, m);
    }
    const job = matchJobType(text, c.jobTypes) ?? (m.stage === 'offer_booking' ? m.job : null);
    if (!job) {
      const list = c.jobTypes.slice(0, 4).map((j) => j.name.toLowerCase()).join(', ');
      return yield* miss(m, `Sorry, I did not quite understand. What do you need help with? For example: ${list}.`);
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
      return yield* handOff(m, `Booking is off for the Voice Agent; message taken for ${m.job?.name ?? 'a service request'}.`);
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
    if (!name) return yield* miss(m, 'Sorry, I did not catch your name. Could you say it again?');
    m.name = name;
    yield* say(`Thank you, ${name.split(' ')[0]}.`);
    return yield* handOff(m, `Booking is off for the Voice Agent; message taken for ${m.job?.name ?? 'a service request'}.`);
  }

  private *when(c: Conversation, m: Memory, text: string): Generator<AgentStep> {
    const found = c.tools.findSlots(text);
    if (!found.ok || !found.slots[0]) {
      const why = found.ok ? '' : found.reason === 'closed' ? ' We schedule visits between 8 AM and 8 PM.' : found.reason === 'past' ? ' That time has already passed.' : '';
      return yield* miss(m, `Sorry, I could not find that time.${why} What day and time works for you, for example tomorrow morning?`);
    }
    m.slot = found.slots[0];
    return yield* this.advance(c, m);
  }

  private async *book(c: Conversation, m: Memory): AsyncGenerator<AgentStep> {
    // Said while the booking is written, so the caller never waits in silence.
    yield* say('Great, booking that now. ');
    const booked = await c.tools.bookJob({ jobTypeId: m.job!.id, slot: m.slot!, customerName: m.name!, address: m.address!, wanted: m.wanted ?? m.job!.name });
    if (!booked.ok) return yield* handOff(m, `The booking did not go through: ${booked.reason}`);
    m.stage = 'done';
    const when = c.settings.skills.checkAvailability ? m.slot!.label : `requested for ${m.slot!.label}; our office will call you to confirm the time`;
    yield* say(`You're all set: ${m.job!.name}, ${when}. ${closingAsHeard(c.settings, c.account.name)}`);
    yield { type: 'end_call', outcome: 'booked' };
  }
}
