import { jobChangeRefusal, rescheduledWhy } from '../../shared';
import { recordChange } from '../changes/change-log';
import type { Queryable } from '../store/db';
import type { Actor } from './actors';
import { audit } from './audit';

/*
 * What happens to a job after it was booked: moved to another window, completed or cancelled.
 * The one path for everyone who changes a job (the field-service system, the Voice Agent for a
 * caller), so the lead's history, the desks (a change pulled like any edit) and the report (its
 * triggers read the job row) agree whoever made the change.
 */

export class JobNotFound extends Error {}
export class JobChangeRefused extends Error {}

type LockedJob = {
  id: string;
  lead_id: string;
  window_start: Date;
  window_end: Date;
  completed_at: Date | null;
  cancelled_at: Date | null;
  kind: 'abandoned' | 'second_chance';
  customer: string | null;
  job_type_name: string;
  time_zone: string;
};

/** The job, locked for the caller's transaction; only jobs of this account are found. */
async function lockJob(q: Queryable, accountId: string, jobId: string): Promise<LockedJob> {
  const [job] = await q.query<LockedJob>(
    `select j.id, j.lead_id, j.window_start, j.window_end, j.completed_at, j.cancelled_at, l.kind,
            coalesce(l.customer_name, l.phone) as customer, t.name as job_type_name, a.time_zone
       from jobs j join leads l on l.id = j.lead_id join job_types t on t.id = j.job_type_id join accounts a on a.id = j.account_id
      where j.id = $1 and j.account_id = $2 for update of j`,
    [jobId, accountId],
  );
  if (!job) throw new JobNotFound();
  return job;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/**
 * A job ended (completed or cancelled). Reporting the same ending again changes nothing and
 * answers with the first one's time.
 */
export async function endJob(
  q: Queryable,
  e: { accountId: string; jobId: string; status: 'completed' | 'cancelled'; at: Date; actor: Actor; why: string },
  now: Date,
): Promise<{ jobId: string; status: 'completed' | 'cancelled'; at: string }> {
  const job = await lockJob(q, e.accountId, e.jobId);
  const already = e.status === 'completed' ? job.completed_at : job.cancelled_at;
  if (already) return { jobId: e.jobId, status: e.status, at: iso(already)! };
  await q.query(
    e.status === 'completed' ? 'update jobs set completed_at = $2, cancelled_at = null where id = $1' : 'update jobs set cancelled_at = $2, completed_at = null where id = $1',
    [e.jobId, e.at],
  );
  await audit(q, { leadId: job.lead_id, at: now, actor: e.actor, action: e.status === 'completed' ? 'job_completed' : 'job_cancelled', to: e.jobId, why: e.why });
  await recordChange(q, { accountId: e.accountId, kind: job.kind, leadId: job.lead_id, created: false, customer: job.customer ?? '' }, now);
  return { jobId: e.jobId, status: e.status, at: e.at.toISOString() };
}

/** A customer asked to cancel their visit: refused once it has begun or ended (see jobChangeRefusal). */
export async function cancelJob(q: Queryable, e: { accountId: string; jobId: string; actor: Actor; why: string }, now: Date): Promise<void> {
  const job = await lockJob(q, e.accountId, e.jobId);
  const refusal = jobChangeRefusal({ windowStart: iso(job.window_start)!, cancelledAt: iso(job.cancelled_at), completedAt: iso(job.completed_at) }, now);
  if (refusal) throw new JobChangeRefused(refusal);
  await endJob(q, { ...e, status: 'cancelled', at: now }, now);
}

/** Moves a booked job to another window that starts in the future. */
export async function rescheduleJob(
  q: Queryable,
  e: { accountId: string; jobId: string; windowStart: string; windowEnd: string; actor: Actor; why: string },
  now: Date,
): Promise<void> {
  const job = await lockJob(q, e.accountId, e.jobId);
  const refusal =
    jobChangeRefusal({ windowStart: iso(job.window_start)!, cancelledAt: iso(job.cancelled_at), completedAt: iso(job.completed_at) }, now) ??
    (Date.parse(e.windowStart) <= now.getTime() ? 'The new window must start in the future.' : Date.parse(e.windowEnd) <= Date.parse(e.windowStart) ? 'The new window must end after it starts.' : null);
  if (refusal) throw new JobChangeRefused(refusal);
  await q.query('update jobs set window_start = $2, window_end = $3 where id = $1', [e.jobId, e.windowStart, e.windowEnd]);
  await audit(q, {
    leadId: job.lead_id,
    at: now,
    actor: e.actor,
    action: 'job_rescheduled',
    to: e.jobId,
    why: rescheduledWhy(job.job_type_name, { start: iso(job.window_start)! }, { start: e.windowStart, end: e.windowEnd }, job.time_zone, e.why),
  });
  await recordChange(q, { accountId: e.accountId, kind: job.kind, leadId: job.lead_id, created: false, customer: job.customer ?? '' }, now);
}

export type UpcomingJob = { id: string; jobTypeName: string; windowStart: string; windowEnd: string; address: string; customerName: string };

/**
 * The caller's next visit still to come, found by the number they call from within the
 * account: the job booked on a lead of that phone, neither ended nor begun.
 */
export async function upcomingJobFor(q: Queryable, accountId: string, phone: string, now: Date): Promise<UpcomingJob | null> {
  const [row] = await q.query<{ id: string; job_type_name: string; window_start: Date; window_end: Date; address: string; customer_name: string }>(
    `select j.id, t.name as job_type_name, j.window_start, j.window_end, j.address, j.customer_name
       from jobs j join leads l on l.id = j.lead_id join job_types t on t.id = j.job_type_id
      where j.account_id = $1 and l.phone = $2 and j.cancelled_at is null and j.completed_at is null and j.window_start > $3
      order by j.window_start limit 1`,
    [accountId, phone, now],
  );
  return row ? { id: row.id, jobTypeName: row.job_type_name, windowStart: iso(row.window_start)!, windowEnd: iso(row.window_end)!, address: row.address, customerName: row.customer_name } : null;
}
