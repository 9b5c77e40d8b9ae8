import { z } from 'zod';
import { followUpKindSchema } from '../followup/kinds';
import { followUpStatusSchema } from '../followup/statuses';
import { id, jobTypeSchema, leadDetailSchema, leadSchema } from '../domain/records';
import { sessionSchema } from '../api/session';
import { passwordText, plainText } from '../validation/text';
import { boundedInstant } from '../validation/bounds';

/*
 * The wire protocol between a desk and the sync server. The server sends leads without the
 * fields a desk derives for itself (tab from its own clock, pending from its own outbox).
 */

export const syncLeadSchema = leadSchema.omit({ tab: true, pending: true });
export type SyncLead = z.infer<typeof syncLeadSchema>;

export const syncLeadDetailSchema = leadDetailSchema.extend({ lead: syncLeadSchema });
export type SyncLeadDetail = z.infer<typeof syncLeadDetailSchema>;

export const signInRequestSchema = z.object({
  email: z.email(),
  password: passwordText,
  /** First sign-in with the one-time code an admin handed over: `password` becomes the user's password. */
  signInCode: z.string().min(8).max(64).optional(),
});
export const signInResponseSchema = z.object({
  token: z.string().min(20),
  session: sessionSchema.omit({ serverUrl: true }),
});

export const pullRequestSchema = z.object({
  clientId: z.string().min(8).max(64),
  cursor: z.number().int().nonnegative(),
  limit: z.number().int().positive().max(5000).default(1000),
  /**
   * The size of the page the desk will ask for next if this one has more: the server prepares it
   * while the desk stores this one, so a long catch-up waits for neither side in turn.
   */
  nextLimit: z.number().int().positive().max(5000).optional(),
});
export type PullRequest = z.input<typeof pullRequestSchema>;

export const scopeSchema = z.object({
  accountIds: z.array(id),
  kinds: z.array(followUpKindSchema),
});
export type SyncScope = z.infer<typeof scopeSchema>;

export const pullResponseSchema = z.object({
  /** True when the desk must drop its rows and pull again from 0 (its cursor is unknown here). */
  reset: z.boolean(),
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  /** What this user may see now; a desk purges whatever lies outside it. */
  scope: scopeSchema,
  session: sessionSchema.omit({ serverUrl: true }),
  leads: z.array(syncLeadDetailSchema),
  jobTypes: z.array(jobTypeSchema),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

const leadRef = { leadId: id };
export const mutationSchema = z.discriminatedUnion('name', [
  z.object({
    name: z.literal('setStatus'),
    /** `voicemail`: the agent left the customer a voicemail (the voicemail plan may offer their call-back to that agent first). */
    args: z.object({ ...leadRef, to: followUpStatusSchema, note: plainText(1, 4000).optional(), voicemail: z.literal(true).optional() }),
  }),
  z.object({ name: z.literal('addNote'), args: z.object({ ...leadRef, text: plainText(1, 4000) }) }),
  z.object({
    name: z.literal('bookJob'),
    args: z
      .object({
        ...leadRef,
        jobId: z.uuid(),
        jobTypeId: id,
        windowStart: boundedInstant,
        windowEnd: boundedInstant,
        customerName: plainText(1, 200),
        address: plainText(1, 400),
      })
      .refine((a) => Date.parse(a.windowEnd) > Date.parse(a.windowStart), { message: 'The appointment window must end after it starts.', path: ['windowEnd'] }),
  }),
  z.object({ name: z.literal('claim'), args: z.object(leadRef) }),
  z.object({ name: z.literal('release'), args: z.object(leadRef) }),
]);
export type Mutation = z.infer<typeof mutationSchema>;

export const pushRequestSchema = z.object({
  clientId: z.string().min(8).max(64),
  /** The desk's pull cursor: the server says whether the desk may move it past its own edits. */
  cursor: z.number().int().nonnegative().optional(),
  mutations: z
    .array(z.intersection(z.object({ id: z.number().int().positive() }), mutationSchema))
    .min(1)
    .max(500),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const mutationResultSchema = z.object({
  id: z.number().int().positive(),
  /**
   * What became of the edit, and of the lead on this desk: `applied` (the lead is as `lead`
   * says), `duplicate` (applied before; the same), `refused` (not applied, for `error`; the lead
   * stays, as `lead` says when given), `gone` (not applied: the lead is no longer this user's to
   * see, and leaves the desk).
   */
  status: z.enum(['applied', 'duplicate', 'refused', 'gone']),
  error: z.string().nullable(),
  lead: syncLeadSchema.nullable(),
  /** The lead's calls and history after the edit, so the desk shows the server's own words at once. */
  calls: leadDetailSchema.shape.calls.optional(),
  history: leadDetailSchema.shape.history.optional(),
});
export type MutationResult = z.infer<typeof mutationResultSchema>;

export const pushResponseSchema = z.object({
  results: z.array(mutationResultSchema),
  cursor: z.number().int().nonnegative(),
  /**
   * True when nothing the desk may see changed after the cursor it sent, except by its own
   * edits: the results above are all it lacks, so it moves its cursor to `cursor` and does not
   * pull its own change back.
   */
  caughtUp: z.boolean().default(false),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** What the server sends a connected desk after each commit: a hint to pull, with enough to notify. */
export const pokeSchema = z.object({
  type: z.literal('poke'),
  cursor: z.number().int().nonnegative(),
  /** The desk whose edits made every change of this poke, if one did: that desk has them already. */
  origin: z.string().nullable().default(null),
  created: z.array(
    z.object({ leadId: id, kind: followUpKindSchema, accountId: id, customer: z.string() }),
  ),
});
export type Poke = z.infer<typeof pokeSchema>;
