import { z } from 'zod';
import { e164, id } from '../domain/records';
import { plainText } from '../validation/text';
import { plural } from '../format/format';

/*
 * Campaigns, queues, routing workflows and tracking numbers, as admins edit them.
 */

export const OVERFLOW_RULES = ['none', 'wait', 'no_agent'] as const;
export const OVERFLOW_RULE_LABELS: Record<(typeof OVERFLOW_RULES)[number], string> = {
  none: 'No overflow: callers always wait for the team',
  wait: 'To the Voice Agent when the queue wait passes N seconds',
  no_agent: 'To the Voice Agent when nobody on the team is free',
};

/** What a manager reads next to the choice: what will happen to a caller, in plain words. */
export function overflowExplanation(rule: (typeof OVERFLOW_RULES)[number], waitSeconds: number | null): string {
  switch (rule) {
    case 'none':
      return 'Callers wait in the queue until a team member answers, or leave a voicemail. The Voice Agent never answers these calls.';
    case 'wait':
      return `Callers wait in the queue first. Anyone still waiting after ${waitSeconds === null ? 'N seconds' : plural(waitSeconds, 'second', 'seconds')} is answered by the Voice Agent, which can book the job; if they ask for a person, they go back to the front of the queue with the conversation so far on the team member's screen.`;
    case 'no_agent':
      return 'When no team member who takes this queue is signed in and free, the Voice Agent answers at once instead of putting the caller on hold; otherwise callers wait in the queue as usual.';
  }
}

export const campaignInputSchema = z.object({ id: id.optional(), accountId: id, name: plainText(1, 80, 'A campaign needs a name.') });
export const queueInputSchema = z.object({ id: id.optional(), accountId: id, name: plainText(1, 80, 'A queue needs a name.') });
export const workflowInputSchema = z
  .object({
    id: id.optional(),
    accountId: id,
    name: plainText(1, 80, 'A routing workflow needs a name.'),
    queueId: id,
    active: z.boolean(),
    overflowRule: z.enum(OVERFLOW_RULES),
    overflowWaitSeconds: z.number().int().min(10, 'The overflow wait must be at least 10 seconds.').max(900, 'The overflow wait may be at most 900 seconds.').nullable(),
  })
  .refine((w) => w.overflowRule !== 'wait' || w.overflowWaitSeconds !== null, { message: 'Say after how many seconds of waiting the Voice Agent takes over.', path: ['overflowWaitSeconds'] });

/** A campaign or queue; a retired one keeps its history and report rows but takes no new numbers or workflows. */
export const namedItemSchema = z.object({ id, accountId: id, name: z.string(), retired: z.boolean().default(false) });
export const retireSchema = z.object({ id, accountId: id, retired: z.boolean() });
export type RetireInput = z.infer<typeof retireSchema>;

export const routingSchema = z.object({
  accounts: z.array(z.object({ id, name: z.string() })),
  campaigns: z.array(namedItemSchema),
  queues: z.array(namedItemSchema),
  workflows: z.array(
    z.object({ id, accountId: id, name: z.string(), queueId: id.nullable(), active: z.boolean(), overflowRule: z.enum(OVERFLOW_RULES), overflowWaitSeconds: z.number().int().nullable() }),
  ),
  /** Who a direct-dial number of each account may ring. */
  employees: z.array(z.object({ id, accountId: id, name: z.string() })),
});
export type Routing = z.infer<typeof routingSchema>;

export const NUMBER_TYPES = ['tracking', 'unassigned', 'direct'] as const;

export const numberSearchSchema = z
  .object({
    kind: z.enum(['local', 'toll_free']),
    areaCode: z.string().regex(/^[2-9]\d{2}$/, 'An area code is three digits, not starting with 0 or 1.').optional(),
    zip: z.string().regex(/^\d{5}$/, 'A ZIP code is five digits.').optional(),
    contains: z.string().regex(/^\d{1,7}$/, 'Contains takes up to seven digits.').optional(),
    /** Where the previous page ended (Load More). */
    after: z.string().max(32).optional(),
  })
  .refine((s) => s.kind === 'toll_free' || s.areaCode || s.zip, { message: 'Search local numbers by area code or ZIP code.', path: ['areaCode'] });
export type NumberSearch = z.input<typeof numberSearchSchema>;

export const availableNumberSchema = z.object({ e164, locality: z.string().nullable(), region: z.string().nullable(), tollFree: z.boolean() });
export type AvailableNumber = z.infer<typeof availableNumberSchema>;
export const numberSearchResultSchema = z.object({ numbers: z.array(availableNumberSchema), next: z.string().nullable() });

/** A tracking number as the admin sets it up. */
const trackingNumberFields = z.object({
  e164,
  accountId: id,
  type: z.enum(NUMBER_TYPES),
  campaignId: id.nullable(),
  workflowId: id.nullable(),
  employeeId: id.nullable(),
  /** Call continuity: where calls go if Rebound cannot route them. */
  forwardingE164: e164.nullable(),
  receiveTexts: z.boolean(),
});

export const trackingNumberInputSchema = trackingNumberFields
  .refine((n) => n.type !== 'tracking' || n.workflowId, { message: 'A tracking number is assigned to a routing workflow.', path: ['workflowId'] })
  .refine((n) => n.type !== 'direct' || n.employeeId, { message: 'A direct-dial number rings one employee: choose who.', path: ['employeeId'] });
export type TrackingNumberInput = z.infer<typeof trackingNumberInputSchema>;

export const trackingNumberViewSchema = trackingNumberFields.extend({
  usableFrom: z.string().nullable(),
  /** Why calls to it would be disconnected today, if they would. */
  warning: z.string().nullable(),
});
export type TrackingNumberView = z.infer<typeof trackingNumberViewSchema>;
