import type { FastifyInstance } from 'fastify';
import { ApiError, formatIssues, jobCompletionSchema, unsafeTextAt } from '../../shared';
import type { ServerContext } from '../context';
import { accountOfKey } from '../field-service/keys';
import { JobNotFound, recordJobEnding } from '../field-service/job-completion';
import { replyWithError } from './http-errors';

/** Where the field-service system reports a job's end (documented in the README). */
export const JOB_COMPLETION_PATH = '/api/field-service/jobs/:jobId/completion';

/**
 * The one endpoint an outside system calls. It is not on the desk's route map because its caller
 * is no user: it authenticates with its account's key (`Authorization: Bearer rbfs_…`), the path
 * and body are checked together with one schema, and it only ever finds jobs of the key's
 * account: another tenant's job id is answered as a missing one, word for word.
 */
export async function fieldServiceRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.post<{ Params: { jobId: string } }>(JOB_COMPLETION_PATH, async (req, reply) => {
    const h = req.headers.authorization;
    const accountId = await accountOfKey(ctx.db, h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined);
    if (!accountId) return replyWithError(reply, new ApiError('unauthenticated', 'A valid field-service key is needed (Authorization: Bearer rbfs_…). An admin issues one per account.'));
    const raw = { ...(req.body && typeof req.body === 'object' ? req.body : {}), jobId: req.params.jobId };
    const unsafe = unsafeTextAt(raw);
    if (unsafe) return replyWithError(reply, new ApiError('invalid_request', unsafe));
    const parsed = jobCompletionSchema.safeParse(raw);
    if (!parsed.success) return replyWithError(reply, new ApiError('invalid_request', formatIssues(parsed.error)));
    try {
      return await recordJobEnding(ctx, accountId, parsed.data);
    } catch (err) {
      if (err instanceof JobNotFound) return replyWithError(reply, new ApiError('not_found', 'No such job.'));
      throw err;
    }
  });
}
