import { z } from 'zod';
import { id, isoInstant } from '../domain/records';

/*
 * What supervisors and admins see of the Voice Agent at work: today's sessions with their
 * transcripts, the live tile, and the usage meter that billing reads.
 */

/**
 * How a session ended. `rescheduled` and `cancelled` changed the caller's booked job (the
 * Reschedule and Cancel skills); `kept` is a caller who meant to cancel and kept their visit.
 */
export const VOICE_AGENT_OUTCOMES = ['booked', 'handed_off', 'hung_up', 'failed', 'rescheduled', 'cancelled', 'kept'] as const;
export type VoiceAgentOutcome = (typeof VOICE_AGENT_OUTCOMES)[number];
export const VOICE_AGENT_OUTCOME_LABELS: Record<VoiceAgentOutcome, string> = {
  booked: 'Booked',
  handed_off: 'Handed off',
  hung_up: 'Hung up',
  failed: 'Failed',
  rescheduled: 'Rescheduled a visit',
  cancelled: 'Cancelled a visit',
  kept: 'Kept their visit',
};

export const transcriptTurnSchema = z.object({
  who: z.enum(['caller', 'agent']),
  text: z.string().max(4000),
  at: isoInstant,
});
export type TranscriptTurn = z.infer<typeof transcriptTurnSchema>;

/** A transcript as one block of text: how the drawer and a handed-off caller's offer show it. */
export function transcriptText(turns: readonly TranscriptTurn[], agentName: string): string {
  return turns.map((t) => `${t.who === 'caller' ? 'Caller' : agentName}: ${t.text}`).join('\n');
}

export const voiceAgentSessionSchema = z.object({
  callSid: z.string(),
  accountId: id,
  accountName: z.string(),
  from: z.string().nullable(),
  customerName: z.string().nullable(),
  /** Why the call went to the Voice Agent: the wait passed, or nobody was free. */
  reason: z.enum(['wait', 'no_agent']),
  startedAt: isoInstant,
  connectedAt: isoInstant.nullable(),
  durationSeconds: z.number().int().nonnegative().nullable(),
  /** null while the conversation goes on. */
  outcome: z.enum(VOICE_AGENT_OUTCOMES).nullable(),
  wanted: z.string().nullable(),
  handoffReason: z.string().nullable(),
  /** What the agent gathered, as handed to the desk that took the caller back (null unless handed off). */
  handoffSummary: z.string().nullable(),
  transcript: z.array(transcriptTurnSchema),
});
export type VoiceAgentSession = z.infer<typeof voiceAgentSessionSchema>;

export const voiceAgentDayRequestSchema = z.object({ dayStart: isoInstant });

export const voiceAgentTileSchema = z.object({
  accountId: id,
  accountName: z.string(),
  inConversation: z.number().int().nonnegative(),
  handled: z.number().int().nonnegative(),
  booked: z.number().int().nonnegative(),
  handedOff: z.number().int().nonnegative(),
  hungUp: z.number().int().nonnegative(),
  /** Callers whose booked visit the agent moved or cancelled. */
  changedJobs: z.number().int().nonnegative(),
});
export type VoiceAgentTile = z.infer<typeof voiceAgentTileSchema>;

export const voiceAgentUsageRequestSchema = z.object({
  /** Inclusive days, in each account's own time zone. */
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a date like 2026-11-26.'),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a date like 2026-11-26.'),
});

export const voiceAgentUsageRowSchema = z.object({
  accountId: id,
  accountName: z.string(),
  day: z.string(),
  sessions: z.number().int().nonnegative(),
  connectedSeconds: z.number().int().nonnegative(),
  /** Each session's connected time rounded up to a whole minute, summed (the billing rule). */
  billedMinutes: z.number().int().nonnegative(),
});
export type VoiceAgentUsageRow = z.infer<typeof voiceAgentUsageRowSchema>;

export const VOICE_AGENT_USAGE_COLUMNS = ['Account', 'Day', 'Sessions', 'Connected seconds', 'Billed minutes'] as const;

/** The queue of leads the Voice Agent filed or booked: no routing workflow owns it. */
export const VOICE_AGENT_QUEUE_ID = 'voice-agent';
export const VOICE_AGENT_QUEUE_NAME = 'Voice Agent';
