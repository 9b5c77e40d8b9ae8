import type { Queryable } from '../store/db';

/** The parts of a call row the recovery rules read. */
export type CallRow = {
  call_sid: string;
  account_id: string | null;
  direction: string;
  customer_e164: string | null;
  caller_name: string | null;
  forwarded: boolean;
  voicemail: boolean;
  queue_id: string | null;
  campaign_id: string | null;
  started_at: Date | null;
  ended_at: Date | null;
  duration_seconds: number | null;
  queue_result: string | null;
  queue_time: number | null;
  answered: boolean;
  talk_seconds: number | null;
  agent_id: string | null;
  classification: string | null;
  reason: string | null;
  notes: string | null;
  resolve_checked: boolean;
  call_status: string | null;
  status_rank: number;
  /** The lead a callback was placed from (softphone calls only). */
  lead_id: string | null;
  lead_linked: boolean;
  /** The Abandoned or Second Chance entry this call was filed under, once it was. */
  followup_lead_id: string | null;
};

/**
 * The columns CallRow names, and only those (the record type makes the compiler check the
 * list is whole): every webhook reads its call back, and each column costs the embedded
 * database a parse; `*` also read the report's columns.
 */
const COLUMNS: Record<keyof CallRow, true> = { call_sid: true, account_id: true, direction: true, customer_e164: true, caller_name: true, forwarded: true, voicemail: true, queue_id: true, campaign_id: true, started_at: true, ended_at: true, duration_seconds: true, queue_result: true, queue_time: true, answered: true, talk_seconds: true, agent_id: true, classification: true, reason: true, notes: true, resolve_checked: true, call_status: true, status_rank: true, lead_id: true, lead_linked: true, followup_lead_id: true };
export const CALL_COLUMNS = Object.keys(COLUMNS).join(', ');

/** Reads a call and locks it for the rest of the transaction, so retries queue up behind it. */
export async function lockCall(q: Queryable, callSid: string): Promise<CallRow | null> {
  const [row] = await q.query<CallRow>(`select ${CALL_COLUMNS} from calls where call_sid = $1 for update`, [callSid]);
  return row ?? null;
}

/**
 * Creates the call row the first time any webhook mentions it and returns it locked for the
 * rest of the transaction (the no-op update takes the row lock), in one round trip.
 */
export async function upsertCall(
  q: Queryable,
  c: { callSid: string; direction: string; from: string | null; to: string | null; at: Date },
): Promise<CallRow> {
  const [row] = await q.query<CallRow>(
    `insert into calls (call_sid, direction, from_e164, to_e164, started_at)
     values ($1, $2, $3, $4, $5)
     on conflict (call_sid) do update set call_sid = excluded.call_sid
     returning ${CALL_COLUMNS}`,
    [c.callSid, c.direction, c.from, c.to, c.at],
  );
  return row!;
}
