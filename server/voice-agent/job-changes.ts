import type { Db, Queryable } from '../store/db';
import { transact } from '../store/retry';
import { cancelJob, JobChangeRefused, JobNotFound, rescheduleJob, upcomingJobFor } from '../recovery/job-changes';
import type { BookedJob, Slot } from './conversation';
import { sessionFor, VOICE_AGENT_ACTOR } from './session-store';
import { windowLabel } from './time-window';

/*
 * The Reschedule and Cancel skills' tools for one call. The caller's job is found by the number
 * they call from, within the call's account, and only that job can be changed: an engine (a
 * language model above all) never names a job the caller does not hold. Each change goes
 * through the same job path as the field-service system's (history, desks, report) and is
 * written on the session in the same transaction, so the Connect action reads the outcome.
 */

type Result = { ok: true } | { ok: false; reason: string };

/** The caller's next visit, remembered on the session as the job this call is about. */
export async function findJobForCall(db: Db, callSid: string, now: Date, timeZone: string): Promise<BookedJob | null> {
  const session = await sessionFor(db, callSid);
  if (!session?.from_e164) return null;
  const job = await upcomingJobFor(db, session.account_id, session.from_e164, now);
  if (!job) return null;
  // The name on the visit names the caller on the supervisor's list of today's conversations.
  await db.query('update voice_agent_sessions set changed_job_id = $2, customer_name = coalesce(customer_name, $3) where call_sid = $1', [callSid, job.id, job.customerName]);
  return { id: job.id, jobTypeName: job.jobTypeName, address: job.address, customerName: job.customerName, label: windowLabel(job.windowStart, job.windowEnd, now, timeZone) };
}

async function change(db: Db, callSid: string, jobId: string, what: 'rescheduled' | 'cancelled', apply: (tx: Queryable, accountId: string) => Promise<void>): Promise<Result> {
  try {
    return await transact(db, async (tx) => {
      const session = await sessionFor(tx, callSid, true);
      if (!session) return { ok: false, reason: 'No Voice Agent session for this call.' };
      if (session.changed_job_id !== jobId) return { ok: false, reason: 'Only the visit found for the caller’s number can be changed.' };
      await apply(tx, session.account_id);
      await tx.query('update voice_agent_sessions set job_change = $2 where call_sid = $1', [callSid, what]);
      return { ok: true as const };
    });
  } catch (err) {
    if (err instanceof JobChangeRefused) return { ok: false, reason: err.message };
    if (err instanceof JobNotFound) return { ok: false, reason: 'That job no longer exists.' };
    throw err;
  }
}

export function rescheduleForCall(db: Db, callSid: string, jobId: string, slot: Slot, now: Date): Promise<Result> {
  return change(db, callSid, jobId, 'rescheduled', (tx, accountId) =>
    rescheduleJob(tx, { accountId, jobId, windowStart: slot.start, windowEnd: slot.end, actor: VOICE_AGENT_ACTOR, why: 'The caller asked the Voice Agent to move it.' }, now),
  );
}

export function cancelForCall(db: Db, callSid: string, jobId: string, now: Date): Promise<Result> {
  return change(db, callSid, jobId, 'cancelled', (tx, accountId) => cancelJob(tx, { accountId, jobId, actor: VOICE_AGENT_ACTOR, why: 'The caller asked the Voice Agent to cancel it.' }, now));
}
