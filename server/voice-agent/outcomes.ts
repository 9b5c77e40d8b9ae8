import type { z } from 'zod';
import { transcriptText, type VoiceAgentOutcome } from '../../shared';
import { DateTime } from 'luxon';
import { effectiveVoiceAgent } from '../admin/voice-agent';
import { fileAbandonedEntry } from '../recovery/abandoned';
import { upsertCall } from '../recovery/calls-repo';
import type { Queryable } from '../store/db';
import type { relayActionParams } from '../telephony/params';
import { recordChange } from '../changes/change-log';
import { notifyVoice } from '../changes/voice-notices';
import { offerOf } from '../voice/waiting-callers';
import { parseHandoffData } from './relay-protocol';
import { sessionFor, turnsOf, VOICE_AGENT_ACTOR, VOICE_AGENT_QUEUE, type SessionRow } from './session-store';

type RelayAction = z.infer<typeof relayActionParams>;

/** What the Connect action means: the caller goes back to a person, or the call is over. */
export function relayVerdict(p: RelayAction): 'requeue' | 'hangup' {
  const data = parseHandoffData(p.HandoffData);
  if (p.CallStatus === 'completed') return 'hangup';
  if (data?.reasonCode === 'live-agent-handoff') return 'requeue';
  // The agent failed while the caller is still there: a person takes over rather than silence.
  if (p.ErrorCode && !data) return 'requeue';
  return 'hangup';
}

/**
 * What the caller got done is on the session (written with the job it booked or changed); a
 * caller handed back to a person after changing their visit is still waiting for that person.
 */
function outcomeOf(session: SessionRow, p: RelayAction, verdict: 'requeue' | 'hangup'): VoiceAgentOutcome {
  if (session.job_id) return 'booked';
  if (verdict === 'requeue') return 'handed_off';
  if (session.job_change) return session.job_change;
  return p.ErrorCode && p.CallStatus !== 'completed' ? 'failed' : 'hung_up';
}

/**
 * Applies the end of a Voice Agent session (from the inbox, once per call): its outcome, the
 * usage meter, the transcript on the call, and what follows for a person: a handed-off caller
 * is offered again ahead of the others, a caller who hung up before booking is filed in
 * Abandoned Calls under the Voice Agent's queue, and the report counts the call abandoned.
 */
export async function onRelayAction(q: Queryable, p: RelayAction, now: Date): Promise<void> {
  const session = await sessionFor(q, p.CallSid, true);
  if (!session || session.outcome) return;
  const data = parseHandoffData(p.HandoffData);
  const verdict = relayVerdict(p);
  const outcome = outcomeOf(session, p, verdict);
  const connectedAt = session.connected_at ? new Date(session.connected_at) : null;
  const seconds = p.SessionDuration ?? (connectedAt ? Math.max(0, Math.round((now.getTime() - connectedAt.getTime()) / 1000)) : 0);
  const handoffReason = verdict === 'requeue' ? (data?.reason ?? session.handoff_reason ?? `The Voice Agent stopped (error ${p.ErrorCode ?? 'unknown'}).`) : session.handoff_reason;
  await q.query(
    `update voice_agent_sessions set status = 'ended', outcome = $2, ended_at = $3, duration_seconds = $4, handoff_reason = $5,
            session_id = coalesce(session_id, $6), wanted = coalesce(wanted, $7), handoff_summary = coalesce($7, wanted)
      where call_sid = $1`,
    [p.CallSid, outcome, now, seconds, handoffReason, p.SessionId ?? null, data?.summary ?? null],
  );

  const [account] = await q.query<{ name: string; time_zone: string }>('select name, time_zone from accounts where id = $1', [session.account_id]);
  // The meter runs from the moment the agent connected, whatever the outcome (the billing rule).
  if (connectedAt || seconds > 0) {
    const day = DateTime.fromJSDate(connectedAt ?? now, { zone: account?.time_zone ?? 'UTC' }).toISODate();
    await q.query(
      `insert into voice_agent_usage (account_id, day, sessions, connected_seconds, billed_minutes) values ($1, $2, 1, $3, $4)
       on conflict (account_id, day) do update set sessions = voice_agent_usage.sessions + 1,
              connected_seconds = voice_agent_usage.connected_seconds + excluded.connected_seconds,
              billed_minutes = voice_agent_usage.billed_minutes + excluded.billed_minutes`,
      [session.account_id, day, seconds, Math.ceil(seconds / 60)],
    );
  }

  const { settings } = await effectiveVoiceAgent(q, session.account_id);
  const transcript = transcriptText(turnsOf(session.transcript), settings.persona.agentName);
  const call = await upsertCall(q, { callSid: p.CallSid, direction: 'inbound', from: session.from_e164, to: null, at: now });
  await q.query('update calls set notes = $2 where call_sid = $1', [p.CallSid, transcript ? `Voice Agent transcript:\n${transcript}` : null]);

  if (outcome === 'booked' && session.lead_id) {
    // The lead was filed mid-call, before its length was known: it now shows the seconds connected,
    // as the call does in its drawer, and desks pull it again for that and the transcript above.
    const [lead] = await q.query<{ kind: 'abandoned'; customer: string }>(
      'update leads set duration_seconds = $2 where id = $1 returning kind, coalesce(customer_name, phone) as customer',
      [session.lead_id, seconds],
    );
    if (lead) await recordChange(q, { leadId: session.lead_id, accountId: session.account_id, kind: lead.kind, created: false, customer: lead.customer }, now);
    return;
  }
  if (outcome === 'handed_off') {
    // Back in the queue: the call waits again, and its next Enqueue action counts as usual.
    const queueId = call.queue_id ?? session.queue_id;
    // The name the caller gave the agent stays on the call: should they hang up waiting, their lead has it.
    await q.query('update calls set queue_result = null, queue_time = null, queue_id = $2, caller_name = coalesce(caller_name, $3) where call_sid = $1', [
      p.CallSid, queueId, session.customer_name,
    ]);
    if (!queueId) return;
    const [queue] = await q.query<{ name: string }>('select name from queues where id = $1', [queueId]);
    // What the agent gathered (the visit the caller means, their name) goes with why, so the CSR
    // who answers starts from it rather than from the transcript; as a desk connecting later is offered it.
    const offer = offerOf(
      {
        ...call, caller_name: call.caller_name ?? session.customer_name, account_id: session.account_id, queue_id: queueId, queue_name: queue?.name ?? null,
        handoff_reason: handoffReason ?? 'Handed off by the Voice Agent.', handoff_summary: data?.summary ?? session.wanted ?? null, notes: transcript,
      },
      now,
    );
    await notifyVoice(q, offer);
    return;
  }
  if (outcome === 'hung_up' || outcome === 'failed') {
    const wanted = session.wanted ?? data?.summary ?? null;
    // The caller never reached a person: the call hung up in the Voice Agent's hands, so the
    // report's rule (report_type, migration 60) counts it abandoned and names the Voice Agent on it.
    await q.query(
      `update calls set ended_at = coalesce(ended_at, $2), queue_result = 'hangup', agent_id = coalesce(agent_id, $3) where call_sid = $1`,
      [p.CallSid, now, VOICE_AGENT_ACTOR.id],
    );
    const phone = call.customer_e164 ?? session.from_e164;
    if (!phone) return;
    await fileAbandonedEntry(
      q,
      {
        ...call,
        account_id: session.account_id,
        customer_e164: phone,
        caller_name: call.caller_name ?? session.customer_name,
        queue_id: VOICE_AGENT_QUEUE,
        campaign_id: call.campaign_id ?? session.campaign_id,
        ended_at: now,
      },
      {
        waited: seconds,
        why: `Talked to the Voice Agent for ${seconds} s and ended the call before anything was booked.${wanted ? ` Wanted: ${wanted}.` : ''} Transcript on the call below.`,
      },
      now,
    );
  }
}
