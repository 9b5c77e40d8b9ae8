import type { TranscriptTurn, VoiceAgentSettings } from '../../shared';

/*
 * The agent's brain behind one small interface: respond(conversation, event) yields what to
 * say (streamed text) and what to do (hand off, end the call, send digits). The relay socket
 * speaks Twilio's protocol; engines never see it, so the offline dialog and the language-model
 * engine are interchangeable and tested the same way.
 */

export type ConversationEvent =
  | { type: 'prompt'; text: string }
  | { type: 'dtmf'; digit: string }
  /** The caller spoke over the agent; `heard` is what they heard before cutting in. */
  | { type: 'interrupt'; heard: string };

export type AgentStep =
  | { type: 'text'; token: string }
  | { type: 'digits'; digits: string }
  | { type: 'hand_off'; reason: string; summary: string }
  /** `kept`: the caller meant to cancel their visit and kept it (nothing for a person to do). */
  | { type: 'end_call'; outcome: EndOutcome };

export const END_OUTCOMES = ['booked', 'not_booked', 'rescheduled', 'cancelled', 'kept'] as const;
export type EndOutcome = (typeof END_OUTCOMES)[number];

export type JobTypeOffer = { id: string; name: string; dispatchFeeCents: number | null };

/** An appointment window offered to the caller, in the account's time zone. */
export type Slot = { start: string; end: string; label: string };

/** The caller's booked visit still to come, as the agent tells it. */
export type BookedJob = { id: string; jobTypeName: string; label: string; address: string; customerName: string };

export type BookingRequest = { jobTypeId: string; slot: Slot; customerName: string; address: string; wanted: string };

/** What an engine may do beyond talking; both engines use exactly these. */
export type AgentTools = {
  findSlots(phrase: string): { ok: true; slots: Slot[] } | { ok: false; reason: string };
  bookJob(b: BookingRequest): Promise<{ ok: true; jobId: string } | { ok: false; reason: string }>;
  /** The visit booked for the number the caller calls from, or null when there is none to come. */
  findBookedJob(): Promise<BookedJob | null>;
  /** Only the job findBookedJob returned can be changed; each refuses when its skill is off. */
  rescheduleJob(jobId: string, slot: Slot): Promise<{ ok: true } | { ok: false; reason: string }>;
  cancelJob(jobId: string): Promise<{ ok: true } | { ok: false; reason: string }>;
};

export type Conversation = {
  settings: VoiceAgentSettings;
  account: { id: string; name: string; timeZone: string };
  jobTypes: JobTypeOffer[];
  caller: { phone: string | null; name: string | null };
  transcript: TranscriptTurn[];
  /** Engine-private state between events (dialog stage, facts learnt, message history). */
  memory: Record<string, unknown>;
  tools: AgentTools;
  now(): Date;
};

export interface AgentEngine {
  readonly name: string;
  respond(conversation: Conversation, event: ConversationEvent): AsyncIterable<AgentStep>;
}

/** Splits a sentence into the word tokens the relay streams, keeping the spacing. */
export function* tokens(text: string): Generator<AgentStep> {
  for (const t of text.match(/\S+\s*/g) ?? []) yield { type: 'text', token: t };
}
