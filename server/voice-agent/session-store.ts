import { VOICE_AGENT_QUEUE_ID, type TranscriptTurn, type VoiceAgentOutcome } from '../../shared';
import type { Queryable } from '../store/db';

/** Leads the Voice Agent files sit in this queue, which no routing workflow owns. */
export const VOICE_AGENT_QUEUE = VOICE_AGENT_QUEUE_ID;
export const VOICE_AGENT_ACTOR = { kind: 'system', id: 'voice-agent', name: 'Voice Agent' } as const;

export type SessionRow = {
  call_sid: string;
  session_id: string | null;
  account_id: string;
  queue_id: string | null;
  campaign_id: string | null;
  reason: 'wait' | 'no_agent';
  status: 'waiting' | 'live' | 'ended';
  outcome: VoiceAgentOutcome | null;
  from_e164: string | null;
  customer_name: string | null;
  wanted: string | null;
  handoff_reason: string | null;
  handoff_summary: string | null;
  job_id: string | null;
  changed_job_id: string | null;
  job_change: 'rescheduled' | 'cancelled' | 'kept' | null;
  lead_id: string | null;
  transcript: TranscriptTurn[] | string;
  created_at: Date;
  connected_at: Date | null;
  ended_at: Date | null;
  duration_seconds: number | null;
};

export const turnsOf = (raw: SessionRow['transcript']): TranscriptTurn[] => (typeof raw === 'string' ? (JSON.parse(raw) as TranscriptTurn[]) : raw);

/**
 * The Voice Agent takes this call: recorded when the routing decides it, before Twilio is told,
 * so the Enqueue action and the relay socket (on any server process) find it.
 */
export async function openSession(
  q: Queryable,
  s: { callSid: string; accountId: string; queueId: string | null; campaignId: string | null; reason: 'wait' | 'no_agent'; from: string | null; callerName: string | null },
  now: Date,
): Promise<void> {
  await q.query(
    `insert into voice_agent_sessions (call_sid, account_id, queue_id, campaign_id, reason, from_e164, customer_name, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (call_sid) do nothing`,
    [s.callSid, s.accountId, s.queueId, s.campaignId, s.reason, s.from, s.callerName, now],
  );
}

export async function sessionFor(q: Queryable, callSid: string, lock = false): Promise<SessionRow | null> {
  const [row] = await q.query<SessionRow>(`select * from voice_agent_sessions where call_sid = $1${lock ? ' for update' : ''}`, [callSid]);
  return row ?? null;
}

/** The relay connected: the meter starts now (the billing rule), whatever happens next. */
export async function markConnected(q: Queryable, callSid: string, sessionId: string, greeting: TranscriptTurn | null, now: Date): Promise<SessionRow | null> {
  const [row] = await q.query<SessionRow>(
    `update voice_agent_sessions set session_id = $2, status = 'live', connected_at = coalesce(connected_at, $3),
            transcript = case when jsonb_array_length(transcript) = 0 and $4::jsonb is not null then jsonb_build_array($4::jsonb) else transcript end
      where call_sid = $1 returning *`,
    [callSid, sessionId, now, greeting ? JSON.stringify(greeting) : null],
  );
  return row ?? null;
}

/** The transcript so far, with what the caller wants and the name they gave, once known. */
export async function saveTranscript(q: Queryable, callSid: string, turns: TranscriptTurn[], wanted: string | null, name: string | null): Promise<void> {
  await q.query('update voice_agent_sessions set transcript = $2::jsonb, wanted = coalesce($3, wanted), customer_name = coalesce($4, customer_name) where call_sid = $1', [
    callSid, JSON.stringify(turns), wanted, name,
  ]);
}

export async function saveHandoffReason(q: Queryable, callSid: string, reason: string): Promise<void> {
  await q.query('update voice_agent_sessions set handoff_reason = $2 where call_sid = $1', [callSid, reason]);
}

/** The caller kept the visit they meant to cancel: nothing to file, nobody to call back. */
export async function saveJobKept(q: Queryable, callSid: string): Promise<void> {
  await q.query("update voice_agent_sessions set job_change = 'kept' where call_sid = $1 and changed_job_id is not null and job_change is null", [callSid]);
}
