import { z } from 'zod';
import { id, isoInstant } from '../domain/records';

const callSid = z.string().regex(/^CA[0-9a-fA-F]{32}$/, 'Expected a CA… call SID.');

/** How a placed or taken call ended, as the softphone and the lead show it. */
export const callOutcomeSchema = z.enum(['answered', 'no_answer', 'busy', 'failed', 'canceled']);
export type CallOutcome = z.infer<typeof callOutcomeSchema>;

/** What an agent may record after a callback: a voicemail left, or a job booked with the customer. */
export type AfterCallChoice = 'voicemail' | 'book';

/**
 * The choices each way a callback can end makes possible. A voicemail is left only on a call
 * something answered (a voicemail box answers as a person does); a busy line, a call nobody
 * answered, one that failed or one hung up before the answer leave no message and book nothing.
 */
export const AFTER_CALL_CHOICES: Readonly<Record<CallOutcome, readonly AfterCallChoice[]>> = {
  answered: ['book', 'voicemail'],
  no_answer: [],
  busy: [],
  failed: [],
  canceled: [],
};

/** Whether a callback that ended so can have had that result. */
export const afterCallAllows = (outcome: CallOutcome, choice: AfterCallChoice): boolean => AFTER_CALL_CHOICES[outcome].includes(choice);

/** How a callback that reached nobody ended, in the words of the refusal below. */
const UNANSWERED_WORDS: Record<CallOutcome, string> = {
  answered: 'was answered',
  no_answer: 'went unanswered',
  busy: 'was busy',
  failed: 'failed',
  canceled: 'was hung up before anyone answered',
};

/**
 * Why that result cannot follow a callback that ended so, or null when it can: the server
 * refuses a voicemail flagged after a busy or unanswered callback with these words, the same
 * rule the prompt follows when it offers the choice at all.
 */
export function afterCallRefusal(outcome: CallOutcome, choice: AfterCallChoice): string | null {
  if (afterCallAllows(outcome, choice)) return null;
  const what = choice === 'voicemail' ? 'No voicemail can have been left' : 'No job can have been booked';
  return `${what}: the last callback ${UNANSWERED_WORDS[outcome]}.`;
}

/**
 * What the server tells a desk about calls, over the same socket as sync pokes:
 * - offer / offerEnded: a caller waits in a queue this user may take, or no longer does;
 * - bridged: this user is now talking to that caller (the call to classify afterwards);
 * - progress: a simulated call of this user's moved on (simulated-carrier mode only, where the
 *   server plays the part Twilio's Voice SDK plays in the renderer).
 */
export const voiceEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('offer'),
    callSid,
    accountId: id,
    queueId: id.nullable(),
    queueName: z.string().nullable(),
    from: z.string().max(64),
    callerName: z.string().max(100).nullable(),
    since: isoInstant,
    /** A caller the Voice Agent handed back: why, what it gathered (the visit, a name) and what was said so far. */
    handoff: z.object({ reason: z.string().max(500), summary: z.string().max(2000).nullable().optional(), transcript: z.string().max(20_000) }).nullable().optional(),
    /** Calling back after this user's voicemail: offered to them alone until then (the account's voicemail plan). */
    reservedUntil: isoInstant.nullable().optional(),
  }),
  z.object({ type: z.literal('offerEnded'), callSid }),
  z.object({ type: z.literal('bridged'), callSid, userId: id, accountId: id, from: z.string().max(64) }),
  z.object({
    type: z.literal('progress'),
    callSid,
    userId: id,
    direction: z.enum(['outbound', 'inbound']),
    state: z.enum(['ringing', 'open', 'closed']),
    outcome: callOutcomeSchema.nullable(),
    durationSeconds: z.number().int().nonnegative().nullable(),
    /** The number the customer sees, which the agent may give as the callback number. */
    callerId: z.string().max(64).nullable(),
  }),
]);
export type VoiceEvent = z.infer<typeof voiceEventSchema>;

/**
 * The frame that carries voice events on the desk socket: those of one turn of the server's
 * event loop together, in order (in a spike, many callers at once).
 */
export const voiceFrameSchema = z.object({ type: z.literal('voice'), events: z.array(voiceEventSchema).min(1).max(10_000) });
export type VoiceFrame = z.infer<typeof voiceFrameSchema>;
