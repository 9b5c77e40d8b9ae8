import { deriveCallType, VOICE_AGENT_QUEUE_ID, VOICE_AGENT_QUEUE_NAME, type AuditEvent, type ScoreReason, type CallRecord, type SyncLead, type SyncLeadDetail, type VoiceAgentOutcome } from '../../shared';
import { num, type Queryable } from '../store/db';

const iso = (d: unknown) => (d instanceof Date ? d : new Date(String(d))).toISOString();

type LeadRow = {
  id: string;
  kind: SyncLead['kind'];
  status: SyncLead['status'];
  account_id: string;
  account_name: string;
  customer_name: string | null;
  phone: string;
  queue_id: string | null;
  queue_name: string | null;
  campaign_id: string | null;
  campaign_name: string | null;
  ended_at: Date | string;
  duration_seconds: number;
  attempts: number;
  call_type: SyncLead['callType'];
  reason: SyncLead['reason'];
  agent_id: string | null;
  agent_name: string | null;
  notes: string;
  claim_user_id: string | null;
  claim_user_name: string | null;
  claim_expires_at: Date | string | null;
  version: unknown;
  score: number | null;
  score_reasons: ScoreReason[] | null;
  model_version: number | null;
};

const LEAD_SELECT = `
  select l.id, l.kind, l.status, l.account_id, a.name as account_name, l.customer_name, l.phone,
         l.queue_id, coalesce(q.name, case when l.queue_id = '${VOICE_AGENT_QUEUE_ID}' then '${VOICE_AGENT_QUEUE_NAME}' end) as queue_name, l.campaign_id, c.name as campaign_name, l.ended_at,
         l.duration_seconds, l.attempts, l.call_type, l.reason, l.agent_id, ag.name as agent_name,
         l.notes, l.claim_user_id, cu.name as claim_user_name, l.claim_expires_at, l.version,
         l.score, l.score_reasons, l.model_version
    from leads l
    join accounts a on a.id = l.account_id
    left join queues q on q.id = l.queue_id
    left join campaigns c on c.id = l.campaign_id
    left join users ag on ag.id = l.agent_id
    left join users cu on cu.id = l.claim_user_id`;

function toLead(r: LeadRow, now: Date): SyncLead {
  const claimed = r.claim_user_id && r.claim_expires_at && new Date(r.claim_expires_at) > now;
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    accountId: r.account_id,
    accountName: r.account_name,
    customerName: r.customer_name,
    phone: r.phone,
    queueId: r.queue_id,
    queueName: r.queue_name,
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    endedAt: iso(r.ended_at),
    durationSeconds: r.duration_seconds,
    attempts: r.attempts,
    callType: r.call_type,
    reason: r.reason,
    agentId: r.agent_id,
    agentName: r.agent_name,
    notes: r.notes,
    claim: claimed
      ? { userId: r.claim_user_id!, userName: r.claim_user_name ?? 'someone', expiresAt: iso(r.claim_expires_at) }
      : null,
    version: num(r.version),
    score: r.score !== null && r.model_version !== null ? { score: r.score, reasons: r.score_reasons ?? [], modelVersion: r.model_version } : null,
  };
}

export async function loadLead(q: Queryable, id: string, now: Date): Promise<SyncLead | null> {
  const [row] = await q.query<LeadRow>(`${LEAD_SELECT} where l.id = $1`, [id]);
  return row ? toLead(row, now) : null;
}

type CallRow = {
  lead_id: string;
  call_sid: string;
  direction: string;
  started_at: Date | string | null;
  ended_at: Date | string | null;
  duration_seconds: number | null;
  talk_seconds: number | null;
  queue_result: string | null;
  call_status: string | null;
  answered: boolean;
  voicemail: boolean;
  classification: string | null;
  reason: string | null;
  agent_name: string | null;
  notes: string | null;
  recording_url: string | null;
  /** The Voice Agent's session on the call, if it answered: how it ended and its connected seconds. */
  agent_outcome: VoiceAgentOutcome | null;
  agent_seconds: number | null;
};

/**
 * A call that ended with the Voice Agent reads as its session ended, for the seconds the agent
 * was connected, the figure the lead's Duration shows too. The carrier's status says only that
 * the call completed without a person answering (read as 'failed'), and its length counts the
 * wait before the agent picked up as well. A caller handed back to a person reads as usual.
 */
function endedWithAgent(c: CallRow): { outcome: CallRecord['outcome']; seconds: number } | null {
  if (!c.agent_outcome || c.agent_outcome === 'handed_off') return null;
  const outcome = c.agent_outcome === 'hung_up' ? 'hung_up' : c.agent_outcome === 'failed' ? 'failed' : 'answered';
  return { outcome, seconds: c.agent_seconds ?? 0 };
}

function outcome(c: CallRow): CallRecord['outcome'] {
  const agent = endedWithAgent(c);
  if (agent) return agent.outcome;
  if (c.voicemail) return 'voicemail';
  if (c.queue_result === 'hangup') return 'abandoned';
  if (c.answered) return 'answered';
  if (c.call_status === 'busy') return 'busy';
  if (c.call_status === 'no-answer' || c.call_status === 'canceled') return 'no_answer';
  return 'failed';
}

function toCall(c: CallRow): CallRecord {
  return {
    callSid: c.call_sid,
    direction: c.direction === 'inbound' ? 'inbound' : 'outbound',
    startedAt: iso(c.started_at ?? c.ended_at ?? new Date(0)),
    durationSeconds: endedWithAgent(c)?.seconds ?? c.duration_seconds ?? 0,
    outcome: outcome(c),
    callType: deriveCallType({
      answered: c.answered,
      durationSeconds: c.talk_seconds ?? 0,
      booked: c.classification === 'booked',
    }),
    reason: (c.reason as CallRecord['reason']) ?? null,
    agentName: c.agent_name,
    notes: c.notes,
    recordingUrl: c.recording_url,
  };
}

/**
 * Leads with their calls and history, as the sync protocol sends them. One statement that
 * answers three JSON documents: a catch-up page holds thousands of leads, and handing each
 * column of each row across the driver cost more than the query (PGlite: 2.5x).
 */
export async function loadLeadDetails(q: Queryable, ids: string[], now: Date): Promise<SyncLeadDetail[]> {
  if (ids.length === 0) return [];
  const [docs] = await q.query<{ leads: string; calls: string; history: string }>(
    `select
       (select coalesce(json_agg(r), '[]')::text from (${LEAD_SELECT} where l.id = any($1::text[])) r) as leads,
       (select coalesce(json_agg(c order by c.started_at nulls last, c.call_sid), '[]')::text from (
          select lc.lead_id, c.call_sid, c.direction, c.started_at, c.ended_at, c.duration_seconds, c.talk_seconds,
                 c.queue_result, c.call_status, c.answered, c.voicemail, c.classification, c.reason,
                 u.name as agent_name, c.notes, c.recording_url, s.outcome as agent_outcome, s.duration_seconds as agent_seconds
            from lead_calls lc join calls c on c.call_sid = lc.call_sid left join users u on u.id = c.agent_id
                 left join voice_agent_sessions s on s.call_sid = c.call_sid
           where lc.lead_id = any($1::text[])) c) as calls,
       (select coalesce(json_agg(h order by h.id), '[]')::text from (
          select id, lead_id, at, actor_kind, actor_id, actor_name, action, from_value, to_value, why
            from audit_events where lead_id = any($1::text[])) h) as history`,
    [ids],
  );
  const rows = JSON.parse(docs!.leads) as LeadRow[];
  const calls = JSON.parse(docs!.calls) as CallRow[];
  const history = JSON.parse(docs!.history) as {
    lead_id: string; at: string; actor_kind: 'user' | 'system'; actor_id: string; actor_name: string;
    action: AuditEvent['action']; from_value: string | null; to_value: string | null; why: string | null;
  }[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Grouped once: a catch-up page holds thousands of leads, and filtering per lead was quadratic.
  const callsOf = groupBy(calls, (c) => c.lead_id);
  const historyOf = groupBy(history, (h) => h.lead_id);
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        lead: toLead(r, now),
        calls: (callsOf.get(id) ?? []).map(toCall),
        history: (historyOf.get(id) ?? []).map((h) => ({
          at: iso(h.at),
          actor: { kind: h.actor_kind, id: h.actor_id, name: h.actor_name },
          action: h.action,
          from: h.from_value,
          to: h.to_value,
          why: h.why,
        })),
      },
    ];
  });
}

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}
