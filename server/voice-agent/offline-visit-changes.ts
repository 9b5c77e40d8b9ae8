import { closingAsHeard } from '../../shared';
import type { AgentStep, Conversation, ConversationEvent } from './conversation';
import { handOff, miss, say, yesOrNo, type Memory } from './offline-dialog';

/*
 * The offline engine's dialog for a caller who already has a visit booked: the Reschedule and
 * Cancel skills. The visit is the one booked for the number they call from; the agent reads it
 * back, takes the new time or a yes, and changes it through the call's tools. With the skill
 * off, or no visit to be found, a person takes over with why.
 */

const CANCEL = /\bcancel(l?ing|l?ed)?\b|\bcall (it|the (appointment|visit|job)) off\b|\bdon'?t need (the|my|a) (appointment|visit|technician|tech)\b/;
const RESCHEDULE = /\bre-?schedul(e|ing)\b|\b(move|change|push( back)?|switch|shift)\b.{0,30}\b(appointment|visit|booking|job|time|day)\b|\b(different|another|new) (day|time)\b.{0,30}\b(appointment|visit)\b/;

/** Whether the caller asks to move or cancel a visit. "Cancel" first: "cancel my appointment for tomorrow" also sounds like a time. */
export function visitChangeWanted(lower: string): 'move' | 'cancel' | null {
  if (CANCEL.test(lower)) return 'cancel';
  return RESCHEDULE.test(lower) ? 'move' : null;
}

/** The caller wants to move or cancel their booked visit: the skill, then their visit, then the question. */
export async function* existingVisit(c: Conversation, m: Memory, want: 'move' | 'cancel', text: string): AsyncGenerator<AgentStep> {
  m.wanted = text;
  m.misses = 0;
  const what = want === 'move' ? 'move their booked visit' : 'cancel their booked visit';
  const on = want === 'move' ? c.settings.skills.rescheduleJobs : c.settings.skills.cancelJobs;
  if (!on) {
    // Looked up all the same (read only; the change tools check the skill): the CSR who takes
    // the caller sees which visit it is and whose, and the board names the caller.
    const job = await c.tools.findBookedJob();
    if (job) {
      m.existing = job;
      m.name = job.customerName;
    }
    yield* say(`I'm not able to ${want === 'move' ? 'change the time of' : 'cancel'} a booked visit myself.`);
    return yield* handOff(m, `${want === 'move' ? 'Rescheduling' : 'Cancelling'} is off for the Voice Agent; the caller wants to ${what}.`);
  }
  const job = await c.tools.findBookedJob();
  if (!job) {
    yield* say("I couldn't find an upcoming visit booked for the number you're calling from.");
    return yield* handOff(m, `No upcoming visit is booked for the caller's number; they want to ${what}.`);
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

/** The new time for the visit. */
export function* moveWhen(c: Conversation, m: Memory, text: string): Generator<AgentStep> {
  const found = c.tools.findSlots(text);
  if (!found.ok || !found.slots[0]) return yield* miss(m, 'Sorry, I could not find that time. What day and time works for you, for example Friday afternoon?');
  m.slot = found.slots[0];
  m.misses = 0;
  m.stage = 'move_confirm';
  return yield* say(`Shall I move your ${m.existing!.jobTypeName} visit to ${m.slot.label}?`);
}

/** The caller's yes or no to moving (another time, on no) or cancelling (they keep it, on no). */
export async function* confirmVisitChange(c: Conversation, m: Memory, e: ConversationEvent, lower: string): AsyncGenerator<AgentStep> {
  const answer = yesOrNo(e, lower);
  const job = m.existing!;
  const closing = closingAsHeard(c.settings, c.account.name);
  if (m.stage === 'move_confirm' && answer === 'yes') {
    const moved = await c.tools.rescheduleJob(job.id, m.slot!);
    if (!moved.ok) return yield* handOff(m, `Moving the caller's visit did not go through: ${moved.reason}`);
    m.stage = 'done';
    yield* say(`Done: your ${job.jobTypeName} visit is now ${m.slot!.label}. ${closing}`);
    return yield { type: 'end_call', outcome: 'rescheduled' };
  }
  if (m.stage === 'move_confirm' && answer === 'no') {
    m.stage = 'move_when';
    m.misses = 0;
    return yield* say('No problem. What day and time would suit you better?');
  }
  if (answer === 'yes') {
    const cancelled = await c.tools.cancelJob(job.id);
    if (!cancelled.ok) return yield* handOff(m, `Cancelling the caller's visit did not go through: ${cancelled.reason}`);
    m.stage = 'done';
    yield* say(`Your ${job.jobTypeName} visit ${job.label} is cancelled. ${closing}`);
    return yield { type: 'end_call', outcome: 'cancelled' };
  }
  if (answer === 'no') {
    m.stage = 'done';
    yield* say(`All right, your visit stays booked for ${job.label}. ${closing}`);
    return yield { type: 'end_call', outcome: 'kept' };
  }
  return yield* miss(m, 'Sorry, please say yes or no, or press 1 for yes and 2 for no.');
}
