import type { JobCompletion } from '../../shared';
import { recordChange } from '../changes/change-log';
import type { ServerContext } from '../context';
import { transact } from '../store/retry';
import { audit } from '../recovery/audit';
import type { Actor } from '../recovery/actors';

export class JobNotFound extends Error {}

/** The field-service system, as it appears in a lead's history. */
const FIELD_SERVICE: Actor = { kind: 'system', id: 'field-service', name: 'Field service' };

/**
 * The field-service system says a job ended: completed (the report's Job Completion Date) or
 * cancelled (the lead no longer counts as recovered; a trigger refreshes the report). Only jobs
 * of the key's own account are found: any other job id is answered exactly as a missing one.
 * Reporting the same ending again changes nothing.
 */
export async function recordJobEnding(ctx: ServerContext, accountId: string, c: JobCompletion) {
  const at = c.at ? new Date(c.at) : ctx.clock();
  return transact(ctx.db, async (tx) => {
    const [job] = await tx.query<{ lead_id: string; completed_at: Date | null; cancelled_at: Date | null; kind: 'abandoned' | 'second_chance'; customer: string | null }>(
      `select j.lead_id, j.completed_at, j.cancelled_at, l.kind, coalesce(l.customer_name, l.phone) as customer
         from jobs j join leads l on l.id = j.lead_id
        where j.id = $1 and j.account_id = $2 for update of j`,
      [c.jobId, accountId],
    );
    if (!job) throw new JobNotFound();
    const already = c.status === 'completed' ? job.completed_at : job.cancelled_at;
    if (already) return { jobId: c.jobId, status: c.status, at: new Date(already).toISOString() };
    await tx.query(
      c.status === 'completed'
        ? 'update jobs set completed_at = $2, cancelled_at = null where id = $1'
        : 'update jobs set cancelled_at = $2, completed_at = null where id = $1',
      [c.jobId, at],
    );
    await audit(tx, {
      leadId: job.lead_id,
      at: ctx.clock(),
      actor: FIELD_SERVICE,
      action: c.status === 'completed' ? 'job_completed' : 'job_cancelled',
      to: c.jobId,
      why: c.status === 'completed' ? 'The field-service system reported the job completed.' : 'The field-service system reported the job cancelled.',
    });
    await recordChange(tx, { accountId, kind: job.kind, leadId: job.lead_id, created: false, customer: job.customer ?? '' }, ctx.clock());
    return { jobId: c.jobId, status: c.status, at: at.toISOString() };
  });
}
