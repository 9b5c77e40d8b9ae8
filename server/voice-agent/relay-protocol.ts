import { z } from 'zod';

/*
 * Twilio ConversationRelay's WebSocket messages, exactly as shared/reference/twilio.md §5
 * names them. Inbound messages are checked here; a message that fails is reported and
 * skipped, and the session goes on (Twilio does the same with ours: error 64107).
 */

const text = (max: number) => z.string().max(max);
/** The docs show durations both as numbers and as strings of digits. */
const millis = z.union([z.number().nonnegative(), z.string().regex(/^\d{1,9}$/).transform(Number)]);

export const setupMessage = z.object({
  type: z.literal('setup'),
  sessionId: text(64),
  accountSid: text(64),
  callSid: z.string().regex(/^CA[0-9a-fA-F]{32}$/),
  parentCallSid: text(64).optional().nullable(),
  from: text(64).optional().nullable(),
  to: text(64).optional().nullable(),
  forwardedFrom: text(64).optional().nullable(),
  callerName: text(100).optional().nullable(),
  direction: text(32).optional().nullable(),
  callType: text(32).optional().nullable(),
  callStatus: text(32).optional().nullable(),
  customParameters: z.record(z.string().max(64), z.string().max(500)).optional().nullable(),
});

export const relayInbound = z.discriminatedUnion('type', [
  setupMessage,
  z.object({ type: z.literal('prompt'), voicePrompt: text(8000), lang: text(32).optional(), last: z.boolean().optional() }),
  z.object({ type: z.literal('dtmf'), digit: z.string().regex(/^[0-9*#A-Da-dw]$/) }),
  z.object({ type: z.literal('interrupt'), utteranceUntilInterrupt: text(8000).optional().default(''), durationUntilInterruptMs: millis.optional() }),
  z.object({ type: z.literal('error'), description: text(2000).optional() }),
  // Sent by newer relays; accepted so they never count as malformed.
  z.object({ type: z.literal('info') }).passthrough(),
]);
export type RelayInbound = z.infer<typeof relayInbound>;

export type RelayOutbound =
  | { type: 'text'; token: string; last: boolean; lang?: string; interruptible?: boolean; preemptible?: boolean }
  | { type: 'play'; source: string; loop?: number; preemptible?: boolean; interruptible?: boolean }
  | { type: 'sendDigits'; digits: string }
  | { type: 'language'; ttsLanguage: string; transcriptionLanguage: string }
  /** handoffData is a string: Twilio passes it verbatim to the Connect action as HandoffData. */
  | { type: 'end'; handoffData: string };

/** What our `end` carries, read back by the Connect action. */
export const handoffDataSchema = z.object({
  reasonCode: z.enum(['live-agent-handoff', 'booked', 'not-booked', 'rescheduled', 'cancelled', 'kept']),
  reason: z.string().max(500).optional(),
  summary: z.string().max(2000).optional(),
});
export type HandoffData = z.infer<typeof handoffDataSchema>;

export function parseHandoffData(raw: string | undefined): HandoffData | null {
  if (!raw) return null;
  try {
    const r = handoffDataSchema.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
