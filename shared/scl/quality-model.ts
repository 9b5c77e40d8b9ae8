import { z } from 'zod';
import { id, isoInstant } from '../domain/records';
import { formatPercent } from '../format/format';
import { f1 } from './fit';
import { scoreReasonSchema } from './model';

/** Precision and recall of flagging over labelled calls; null when nothing was there to measure. */
export const qualitySchema = z.object({
  precision: z.number().min(0).max(1).nullable(),
  recall: z.number().min(0).max(1).nullable(),
  flagged: z.number().int().nonnegative(),
  positives: z.number().int().nonnegative(),
  calls: z.number().int().nonnegative(),
});

/** What the Second Chance Leads settings show about the flagging: how good it is and how it learned. */
export const sclQualitySchema = z.object({
  modelVersion: z.number().int().positive(),
  accounts: z.array(
    z.object({
      accountId: id,
      accountName: z.string(),
      threshold: z.number().int(),
      /** Calls reviewed in the last 30 days, flagged or not. */
      reviewed: z.number().int().nonnegative(),
      flagged: z.number().int().nonnegative(),
      /** Of those, calls a CSR's outcome labelled. */
      labelled: z.number().int().nonnegative(),
      precision: z.number().min(0).max(1).nullable(),
      recall: z.number().min(0).max(1).nullable(),
    }),
  ),
  refits: z.array(
    z.object({
      version: z.number().int().positive(),
      at: isoInstant,
      adopted: z.boolean(),
      trainCalls: z.number().int().nonnegative(),
      heldOutCalls: z.number().int().nonnegative(),
      /** The model in use at the time, on the same held-out calls. */
      before: qualitySchema.extend({ version: z.number().int().positive() }),
      after: qualitySchema,
    }),
  ),
});
export type SclQuality = z.infer<typeof sclQualitySchema>;

/**
 * What a refit's row concludes, in the terms of the rule that decided it (F1 on the held-out
 * calls, see judgeRefit), so the verdict never reads against the figures beside it: a refit with
 * better precision but worse recall can be kept, and the row says why.
 */
export function refitVerdict(r: SclQuality['refits'][number]): string {
  const figures = `F1 ${formatPercent(f1(r.before))} → ${formatPercent(f1(r.after))}`;
  return r.adopted
    ? `Adopted v${r.version}: it flags the held-out calls better (${figures}).`
    : `Kept v${r.before.version}: v${r.version} was not better on the held-out calls (${figures}).`;
}

/** An answered, unbooked call scored below its account's threshold, kept with its reasons. */
export const leftOutCallSchema = z.object({
  callSid: z.string(),
  accountId: id,
  accountName: z.string(),
  customer: z.string(),
  endedAt: isoInstant,
  talkSeconds: z.number().int().nonnegative(),
  agentName: z.string().nullable(),
  score: z.number().int(),
  threshold: z.number().int(),
  reasons: z.array(scoreReasonSchema),
  modelVersion: z.number().int().positive(),
});
export type LeftOutCall = z.infer<typeof leftOutCallSchema>;
