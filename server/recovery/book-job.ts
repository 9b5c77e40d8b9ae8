import { applyEdit, type EditContext, type FollowUpKind, type FollowUpStatus } from '../../shared';
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
 * job row, the lead's resolution, its history and the report (a trigger on jobs) agree. What the
 * booking does to the lead and its history is the shared rule (shared/followup/edits.ts), the
 * same the desk shows before the server has confirmed it. The lead must be locked by the caller's
 * transaction.
 */
export async function bookJobOnLead(
  q: Queryable,
  lead: { id: string; kind: FollowUpKind; account_id: string; status: FollowUpStatus; customer_name?: string | null },
  actor: Actor,
  a: JobBooking,
  now: Date,
): Promise<{ jobTypeName: string }> {
  const [existing] = await q.query('select 1 from jobs where id = $1', [a.jobId]);
  if (existing) throw new BookingRefused('This job was already booked.');
  const ctx = await editContextOf(q, lead.account_id, a.jobTypeId);
  const out = applyEdit({ kind: lead.kind, status: lead.status, customerName: lead.customer_name ?? null, claim: null }, { name: 'bookJob', args: { leadId: lead.id, ...a } }, actor, now, ctx);
  if (!out.ok) throw new BookingRefused(out.reason);
  await q.query(
    `insert into jobs (id, lead_id, account_id, job_type_id, window_start, window_end, customer_name, address, created_at, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [a.jobId, lead.id, lead.account_id, a.jobTypeId, a.windowStart, a.windowEnd, a.customerName, a.address, now, actor.id],
  );
  await q.query(`update leads set status = $2, customer_name = coalesce(customer_name, $3) where id = $1`, [lead.id, out.lead.status, a.customerName]);
  for (const h of out.history) await audit(q, { leadId: lead.id, ...h, at: now });
  return { jobTypeName: ctx.jobTypeName! };
}

/** What an edit of a lead in this account needs to know: its zone, the job type's name, how long a claim lasts. */
export async function editContextOf(q: Queryable, accountId: string, jobTypeId: string | null, claimMinutes = 5): Promise<EditContext> {
  const [account] = await q.query<{ time_zone: string }>('select time_zone from accounts where id = $1', [accountId]);
  const [jobType] = jobTypeId ? await q.query<{ name: string }>('select name from job_types where id = $1 and account_id = $2', [jobTypeId, accountId]) : [];
  return { claimMinutes, timeZone: account?.time_zone ?? 'America/New_York', jobTypeName: jobType?.name ?? null };
}
