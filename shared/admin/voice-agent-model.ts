import { z } from 'zod';
import { id } from '../domain/records';
import { renderTemplate } from '../templates/voice-agent-template';
import { plainText } from '../validation/text';

/*
 * The AI Voice Agent's settings, edited at Global level and, per account, as a full copy that
 * stops following Global once saved (the workflow's inheritance rule).
 */

/** Said first on every call unless an admin explicitly confirms its removal. */
export const AI_DISCLOSURE_LINE = 'This call is answered by an AI assistant and may be recorded.';

/** The workflow's legal notice, shown wherever an admin edits what the Voice Agent says. */
export const VOICE_AGENT_LEGAL_NOTICE =
  'Notifying customers they are speaking with AI is legally required in some locations. Default Voice Agent scripts are provided as examples only. ' +
  'You are responsible for complying with all applicable laws in your jurisdiction, including recording laws and AI-disclosure requirements.';

/** A message with bracket variables: any bracketed name that is not a variable is refused. */
const template = (max: number, what: string) =>
  plainText(1, max, `${what} cannot be empty.`).superRefine((text, ctx) => {
    const unknown = renderTemplate(text, {}).unknown;
    if (unknown.length) ctx.addIssue({ code: 'custom', message: `${what} uses ${unknown.length === 1 ? 'an unknown variable' : 'unknown variables'}: ${unknown.map((u) => `[${u}]`).join(', ')}.` });
  });

export const VOICE_AGENT_SKILLS = ['checkAvailability', 'bookJobs', 'rescheduleJobs', 'cancelJobs'] as const;
export const VOICE_AGENT_SKILL_LABELS: Record<(typeof VOICE_AGENT_SKILLS)[number], string> = {
  checkAvailability: 'Check appointment availability',
  bookJobs: 'Book new jobs',
  rescheduleJobs: 'Reschedule existing jobs',
  cancelJobs: 'Cancel jobs',
};
/**
 * What the agent does on a call with each skill on, and instead with it off: the settings screen
 * says the one that holds now (the walk read "Off: …" beside a ticked box as the current effect).
 */
export const VOICE_AGENT_SKILL_HINTS: Record<(typeof VOICE_AGENT_SKILLS)[number], { on: string; off: string }> = {
  checkAvailability: {
    on: 'On: the agent books the time the caller asks for (for example "tomorrow morning") as the visit\'s window.',
    off: "Off: the agent promises no time; it takes the caller's preferred time and says the office will confirm it.",
  },
  bookJobs: {
    on: 'On: the agent books the job during the call, with its dispatch fee, and files it like a CSR\'s booking.',
    off: 'Off: the agent takes a message and passes the caller to the team.',
  },
  rescheduleJobs: {
    on: "On: the agent moves the caller's upcoming visit, found by the number they call from.",
    off: 'Off: a caller who wants to move a visit is passed to the team.',
  },
  cancelJobs: {
    on: "On: the agent cancels the caller's upcoming visit, found by the number they call from.",
    off: 'Off: a caller who wants to cancel a visit is passed to the team.',
  },
};

export const voiceAgentSettingsSchema = z.object({
  /** Off: overflow rules do nothing and every call waits in its queue as if none were set. */
  enabled: z.boolean().default(true),
  persona: z.object({
    agentName: plainText(1, 60, 'The Voice Agent needs a name.'),
    /** Empty: callers hear the account's own name (see businessNameAsHeard). */
    businessName: plainText(0, 120).default(''),
  }),
  transcript: z.object({
    aiDisclosure: z.boolean(),
    opening: template(1000, 'The opening message'),
    closing: template(1000, 'The closing message'),
  }),
  dispatchFee: z.object({
    noSpecifiedFee: template(500, 'The message for no specified fee'),
    freeService: template(500, 'The message for free service'),
    specificAmount: template(500, 'The message for a specific amount'),
  }),
  skills: z.object(Object.fromEntries(VOICE_AGENT_SKILLS.map((s) => [s, z.boolean()])) as Record<(typeof VOICE_AGENT_SKILLS)[number], z.ZodBoolean>),
});
export type VoiceAgentSettings = z.infer<typeof voiceAgentSettingsSchema>;

export const DEFAULT_VOICE_AGENT_SETTINGS: VoiceAgentSettings = {
  enabled: true,
  persona: { agentName: 'Riley', businessName: '' },
  transcript: {
    aiDisclosure: true,
    opening: 'Thanks for calling [Customer-Facing Business Name], this is [Voice Agent Name]. How can I help you today?',
    closing: 'Thanks for calling [Customer-Facing Business Name]. Have a great day!',
  },
  dispatchFee: {
    noSpecifiedFee: 'A technician will confirm any dispatch fee for your [Job Type] when they arrive.',
    freeService: 'There is no dispatch fee for [Job Type].',
    specificAmount: 'The dispatch fee for [Job Type] is [Dispatch Fee].',
  },
  skills: { checkAvailability: true, bookJobs: true, rescheduleJobs: false, cancelJobs: false },
};

export const saveVoiceAgentSchema = z.object({
  /** 'global', or an account id for that account's own settings. */
  scope: z.union([z.literal('global'), id]),
  settings: voiceAgentSettingsSchema,
  /** Turning the AI disclosure off must be confirmed, every time. */
  confirmDisclosureRemoval: z.boolean().default(false),
});
export type SaveVoiceAgent = z.input<typeof saveVoiceAgentSchema>;

export const voiceAgentOverviewSchema = z.object({
  global: voiceAgentSettingsSchema,
  accounts: z.array(z.object({ accountId: id, accountName: z.string(), custom: z.boolean(), settings: voiceAgentSettingsSchema })),
});
export type VoiceAgentOverview = z.infer<typeof voiceAgentOverviewSchema>;

/**
 * Settings saved before the business name could be left empty carry this old placeholder
 * verbatim; a caller must never hear "Thanks for calling Our team".
 */
const LEGACY_PLACEHOLDER = 'Our team';

/** The business name callers hear: the one an admin set, else the account's own name. */
export function businessNameAsHeard(s: VoiceAgentSettings, accountName: string): string {
  const set = s.persona.businessName.trim();
  return set && set !== LEGACY_PLACEHOLDER ? set : accountName;
}

/** The opening as a caller hears it: the disclosure line first when it is on. */
export function openingAsHeard(s: VoiceAgentSettings, accountName: string): ReturnType<typeof renderTemplate> {
  const r = renderTemplate(s.transcript.opening, templateValues(s, accountName));
  return s.transcript.aiDisclosure ? { ...r, text: `${AI_DISCLOSURE_LINE} ${r.text}` } : r;
}

/** An account's job types and dispatch fees, as the account-level Voice Agent view edits them. */
export const jobTypeInputSchema = z.object({
  id: id.optional(),
  name: plainText(1, 80, 'A job type needs a name.'),
  /** null: no specified fee; 0: free service; otherwise cents. */
  dispatchFeeCents: z.number().int().min(0, 'A dispatch fee cannot be negative.').max(1_000_000, 'A dispatch fee may be at most $10,000.').nullable(),
});
export const saveJobTypesSchema = z.object({
  accountId: id,
  jobTypes: z.array(jobTypeInputSchema).min(1, 'Keep at least one job type.').max(200),
});
export type SaveJobTypes = z.infer<typeof saveJobTypesSchema>;

/** The values every Voice Agent message may use for an account. */
export function templateValues(s: VoiceAgentSettings, accountName: string) {
  return { 'Account Name': accountName, 'Voice Agent Name': s.persona.agentName, 'Customer-Facing Business Name': businessNameAsHeard(s, accountName) };
}

/** The Dispatch Fee Message scenario a job type's fee calls for, as the caller hears it. */
export function dispatchFeeMessage(s: VoiceAgentSettings, accountName: string, job: { name: string; dispatchFeeCents: number | null }): string {
  const scenario = job.dispatchFeeCents === null ? 'noSpecifiedFee' : job.dispatchFeeCents === 0 ? 'freeService' : 'specificAmount';
  const fee = job.dispatchFeeCents ? `$${(job.dispatchFeeCents / 100).toFixed(2).replace(/\.00$/, '')}` : '';
  return renderTemplate(s.dispatchFee[scenario], { ...templateValues(s, accountName), 'Job Type': job.name, 'Dispatch Fee': fee }).text;
}

export function closingAsHeard(s: VoiceAgentSettings, accountName: string): string {
  return renderTemplate(s.transcript.closing, templateValues(s, accountName)).text;
}
