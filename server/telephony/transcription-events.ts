import { z } from 'zod';
import type { Speaker } from '../../shared';
import type { Queryable } from '../store/db';
import type { transcriptionParams } from './params';

const dataSchema = z.object({ transcript: z.string().max(10_000), confidence: z.number().min(0).max(1).optional() });
const CALL_SID = /^CA[0-9a-fA-F]{32}$/;

/**
 * Which side spoke. Twilio names the track (or its label, when the TwiML gave one). On the
 * customer's own leg the inbound track is the customer; Rebound starts transcription on the
 * agent's leg (the callback URL then names the customer's call), where it is the agent.
 */
function speakerOf(track: string | undefined, onAgentLeg: boolean): Speaker | null {
  if (track === 'agent' || track === 'customer') return track;
  if (track === 'inbound_track') return onAgentLeg ? 'agent' : 'customer';
  if (track === 'outbound_track') return onAgentLeg ? 'customer' : 'agent';
  return null;
}

/**
 * Stores one final utterance of a call's transcription; partial results, start and stop events
 * change nothing. A retried delivery (same transcription, sequence and side) is stored once.
 */
export async function onTranscription(q: Queryable, p: z.infer<typeof transcriptionParams>, query: Record<string, string>, now: Date): Promise<void> {
  if (p.TranscriptionEvent !== 'transcription-content' || p.Final !== 'true' || !p.TranscriptionData) return;
  const onAgentLeg = query['call'] !== undefined;
  const callSid = onAgentLeg ? query['call']! : p.CallSid;
  if (!CALL_SID.test(callSid)) return;
  const speaker = speakerOf(p.Track, onAgentLeg);
  let data: z.infer<typeof dataSchema>;
  try {
    const parsed = dataSchema.safeParse(JSON.parse(p.TranscriptionData));
    if (!parsed.success) return;
    data = parsed.data;
  } catch {
    return;
  }
  const text = data.transcript.trim();
  if (!speaker || !text) return;
  const at = p.Timestamp && Number.isFinite(Date.parse(p.Timestamp)) ? new Date(p.Timestamp) : now;
  await q.query(
    `insert into call_transcripts (call_sid, transcription_sid, sequence_id, speaker, text, confidence, spoken_at)
     values ($1, $2, coalesce($3, (select coalesce(max(sequence_id), 0) + 1 from call_transcripts where call_sid = $1 and transcription_sid = $2)), $4, $5, $6, $7)
     on conflict do nothing`,
    [callSid, p.TranscriptionSid, p.SequenceId ?? null, speaker, text, data.confidence ?? null, at],
  );
}
