import { z } from 'zod';
import { id, isoInstant } from '../domain/records';

/*
 * The field-service system (where technicians do the jobs Rebound books) reports each job's
 * end: completed or cancelled. It authenticates with its account's key, which an admin issues
 * and rotates here; the report's Job Completion Date reads what it reported.
 */

/** What admins see of an account's key: never the key, only its last characters and when it was issued. */
export const fieldServiceKeyViewSchema = z.object({
  accountId: id,
  accountName: z.string(),
  hint: z.string().nullable(),
  issuedAt: isoInstant.nullable(),
});
export type FieldServiceKeyView = z.infer<typeof fieldServiceKeyViewSchema>;

/** A newly issued key, shown once: the previous key of the account stops working at once. */
export const issuedFieldServiceKeySchema = fieldServiceKeyViewSchema.extend({ key: z.string() });

export const JOB_ENDINGS = ['completed', 'cancelled'] as const;

/** POST /api/field-service/jobs/:jobId/completion, path and body together, checked once. */
export const jobCompletionSchema = z
  .object({
    jobId: id,
    status: z.enum(JOB_ENDINGS, { error: 'The status must be "completed" or "cancelled".' }),
    /** When the job was completed or cancelled; now when left out. */
    at: isoInstant.optional(),
  })
  .strict();
export type JobCompletion = z.infer<typeof jobCompletionSchema>;

export const jobCompletionResultSchema = z.object({ jobId: id, status: z.enum(JOB_ENDINGS), at: isoInstant });

/** The header the field-service system sends its key in. */
export const FIELD_SERVICE_KEY_PREFIX = 'rbfs_';
