import type { JobCompletion } from '../../shared';
import type { ServerContext } from '../context';
import { transact } from '../store/retry';
import type { Actor } from '../recovery/actors';
import { endJob } from '../recovery/job-changes';

export { JobNotFound } from '../recovery/job-changes';

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
  const why = c.status === 'completed' ? 'The field-service system reported the job completed.' : 'The field-service system reported the job cancelled.';
  return transact(ctx.db, (tx) => endJob(tx, { accountId, jobId: c.jobId, status: c.status, at, actor: FIELD_SERVICE, why }, ctx.clock()));
}
