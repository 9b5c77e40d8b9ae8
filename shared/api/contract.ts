import { z } from 'zod';
import { unbookedReasonSchema } from '../followup/call-types';
import { followUpKindSchema } from '../followup/kinds';
import { followUpStatusSchema } from '../followup/statuses';
import { tabSchema } from '../followup/tabs';
import { speedTargetSchema } from '../followup/speed-target';
import { filterSetSchema } from '../filters/filter-model';
import { permissionSchema } from '../permissions/catalog';
import { id, isoInstant, jobTypeSchema, leadDetailSchema, leadSchema } from '../domain/records';
import { passwordText, plainText } from '../validation/text';
import { transcriptSchema } from '../scl/transcript';
import { leftOutCallSchema, sclQualitySchema } from '../scl/quality-model';
import { callbackHoursSchema } from '../voice/callback-hours';
import { voiceEventSchema } from '../voice/voice-events';
import { reportRequestSchema, reportResponseSchema } from '../reports/report-model';
import {
  voiceAgentDayRequestSchema,
  voiceAgentSessionSchema,
  voiceAgentTileSchema,
  voiceAgentUsageRequestSchema,
  voiceAgentUsageRowSchema,
} from '../voice/voice-agent-activity';
import { saveJobTypesSchema, saveVoiceAgentSchema, voiceAgentOverviewSchema, voiceAgentSettingsSchema } from '../admin/voice-agent-model';
import { campaignInputSchema, numberSearchResultSchema, numberSearchSchema, queueInputSchema, retireSchema, routingSchema, trackingNumberInputSchema, trackingNumberViewSchema, workflowInputSchema } from '../admin/routing-model';
import { newUserResultSchema, newUserSchema, roleInputSchema, roleViewSchema, sclSettingsSchema, sclSettingsViewSchema, userAccessSchema, userActiveSchema, userViewSchema, usersAndRolesSchema } from '../admin/admin-model';

/*
 * The typed workstation API: one map of every call the renderer can make and every event it
 * can hear. The preload bridge, the web-host bridge, the IPC registration and test fakes are
 * all derived from this map, so they cannot drift apart.
 */

export const sortColumnSchema = z.enum([
  'age',
  'duration',
  'status',
  'account',
  'customer',
  'queue',
  'campaign',
  'type',
  'reason',
  'agent',
  /** How many times a collapsed entry's caller tried: repeat callers first when descending. */
  'attempts',
  'score',
]);

export const sessionSchema = z.object({
  userId: id,
  userName: z.string(),
  email: z.string(),
  serverUrl: z.string(),
  permissions: z.array(permissionSchema),
  accounts: z.array(z.object({ id, name: z.string() })),
  settings: z.object({ sclEnabled: z.boolean(), sclColdDays: z.number().int().positive() }),
  /** Per account: what the softphone needs (callback hours, after-call work time). */
  accountSettings: z
    .array(
      z.object({
        accountId: id,
        timeZone: z.string(),
        acwMinutes: z.number().int().nonnegative(),
        callbackHours: callbackHoursSchema,
        /** Speed-to-lead target the supervisors set: a lead should be reached within this many minutes. */
        speedTargetMinutes: z.number().int().positive().default(5),
      }),
    )
    .default([]),
  /** Whether calls go through Twilio or the server's simulated carrier. */
  telephony: z.enum(['twilio', 'simulated']).default('simulated'),
});
export type Session = z.infer<typeof sessionSchema>;

const ok = z.object({ ok: z.literal(true) });
const leadRef = z.object({ leadId: id });
/** The longest note a person may write (the drawer counts towards it). */
export const NOTE_MAX_LENGTH = 4000;
const noteText = plainText(1, NOTE_MAX_LENGTH, 'A note cannot be empty.');

export const apiMethods = {
  getSession: { request: z.object({}), response: sessionSchema.nullable() },
  signIn: {
    request: z.object({
      serverUrl: z.url().optional(),
      email: z.email(),
      password: passwordText,
      /** First sign-in with an admin's one-time code: the password typed becomes theirs. */
      signInCode: z.string().trim().min(8).max(64).optional(),
    }),
    response: sessionSchema,
  },
  signOut: { request: z.object({}), response: ok },
  listLeads: {
    request: z.object({
      tab: tabSchema,
      filterSet: filterSetSchema,
      sort: z.object({ column: sortColumnSchema, direction: z.enum(['asc', 'desc']) }),
      offset: z.number().int().nonnegative(),
      limit: z.number().int().positive().max(500),
    }),
    response: z.object({ rows: z.array(leadSchema), total: z.number().int().nonnegative() }),
  },
  countLeads: {
    request: z.object({ filterSet: filterSetSchema }),
    response: z.object({
      open: z.number().int().nonnegative(),
      cold: z.number().int().nonnegative(),
      done: z.number().int().nonnegative(),
    }),
  },
  getLead: { request: leadRef, response: leadDetailSchema },
  setLeadStatus: {
    request: leadRef.extend({ to: followUpStatusSchema, note: noteText.optional() }),
    response: leadSchema,
  },
  addNote: { request: leadRef.extend({ text: noteText }), response: leadSchema },
  claimLead: { request: leadRef, response: leadSchema },
  releaseLead: { request: leadRef, response: leadSchema },
  bookJob: {
    request: leadRef.extend({
      jobTypeId: id,
      windowStart: isoInstant,
      windowEnd: isoInstant,
      customerName: plainText(1, 200),
      address: plainText(1, 400),
    }),
    response: leadSchema,
  },
  filterOptions: {
    request: z.object({ kind: followUpKindSchema }),
    response: z.object({
      queues: z.array(z.object({ id, name: z.string() })),
      campaigns: z.array(z.object({ id, name: z.string() })),
      agents: z.array(z.object({ id, name: z.string() })),
    }),
  },
  listJobTypes: { request: z.object({ accountId: id }), response: z.array(jobTypeSchema) },
  classifyCall: {
    request: z.object({
      callSid: z.string().min(1),
      outcome: z.enum(['booked', 'not_booked', 'not_a_lead', 'excused']),
      reason: unbookedReasonSchema.optional(),
      notes: plainText(0, 4000).optional(),
    }),
    response: ok,
  },
  getFilterPreferences: {
    request: z.object({ kind: followUpKindSchema }),
    response: filterSetSchema.nullable(),
  },
  saveFilterPreferences: { request: z.object({ filterSet: filterSetSchema }), response: ok },
  queueTiles: {
    request: z.object({ dayStart: isoInstant }),
    response: z.array(
      z.object({
        accountId: id,
        accountName: z.string(),
        queueName: z.string().nullable(),
        campaignName: z.string().nullable(),
        open: z.number().int().nonnegative(),
        cold: z.number().int().nonnegative(),
        oldestOpenEndedAt: isoInstant.nullable(),
        medianSpeedToLeadSeconds: z.number().nonnegative().nullable(),
        recoveredToday: z.number().int().nonnegative(),
        dismissedToday: z.number().int().nonnegative(),
        /** Open or Cold entries whose caller tried more than once. */
        repeatWaiting: z.number().int().nonnegative(),
        speedTargetMinutes: z.number().int().positive(),
        /** Today's leads reached within the target. */
        inTargetToday: z.number().int().nonnegative(),
        /** Today's leads reached late, or still waiting past the target. */
        missedTargetToday: z.number().int().nonnegative(),
        /** Today's leads not reached yet and already past the target. */
        waitingPastTarget: z.number().int().nonnegative(),
        speedState: z.enum(['ok', 'amber', 'red']),
      }),
    ),
  },
  /** Supervisors: the speed-to-lead target of one of their accounts. */
  setSpeedTarget: { request: speedTargetSchema, response: speedTargetSchema },
  getVoiceToken: {
    request: z.object({}),
    response: z.object({
      mode: z.enum(['twilio', 'simulated']),
      token: z.string(),
      identity: z.string(),
      expiresAt: isoInstant,
    }),
  },
  /** Whether this lead's customer may be called now (callback hours in their local time). */
  callbackWindow: {
    request: leadRef,
    response: z.object({
      allowed: z.boolean(),
      reason: z.string().nullable(),
      localTimes: z.array(z.string()),
      timeZones: z.array(z.string()),
    }),
  },
  /** Simulated-carrier mode: the server plays the call the Voice SDK would place. */
  placeSimulatedCall: { request: leadRef, response: z.object({ callSid: z.string() }) },
  hangUpSimulatedCall: { request: z.object({ callSid: z.string().min(1).max(64) }), response: ok },
  /** The Unbooked and Abandoned Calls report: answered by the server, never from the cache. */
  runReport: { request: reportRequestSchema, response: reportResponseSchema },
  /** The report as CSV, streamed to a file; the web host also offers it at `downloadPath`. */
  exportReport: {
    request: reportRequestSchema,
    response: z.object({
      fileName: z.string(),
      bytes: z.number().int().nonnegative(),
      savedTo: z.string(),
      downloadPath: z.string().nullable(),
    }),
  },
  /** Admin: Second Chance Leads settings of the admin's accounts. */
  sclSettings: { request: z.object({}), response: z.array(sclSettingsViewSchema) },
  saveSclSettings: { request: sclSettingsSchema, response: sclSettingsViewSchema },
  /** Second Chance Leads: what was said on the call that made the lead, customer and agent apart (from the server). */
  getTranscript: { request: leadRef, response: transcriptSchema.nullable() },
  /** Admin: how well the flagging does (precision and recall, last 30 days) and each refit of the model. */
  sclQuality: { request: z.object({}), response: sclQualitySchema },
  /** Calls reviewed and left out (below the threshold) in the last 30 days, with their reasons. */
  sclLeftOut: { request: z.object({}), response: z.array(leftOutCallSchema) },
  /** Flags a left-out call as a Second Chance Lead after all; its outcome then teaches the model. */
  flagLeftOutCall: { request: z.object({ callSid: z.string().min(1).max(64) }), response: ok },
  /** Admin: roles from the permission catalog, and who holds which roles and accounts. */
  usersAndRoles: { request: z.object({}), response: usersAndRolesSchema },
  saveRole: { request: roleInputSchema, response: roleViewSchema },
  deleteRole: { request: z.object({ roleId: id }), response: ok },
  saveUserAccess: { request: userAccessSchema, response: userViewSchema },
  /** Admin: add a person, who signs in first with a one-time code or an initial password. */
  addUser: { request: newUserSchema, response: newUserResultSchema },
  /** Admin: deactivate (their sessions end at once) or reactivate a person. */
  setUserActive: { request: userActiveSchema, response: userViewSchema },
  /** Admin: the Voice Agent's Global settings and each account's (custom or following Global). */
  voiceAgentSettings: { request: z.object({}), response: voiceAgentOverviewSchema },
  saveVoiceAgentSettings: { request: saveVoiceAgentSchema, response: voiceAgentSettingsSchema },
  resetVoiceAgentAccount: { request: z.object({ accountId: id }), response: voiceAgentSettingsSchema },
  saveJobTypes: { request: saveJobTypesSchema, response: z.array(jobTypeSchema) },
  /** Supervisors: the Voice Agent's live tile per account and today's sessions with transcripts. */
  voiceAgentActivity: {
    request: voiceAgentDayRequestSchema,
    response: z.object({ tiles: z.array(voiceAgentTileSchema), sessions: z.array(voiceAgentSessionSchema) }),
  },
  /** Voice Agent admins: the usage meter (sessions, connected seconds, billed minutes per account and day). */
  voiceAgentUsage: { request: voiceAgentUsageRequestSchema, response: z.array(voiceAgentUsageRowSchema) },
  exportVoiceAgentUsage: { request: voiceAgentUsageRequestSchema, response: z.object({ fileName: z.string(), csv: z.string() }) },
  /** Admin (Phone settings): campaigns, queues and routing workflows; tracking numbers. */
  routing: { request: z.object({}), response: routingSchema },
  saveCampaign: { request: campaignInputSchema, response: routingSchema.shape.campaigns.element },
  saveQueue: { request: queueInputSchema, response: routingSchema.shape.queues.element },
  /** Retire or restore a campaign / queue: it keeps its history and report rows. */
  retireCampaign: { request: retireSchema, response: routingSchema.shape.campaigns.element },
  retireQueue: { request: retireSchema, response: routingSchema.shape.queues.element },
  saveWorkflow: { request: workflowInputSchema, response: routingSchema.shape.workflows.element },
  trackingNumbers: { request: z.object({}), response: z.array(trackingNumberViewSchema) },
  searchNumbers: { request: numberSearchSchema, response: numberSearchResultSchema },
  saveTrackingNumber: { request: trackingNumberInputSchema, response: trackingNumberViewSchema },
  /** Change a number already bought (never buys one). */
  editTrackingNumber: { request: trackingNumberInputSchema, response: trackingNumberViewSchema },
  /** Simulated-carrier mode: take a caller waiting in a queue. */
  answerSimulatedOffer: { request: z.object({ callSid: z.string().min(1).max(64) }), response: ok },
  /** Desktop app: restart now into the update that has been downloaded (see the appUpdate event). */
  installUpdate: { request: z.object({}), response: ok },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export const connectionStateSchema = z.object({
  state: z.enum(['online', 'offline', 'syncing']),
  unsent: z.number().int().nonnegative(),
  lastSyncedAt: isoInstant.nullable(),
});
export type ConnectionState = z.infer<typeof connectionStateSchema>;

export const apiEvents = {
  connection: connectionStateSchema,
  leadsChanged: z.object({ kinds: z.array(followUpKindSchema) }),
  notification: z.object({
    id,
    kind: followUpKindSchema,
    count: z.number().int().positive(),
    title: z.string(),
    leadId: id.nullable(),
    at: isoInstant,
  }),
  mutationRejected: z.object({ leadId: id, reason: z.string() }),
  session: sessionSchema.nullable(),
  voice: voiceEventSchema,
  /** Desktop app: the user clicked an OS notification; open that lead, or its queue when it stood for several. */
  openLead: z.object({ kind: followUpKindSchema, leadId: id.nullable() }),
  /** Desktop app: a new version was downloaded in the background and is ready to install. */
  appUpdate: z.object({ state: z.literal('ready'), version: z.string().min(1).max(64) }),
} as const satisfies Record<string, z.ZodType>;

export type ApiMethod = keyof typeof apiMethods;
export type ApiEvent = keyof typeof apiEvents;
/** What a caller passes: defaults not yet applied. */
export type ApiRequest<M extends ApiMethod> = z.input<(typeof apiMethods)[M]['request']>;
/** What a handler receives after validation. */
export type ApiParsedRequest<M extends ApiMethod> = z.output<(typeof apiMethods)[M]['request']>;
export type ApiResponse<M extends ApiMethod> = z.output<(typeof apiMethods)[M]['response']>;
export type ApiEventPayload<E extends ApiEvent> = z.output<(typeof apiEvents)[E]>;

export type Unsubscribe = () => void;

/** The one interface the renderer programs against, whoever carries it. */
export type WorkstationApi = {
  [M in ApiMethod]: (request: ApiRequest<M>) => Promise<ApiResponse<M>>;
} & {
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEventPayload<E>) => void): Unsubscribe;
};

/** What the services implement: requests arrive already validated. */
export type WorkstationHandlers = {
  [M in ApiMethod]: (request: ApiParsedRequest<M>) => Promise<ApiResponse<M>>;
};

export const API_METHODS = Object.keys(apiMethods) as ApiMethod[];
export const API_EVENTS = Object.keys(apiEvents) as ApiEvent[];
