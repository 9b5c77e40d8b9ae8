import { z } from 'zod';
import { e164, id } from '../domain/records';

/*
 * The workflow's voicemail plan, per account: "what outbound caller ID to use, what callback
 * number to leave, and whether the customer should call the original agent back or any
 * available agent".
 */

export const VOICEMAIL_PLAN_LIMITS = { originalAgentSeconds: { min: 10, max: 600 } } as const;

export const CALLBACK_ROUTINGS = ['any_agent', 'original_agent'] as const;
export const CALLBACK_ROUTING_LABELS: Record<(typeof CALLBACK_ROUTINGS)[number], string> = {
  any_agent: 'Any available agent',
  original_agent: 'The agent who left the voicemail first',
};

/** 'tracking': the number the customer called; 'main': the account's main number; or one of the account's numbers. */
export const callerIdChoiceSchema = z.union([z.enum(['tracking', 'main']), e164]);

export const voicemailPlanSchema = z.object({
  accountId: id,
  callerId: callerIdChoiceSchema,
  /** The number agents leave in voicemails; none: the caller ID the callback showed. */
  callbackNumber: e164.nullable(),
  callbackRouting: z.enum(CALLBACK_ROUTINGS),
  /** With 'original_agent': how long the caller is offered to that agent alone before anyone may take them. */
  originalAgentSeconds: z
    .number({ error: 'Give the time in seconds.' })
    .int('Give whole seconds.')
    .min(VOICEMAIL_PLAN_LIMITS.originalAgentSeconds.min, `At least ${VOICEMAIL_PLAN_LIMITS.originalAgentSeconds.min} seconds.`)
    .max(VOICEMAIL_PLAN_LIMITS.originalAgentSeconds.max, `At most ${VOICEMAIL_PLAN_LIMITS.originalAgentSeconds.max} seconds (10 minutes).`),
});
export type VoicemailPlan = z.infer<typeof voicemailPlanSchema>;

export const voicemailPlanViewSchema = voicemailPlanSchema.extend({
  accountName: z.string(),
  /** The account's numbers a callback may show. */
  numbers: z.array(z.object({ e164, type: z.string(), campaign: z.string().nullable() })),
});
export type VoicemailPlanView = z.infer<typeof voicemailPlanViewSchema>;
