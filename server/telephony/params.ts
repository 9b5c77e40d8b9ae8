import { z } from 'zod';

/*
 * Voice webhook parameters, named exactly as Twilio sends them (shared/reference/twilio.md §2).
 * Each schema lists only what the handler reads; Twilio's many other fields pass through.
 */

const sid = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `Expected a ${prefix}… SID.`);
const seconds = z
  .string()
  .regex(/^\d{1,7}$/, 'Expected a whole number of seconds.')
  .transform(Number);
const address = z.string().max(64);

export const CALL_STATUSES = ['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'] as const;
export type TwilioCallStatus = (typeof CALL_STATUSES)[number];

export const baseCallParams = z.object({
  CallSid: sid('CA'),
  AccountSid: sid('AC'),
  From: address.optional(),
  To: address.optional(),
  Direction: z.enum(['inbound', 'outbound-api', 'outbound-dial']).optional(),
});

export const incomingParams = baseCallParams.extend({
  From: address,
  To: address,
  CallStatus: z.enum(CALL_STATUSES),
  ForwardedFrom: address.optional(),
  CallerName: z.string().max(100).optional(),
});

export const enqueueActionParams = baseCallParams.extend({
  QueueResult: z.enum([
    'bridged', 'bridging-in-process', 'error', 'hangup', 'leave', 'redirected',
    'redirected-from-bridged', 'queue-full', 'system-error',
  ]),
  QueueSid: sid('QU').optional(),
  QueueTime: seconds.optional(),
});

export const queueBridgedParams = baseCallParams.extend({
  QueueSid: sid('QU'),
  QueueTime: seconds,
  DequeingCallSid: sid('CA'),
});

export const statusParams = baseCallParams.extend({
  CallStatus: z.enum(CALL_STATUSES),
  CallDuration: seconds.optional(),
  ParentCallSid: sid('CA').optional(),
  Timestamp: z.string().max(64).optional(),
});

export const dialActionParams = baseCallParams.extend({
  DialCallStatus: z.enum(['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled']),
  DialCallSid: sid('CA').optional(),
  DialCallDuration: seconds.optional(),
});

export const recordingParams = baseCallParams.extend({
  RecordingSid: sid('RE'),
  RecordingUrl: z.url(),
  RecordingStatus: z.enum(['in-progress', 'completed', 'absent']),
  RecordingDuration: seconds.optional(),
});

export const voicemailParams = baseCallParams.extend({
  RecordingUrl: z.url().optional(),
  RecordingSid: sid('RE').optional(),
  RecordingDuration: seconds.optional(),
});

export const waitChoiceParams = baseCallParams.extend({ Digits: z.string().max(10).optional() });

/** Status order, so a late "ringing" can never overwrite "completed". */
export const STATUS_RANK: Record<TwilioCallStatus, number> = {
  queued: 1, initiated: 1, ringing: 2, 'in-progress': 3,
  completed: 4, busy: 4, failed: 4, 'no-answer': 4, canceled: 4,
};

/**
 * The TwiML App's Voice URL, asked by Twilio when the softphone places a call: From is
 * `client:<identity>`, and every `params` key the app passed to `device.connect` is its own field.
 */
export const clientCallParams = baseCallParams.extend({
  From: z.string().regex(/^client:[A-Za-z0-9_]{1,121}$/, 'Expected the softphone client as From.'),
  leadId: z.string().min(1).max(64).optional(),
  takeCall: sid('CA').optional(),
});

/**
 * Real-time transcription callbacks (`<Start><Transcription statusCallbackUrl>`, twilio.md §6).
 * Only final `transcription-content` events carry an utterance worth keeping.
 */
export const transcriptionParams = baseCallParams.extend({
  TranscriptionSid: z.string().regex(/^GT[0-9a-fA-F]{32}$/, 'Expected a GT… SID.'),
  TranscriptionEvent: z.enum(['transcription-started', 'transcription-content', 'transcription-stopped', 'transcription-error']),
  TranscriptionData: z.string().max(20_000).optional(),
  Final: z.enum(['true', 'false']).optional(),
  Track: z.string().max(64).optional(),
  SequenceId: z.string().regex(/^\d{1,9}$/).transform(Number).optional(),
  Timestamp: z.string().max(64).optional(),
});

/** The queue's waitUrl: how long this caller has waited so far. */
export const waitParams = waitChoiceParams.extend({ QueueTime: seconds.optional(), QueuePosition: z.string().max(8).optional() });

/** ConversationRelay's <Connect action>, after the session ends (twilio.md §5). */
export const relayActionParams = baseCallParams.extend({
  CallStatus: z.enum(CALL_STATUSES).optional(),
  SessionId: z.string().max(64).optional(),
  SessionStatus: z.string().max(32).optional(),
  SessionDuration: seconds.optional(),
  HandoffData: z.string().max(4000).optional(),
  ErrorCode: z.string().max(16).optional(),
  ErrorMessage: z.string().max(500).optional(),
});
