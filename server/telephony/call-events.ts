import type { z } from 'zod';
import { normalizePhone } from '../../shared';
import type { CountryCode } from 'libphonenumber-js';
import type { Queryable } from '../store/db';
import { fileAbandonedCall } from '../recovery/abandoned';
import { autoResolveFromCall } from '../recovery/auto-resolve';
import { recordCallbackOnLead } from '../recovery/callback-outcome';
import { CALL_COLUMNS, lockCall, upsertCall, type CallRow } from '../recovery/calls-repo';
import { notifyVoice } from '../changes/voice-notices';
import { DIRECT_QUEUE_PREFIX, offerEndedOf, offerOf } from '../voice/waiting-callers';
import {
  dialActionParams,
  enqueueActionParams,
  incomingParams,
  queueBridgedParams,
  recordingParams,
  statusParams,
  STATUS_RANK,
  voicemailParams,
} from './params';

/*
 * Each function applies one webhook to the call's row inside the caller's transaction, then
 * runs the recovery rules that the new facts allow. All of them are idempotent: a retried or
 * reordered delivery leaves the same rows as a single one in order.
 */

export type Routing = {
  account_id: string; country: string; campaign_id: string | null; queue_id: string | null; active: boolean | null;
  number_type: string; usable_from: Date | null; employee_id: string | null;
  overflow_rule: 'none' | 'wait' | 'no_agent' | null; overflow_wait_seconds: number | null;
  /** The Call Continuity number: where a call goes when routing cannot reach anyone. */
  forwarding_e164: string | null;
};

const ROUTE_SELECT = `
  select t.e164, t.account_id, a.country, t.campaign_id, w.queue_id, w.active, t.number_type, t.usable_from, t.employee_id,
         w.overflow_rule, w.overflow_wait_seconds, t.forwarding_e164
    from tracking_numbers t join accounts a on a.id = t.account_id
    left join routing_workflows w on w.id = t.workflow_id`;

/** The route of the number a caller dialled, or null for a number nobody configured. */
export async function routeFor(q: Queryable, number: string | undefined): Promise<Routing | null> {
  if (!number) return null;
  const [row] = await q.query<Routing>(`${ROUTE_SELECT} where t.e164 = $1`, [number]);
  return row ?? null;
}

/** The routes of many numbers with one statement (a batch of webhooks). */
export async function routesFor(q: Queryable, numbers: string[]): Promise<Map<string, Routing>> {
  if (numbers.length === 0) return new Map();
  const rows = await q.query<Routing & { e164: string }>(`${ROUTE_SELECT} where t.e164 = any($1::text[])`, [numbers]);
  return new Map(rows.map((r) => [r.e164, r]));
}

export function customerNumber(raw: string | undefined, country: string): string | null {
  if (!raw) return null;
  const r = normalizePhone(raw, country as CountryCode);
  return r.ok ? r.phone.e164 : null;
}

/** The queue a call to this number waits in today, or null when the caller is disconnected. */
export function queueFor(route: Routing | null, now: Date): string | null {
  if (!route || (route.usable_from && new Date(route.usable_from) > now)) return null;
  if (route.number_type === 'direct') return route.employee_id ? DIRECT_QUEUE_PREFIX + route.employee_id : null;
  if (route.number_type === 'unassigned' || !route.queue_id || !route.active) return null;
  return route.queue_id;
}

/** Talk time once both halves are known: answered inbound calls spend the start in queue. */
async function settleTalk(q: Queryable, call: CallRow): Promise<CallRow> {
  if (!call.answered || call.talk_seconds !== null || call.duration_seconds === null) return call;
  let talk: number | null = null;
  if (call.direction === 'inbound') {
    if (call.queue_time !== null) talk = Math.max(0, call.duration_seconds - call.queue_time);
  } else {
    talk = call.duration_seconds;
  }
  if (talk === null) return call;
  await q.query('update calls set talk_seconds = $2 where call_sid = $1', [call.call_sid, talk]);
  return { ...call, talk_seconds: talk };
}

/** Runs the rules on a call row this transaction has just written (and so holds locked). */
async function runRules(q: Queryable, row: CallRow | undefined, now: Date): Promise<void> {
  if (!row) return;
  const call = await settleTalk(q, row);
  await fileAbandonedCall(q, call, now);
  await autoResolveFromCall(q, call, now);
  await recordCallbackOnLead(q, call, now);
}

/** A caller now waits in a queue: the desks that may take them are offered the call. */
async function offerQueuedCall(q: Queryable, call: CallRow, queueName: string | null, now: Date): Promise<void> {
  if (!call.account_id || !call.queue_id || call.answered || call.queue_result || call.ended_at) return;
  await notifyVoice(q, offerOf({ ...call, account_id: call.account_id, queue_id: call.queue_id, queue_name: queueName }, now));
}

async function endOffer(q: Queryable, call: CallRow | undefined): Promise<void> {
  if (call?.account_id && call.queue_id) await notifyVoice(q, offerEndedOf({ ...call, account_id: call.account_id, queue_id: call.queue_id }));
}

/** The queue result of a call the routing sent straight to the Voice Agent: it never waited, so nobody is offered it. */
export const WITH_VOICE_AGENT = 'voice-agent';

/**
 * How the incoming route answered the call, stored with the webhook: to the Voice Agent, or
 * forwarded by our routing to the number's forwarding (Call Continuity) number, so it never
 * waited in a queue and is never an abandoned call. A carrier's ForwardedFrom says nothing of
 * the kind: a business whose main line forwards to its tracking number still wants its callers
 * who hang up in queue called back.
 */
export type IncomingRouting = { toVoiceAgent?: boolean; forwardedByUs?: boolean };

export async function onIncoming(q: Queryable, p: z.infer<typeof incomingParams>, now: Date, how: IncomingRouting = {}): Promise<Routing | null> {
  const { toVoiceAgent = false, forwardedByUs = false } = how;
  const route = await routeFor(q, p.To);
  // Created and filled in one statement; a retried delivery only fills what is still empty.
  const [row] = await q.query<CallRow>(
    `insert into calls (call_sid, direction, from_e164, to_e164, started_at, account_id, campaign_id, queue_id, customer_e164, caller_name, forwarded, queue_result)
     values ($1, 'inbound', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     on conflict (call_sid) do update set account_id = coalesce(calls.account_id, excluded.account_id),
            campaign_id = coalesce(calls.campaign_id, excluded.campaign_id), queue_id = coalesce(calls.queue_id, excluded.queue_id),
            customer_e164 = coalesce(calls.customer_e164, excluded.customer_e164),
            caller_name = coalesce(calls.caller_name, excluded.caller_name), forwarded = calls.forwarded or excluded.forwarded,
            queue_result = coalesce(calls.queue_result, excluded.queue_result)
     returning ${CALL_COLUMNS}`,
    [
      // A number that does not route today puts nobody in a queue: the caller is disconnected.
      p.CallSid, p.From, p.To, now, route?.account_id ?? null, route?.campaign_id ?? null, forwardedByUs ? null : queueFor(route, now),
      customerNumber(p.From, route?.country ?? 'US'), p.CallerName ?? null, forwardedByUs, toVoiceAgent ? WITH_VOICE_AGENT : null,
    ],
  );
  await runRules(q, row, now);
  if (row) {
    const [queue] = row.queue_id ? await q.query<{ name: string }>('select name from queues where id = $1', [row.queue_id]) : [];
    await offerQueuedCall(q, row, queue?.name ?? null, now);
  }
  return route;
}

export async function onEnqueueAction(q: Queryable, p: z.infer<typeof enqueueActionParams>, now: Date): Promise<void> {
  const bridged = p.QueueResult === 'bridged' || p.QueueResult === 'redirected-from-bridged';
  // The action is requested once per call: a retry (queue_result already set) changes nothing.
  const record = () =>
    q.query<CallRow>(
      `update calls set queue_result = $2, queue_time = coalesce($3, queue_time), answered = answered or $4,
              ended_at = case when $2 = 'hangup' then coalesce(ended_at, $5) else ended_at end
        where call_sid = $1 and queue_result is null returning ${CALL_COLUMNS}`,
      [p.CallSid, p.QueueResult, p.QueueTime ?? null, bridged, now],
    );
  let [row] = await record();
  if (!row) {
    // Not recorded: either a retry, or the first webhook Rebound hears of this call.
    const call = await upsertCall(q, { callSid: p.CallSid, direction: 'inbound', from: p.From ?? null, to: p.To ?? null, at: now });
    if (call.queue_result) return;
    [row] = await record();
  }
  await runRules(q, row, now);
  await endOffer(q, row);
}

export async function onQueueBridged(
  q: Queryable,
  p: z.infer<typeof queueBridgedParams>,
  agentId: string | null,
  now: Date,
): Promise<void> {
  await upsertCall(q, { callSid: p.CallSid, direction: 'inbound', from: p.From ?? null, to: p.To ?? null, at: now });
  const [row] = await q.query<CallRow>(
    `update calls set answered = true, queue_time = coalesce(queue_time, $2), agent_id = coalesce(agent_id, $3)
      where call_sid = $1 returning ${CALL_COLUMNS}`,
    [p.CallSid, p.QueueTime, agentId],
  );
  await runRules(q, row, now);
  await endOffer(q, row);
  if (row?.account_id && row.agent_id) {
    await notifyVoice(q, {
      audience: { userId: row.agent_id },
      event: { type: 'bridged', callSid: row.call_sid, userId: row.agent_id, accountId: row.account_id, from: row.customer_e164 ?? 'Unknown caller' },
    });
  }
}

export function parseTimestamp(raw: string | undefined, now: Date): Date {
  const t = raw ? Date.parse(raw) : NaN;
  return Number.isFinite(t) ? new Date(t) : now;
}

export async function onStatus(q: Queryable, p: z.infer<typeof statusParams>, now: Date): Promise<void> {
  const outboundLeg = p.Direction === 'outbound-dial' || p.Direction === 'outbound-api';
  const create = () => upsertCall(q, { callSid: p.CallSid, direction: outboundLeg ? 'outbound' : 'inbound', from: p.From ?? null, to: p.To ?? null, at: now });
  // An inbound call's row exists from its incoming webhook, so it is created only when missing.
  const call = outboundLeg ? await create() : null;
  if (call && !call.account_id) {
    // A callback's caller ID is one of the account's numbers; the customer is the one dialled.
    const route = await routeFor(q, p.From);
    // Read, not lock: the <Dial> action locks parent then child, so locking here would invert it.
    const [parent] = p.ParentCallSid
      ? await q.query<CallRow>(`select ${CALL_COLUMNS} from calls where call_sid = $1`, [p.ParentCallSid])
      : [];
    await q.query(
      `update calls set account_id = $2, customer_e164 = coalesce(customer_e164, $3), agent_id = coalesce(agent_id, $4),
              lead_id = coalesce(lead_id, $5)
        where call_sid = $1`,
      [
        p.CallSid, route?.account_id ?? parent?.account_id ?? null, customerNumber(p.To, route?.country ?? 'US') ?? parent?.customer_e164 ?? null,
        parent?.agent_id ?? null, parent?.lead_id ?? null,
      ],
    );
  }
  const rank = STATUS_RANK[p.CallStatus];
  const terminal = rank === 4;
  const answeredNow = outboundLeg && (p.CallStatus === 'in-progress' || (p.CallStatus === 'completed' && (p.CallDuration ?? 0) > 0));
  const record = () =>
    q.query<CallRow>(
      `update calls set
          call_status = case when $2 > status_rank then $3 else call_status end,
          status_rank = greatest(status_rank, $2),
          answered = answered or $4,
          duration_seconds = case when $5 then coalesce($6, duration_seconds) else duration_seconds end,
          ended_at = case when $5 then coalesce(ended_at, $7) else ended_at end
        where call_sid = $1 returning ${CALL_COLUMNS}`,
      [p.CallSid, rank, p.CallStatus, answeredNow, terminal, p.CallDuration ?? null, parseTimestamp(p.Timestamp, now)],
    );
  let [row] = await record();
  if (!row) {
    await create();
    [row] = await record();
  }
  await runRules(q, row, now);
}

export async function onDialAction(q: Queryable, p: z.infer<typeof dialActionParams>, now: Date): Promise<void> {
  const parent = await lockCall(q, p.CallSid);
  if (!p.DialCallSid) return;
  await upsertCall(q, { callSid: p.DialCallSid, direction: 'outbound', from: null, to: null, at: now });
  const answered = p.DialCallStatus === 'completed' || p.DialCallStatus === 'answered';
  const [row] = await q.query<CallRow>(
    `update calls set account_id = coalesce(account_id, $2), customer_e164 = coalesce(customer_e164, $3),
            agent_id = coalesce(agent_id, $4), answered = answered or $5,
            duration_seconds = coalesce(duration_seconds, $6), ended_at = coalesce(ended_at, $7),
            call_status = case when status_rank < 4 then $8 else call_status end, status_rank = 4,
            lead_id = coalesce(lead_id, $9)
      where call_sid = $1 returning ${CALL_COLUMNS}`,
    [
      p.DialCallSid, parent?.account_id ?? null, parent?.customer_e164 ?? null, parent?.agent_id ?? null,
      answered, answered ? (p.DialCallDuration ?? 0) : 0, now, answered ? 'completed' : p.DialCallStatus, parent?.lead_id ?? null,
    ],
  );
  await runRules(q, row, now);
}

export async function onRecording(q: Queryable, p: z.infer<typeof recordingParams>): Promise<void> {
  if (p.RecordingStatus !== 'completed') return;
  await q.query('update calls set recording_url = $2 where call_sid = $1', [p.CallSid, p.RecordingUrl]);
}

/** A caller who left a message is a voicemail, never an abandoned call. */
export async function onVoicemail(q: Queryable, p: z.infer<typeof voicemailParams>, now: Date): Promise<void> {
  await upsertCall(q, { callSid: p.CallSid, direction: 'inbound', from: p.From ?? null, to: p.To ?? null, at: now });
  await q.query(
    'update calls set voicemail = true, recording_url = coalesce($2, recording_url), ended_at = coalesce(ended_at, $3) where call_sid = $1',
    [p.CallSid, p.RecordingUrl ?? null, now],
  );
}
