import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../store/db';
import { defineProcedure } from '../store/procedure';
import { retried } from '../store/retry';
import { bookJobOnLead, BookingRefused } from '../recovery/book-job';
import { upsertCall } from '../recovery/calls-repo';
import { createLeadFromCall } from '../recovery/create-lead';
import { refreshReportAndResume, reportBySet } from '../recovery/report-by-set';
import type { BookingRequest } from './conversation';
import { sessionFor, VOICE_AGENT_ACTOR, VOICE_AGENT_QUEUE } from './session-store';

/**
 * The Voice Agent books a job during the call. The job needs a lead to hang on, so the call
 * gets one in the Voice Agent's queue, born and resolved in the same transaction through the
 * same booking path as a CSR's (job row, history, report trigger); desks get it without an
 * alert, since nobody needs to act on it.
 */
type BookingArgs = { callSid: string; booking: BookingRequest; now: Date };
type BookingResult = { ok: true; jobId: string } | { ok: false; reason: string };

export async function bookForCall(db: Db, callSid: string, b: BookingRequest, now: Date): Promise<BookingResult> {
  return retried(() => db.procedure(bookingForCall, { callSid, booking: b, now }));
}

/**
 * One transaction, run where the database runs (store/procedure.ts): with PGlite in its worker,
 * a booking's dozen statements held the database for a round trip each to the server's thread,
 * busy with 200 callers, while ordinary calls' webhooks waited behind it.
 */
export const bookingForCall = defineProcedure(import.meta.url, 'bookingForCall', async (tx: Queryable, { callSid, booking: b, now }: BookingArgs): Promise<BookingResult> => {
  const savepoint = 'booking';
  await tx.query(`savepoint ${savepoint}`);
  try {
    const out = await book(tx, callSid, b, now);
    await tx.query(`release savepoint ${savepoint}`);
    return out;
  } catch (err) {
    if (!(err instanceof BookingRefused)) throw err;
    await tx.query(`rollback to savepoint ${savepoint}`);
    return { ok: false, reason: err.message };
  }
});

async function book(tx: Queryable, callSid: string, b: BookingRequest, now: Date): Promise<BookingResult> {
  const session = await sessionFor(tx, callSid, true);
  if (!session) return { ok: false, reason: 'No Voice Agent session for this call.' };
  if (session.job_id) return { ok: true, jobId: session.job_id };
  const call = await upsertCall(tx, { callSid, direction: 'inbound', from: session.from_e164, to: null, at: now });
  const phone = call.customer_e164 ?? session.from_e164;
  if (!phone) return { ok: false, reason: 'The caller’s number is unknown, so the job cannot be filed.' };
  // Refreshed once at the end (report-by-set.ts); a refusal rolls this back with the rest.
  await reportBySet(tx);
  const leadId = await createLeadFromCall(
    tx,
    { ...call, account_id: session.account_id, customer_e164: phone, queue_id: VOICE_AGENT_QUEUE, campaign_id: call.campaign_id ?? session.campaign_id, caller_name: b.customerName },
    { kind: 'abandoned', endedAt: now, durationSeconds: 0, why: `Booked by the Voice Agent during the call. The caller asked about: ${b.wanted}`, announce: false },
    now,
  );
  const jobId = `job-${randomUUID()}`;
  await bookJobOnLead(
    tx,
    { id: leadId, kind: 'abandoned', account_id: session.account_id, status: 'new' },
    VOICE_AGENT_ACTOR,
    { jobId, jobTypeId: b.jobTypeId, windowStart: b.slot.start, windowEnd: b.slot.end, customerName: b.customerName, address: b.address },
    now,
  );
  await tx.query(`update calls set answered = true, agent_id = 'voice-agent', classification = 'booked', caller_name = coalesce(caller_name, $2) where call_sid = $1`, [callSid, b.customerName]);
  await tx.query('update voice_agent_sessions set job_id = $2, lead_id = $3, customer_name = $4, wanted = $5 where call_sid = $1', [callSid, jobId, leadId, b.customerName, b.wanted]);
  await refreshReportAndResume(tx, [leadId]);
  return { ok: true, jobId };
}
