import { checkTransition, formatClock, formatDateTime, zoneName, type FollowUpKind, type FollowUpStatus } from '../../shared';
import type { Queryable } from '../store/db';
import type { Actor } from './actors';
import { audit } from './audit';

export class BookingRefused extends Error {}

export type JobBooking = {
  jobId: string;
  jobTypeId: string;
  windowStart: string;
  windowEnd: string;
  customerName: string;
  address: string;
};

/**
 * Books a job on a lead: the one path a CSR's booking and the Voice Agent's both take, so the
 * job row, the lead's resolution, its history and the report (a trigger on jobs) agree.
 * The lead must be locked by the caller's transaction.
 */
export async function bookJobOnLead(
  q: Queryable,
  lead: { id: string; kind: FollowUpKind; account_id: string; status: FollowUpStatus },
  actor: Actor,
  a: JobBooking,
  now: Date,
): Promise<{ jobTypeName: string }> {
  const [jobType] = await q.query<{ name: string }>('select name from job_types where id = $1 and account_id = $2', [a.jobTypeId, lead.account_id]);
  if (!jobType) throw new BookingRefused('That job type is not offered by this account.');
  // A job is booked for later: a window that has begun already (a typo, a past year) is refused.
  if (Date.parse(a.windowStart) <= now.getTime()) throw new BookingRefused('The appointment window must start in the future.');
  const [existing] = await q.query('select 1 from jobs where id = $1', [a.jobId]);
  if (existing) throw new BookingRefused('This job was already booked.');
  const check = checkTransition(lead.kind, lead.status, 'resolved', actor.kind);
  if (!check.ok) throw new BookingRefused(check.reason);
  await q.query(
    `insert into jobs (id, lead_id, account_id, job_type_id, window_start, window_end, customer_name, address, created_at, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [a.jobId, lead.id, lead.account_id, a.jobTypeId, a.windowStart, a.windowEnd, a.customerName, a.address, now, actor.id],
  );
  await q.query(`update leads set status = 'resolved', customer_name = coalesce(customer_name, $2) where id = $1`, [lead.id, a.customerName]);
  const [account] = await q.query<{ time_zone: string }>('select time_zone from accounts where id = $1', [lead.account_id]);
  const zone = account?.time_zone ?? 'America/New_York';
  // Said as people say it, in the account's zone: never ISO text in the history.
  const window = `${formatDateTime(a.windowStart, zone)} – ${formatClock(a.windowEnd, zone)} ${zoneName(zone, a.windowStart)}`;
  await audit(q, { leadId: lead.id, at: now, actor, action: 'booked', to: a.jobId, why: `Booked ${jobType.name} for ${window}.` });
  await audit(q, { leadId: lead.id, at: now, actor, action: 'status', from: lead.status, to: 'resolved', why: 'Job booked.' });
  return { jobTypeName: jobType.name };
}
