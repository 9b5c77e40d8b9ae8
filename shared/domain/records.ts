import { z } from 'zod';
import { boundedInstant, safeId } from '../validation/bounds';
import { callTypeSchema, unbookedReasonSchema } from '../followup/call-types';
import { followUpKindSchema } from '../followup/kinds';
import { followUpStatusSchema } from '../followup/statuses';
import { tabSchema } from '../followup/tabs';
import { callScoreSchema } from '../scl/model';

/** Instants cross process boundaries as ISO-8601 UTC strings. */
export const isoInstant = boundedInstant;
export const id = safeId;
export const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'Expected an E.164 number like +14155550134.');

export const claimSchema = z.object({
  userId: id,
  userName: z.string(),
  expiresAt: isoInstant,
});

/** One row of either queue, as the screens show it. */
export const leadSchema = z.object({
  id,
  kind: followUpKindSchema,
  status: followUpStatusSchema,
  tab: tabSchema,
  accountId: id,
  accountName: z.string(),
  customerName: z.string().nullable(),
  phone: e164,
  queueId: id.nullable(),
  queueName: z.string().nullable(),
  campaignId: id.nullable(),
  campaignName: z.string().nullable(),
  endedAt: isoInstant,
  durationSeconds: z.number().int().nonnegative(),
  attempts: z.number().int().positive(),
  callType: callTypeSchema.nullable(),
  reason: unbookedReasonSchema.nullable(),
  agentId: id.nullable(),
  agentName: z.string().nullable(),
  notes: z.string(),
  claim: claimSchema.nullable(),
  /** Second Chance Leads: the score that flagged the call, why, and the model that gave it. */
  score: callScoreSchema.nullable().optional(),
  /** Server change sequence of the last change to this row. */
  version: z.number().int().nonnegative(),
  /** True while a local edit to this row waits in the outbox. */
  pending: z.boolean(),
});
export type Lead = z.infer<typeof leadSchema>;

export const callRecordSchema = z.object({
  callSid: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  startedAt: isoInstant,
  durationSeconds: z.number().int().nonnegative(),
  /** `hung_up`: the caller ended a call the Voice Agent had answered before anything was booked. */
  outcome: z.enum(['abandoned', 'answered', 'no_answer', 'busy', 'voicemail', 'failed', 'hung_up']),
  callType: callTypeSchema.nullable(),
  reason: unbookedReasonSchema.nullable(),
  agentName: z.string().nullable(),
  notes: z.string().nullable(),
  recordingUrl: z.url().nullable(),
});
export type CallRecord = z.infer<typeof callRecordSchema>;

export const auditEventSchema = z.object({
  at: isoInstant,
  actor: z.object({ kind: z.enum(['user', 'system']), id: z.string(), name: z.string() }),
  action: z.enum(['created', 'status', 'note', 'call_joined', 'claimed', 'released', 'booked', 'job_rescheduled', 'job_completed', 'job_cancelled']),
  from: z.string().nullable(),
  to: z.string().nullable(),
  why: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const leadDetailSchema = z.object({
  lead: leadSchema,
  calls: z.array(callRecordSchema),
  history: z.array(auditEventSchema),
});
export type LeadDetail = z.infer<typeof leadDetailSchema>;

/** A bookable job type of an account; the fee decides what the dispatch-fee message says. */
export const jobTypeSchema = z.object({
  id,
  accountId: id,
  name: z.string(),
  /** null: no specified fee; 0: free service; otherwise the fee in cents. */
  dispatchFeeCents: z.number().int().nonnegative().nullable(),
});
export type JobType = z.infer<typeof jobTypeSchema>;

export function dispatchFeeText(fee: number | null): string {
  if (fee === null) return 'A dispatch fee may apply';
  if (fee === 0) return 'Free service: no dispatch fee';
  return `Dispatch fee $${(fee / 100).toFixed(2)}`;
}
