import type { CallRow } from '../../recovery/calls-repo';

/**
 * A call row as the set-wise applier holds it in memory while it replays a batch: every column
 * the webhooks write, whether the row is in the database yet, and whether this batch changed it.
 */
export type CallState = CallRow & {
  from_e164: string | null;
  to_e164: string | null;
  recording_url: string | null;
  /** In the database before this batch (so written with an update, never a blind insert). */
  stored: boolean;
  dirty: boolean;
};

/** The columns the webhooks own: the batch writes exactly these (never a desk's classification or notes). */
export const WEBHOOK_COLUMNS = [
  ['direction', 'text'], ['from_e164', 'text'], ['to_e164', 'text'], ['started_at', 'timestamptz'],
  ['account_id', 'text'], ['campaign_id', 'text'], ['queue_id', 'text'], ['customer_e164', 'text'],
  ['caller_name', 'text'], ['forwarded', 'boolean'], ['call_status', 'text'], ['status_rank', 'integer'],
  ['duration_seconds', 'integer'], ['queue_result', 'text'], ['queue_time', 'integer'], ['answered', 'boolean'],
  ['talk_seconds', 'integer'], ['agent_id', 'text'], ['voicemail', 'boolean'], ['recording_url', 'text'],
  ['resolve_checked', 'boolean'], ['lead_id', 'text'], ['lead_linked', 'boolean'], ['ended_at', 'timestamptz'],
] as const satisfies readonly (readonly [keyof CallState, string])[];

/** A row the first webhook of a call creates, as `insert into calls` with the table's defaults would. */
export function newCall(c: { callSid: string; direction: string; from: string | null; to: string | null; at: Date }): CallState {
  return {
    call_sid: c.callSid, direction: c.direction, from_e164: c.from, to_e164: c.to, started_at: c.at,
    account_id: null, customer_e164: null, caller_name: null, forwarded: false, voicemail: false, queue_id: null,
    campaign_id: null, ended_at: null, duration_seconds: null, queue_result: null, queue_time: null, answered: false,
    talk_seconds: null, agent_id: null, classification: null, reason: null, notes: null, resolve_checked: false,
    call_status: null, status_rank: 0, lead_id: null, lead_linked: false, followup_lead_id: null, recording_url: null,
    stored: false, dirty: true,
  };
}
