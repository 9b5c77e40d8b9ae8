import { z } from 'zod';
import { sessionSchema } from './session';
import { relayedMethods } from './server-routes';
import { followUpKindSchema } from '../followup/kinds';
import { followUpStatusSchema } from '../followup/statuses';
import { tabSchema } from '../followup/tabs';
import { filterSetSchema } from '../filters/filter-model';
import { id, isoInstant, jobTypeSchema, leadDetailSchema, leadSchema } from '../domain/records';
import { passwordText, plainText } from '../validation/text';
import { transcriptSchema } from '../scl/transcript';
import { voiceEventSchema } from '../voice/voice-events';
import { reportRequestSchema } from '../reports/report-model';

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

export { sessionSchema, tabSettingsOf, type Session } from './session';

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
    request: leadRef.extend({ to: followUpStatusSchema, note: noteText.optional(), voicemail: z.literal(true).optional() }),
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
        /** Of Open and Cold, the Second Chance Leads (the rest are abandoned calls): the tabs count them apart. */
        openSecondChance: z.number().int().nonnegative(),
        coldSecondChance: z.number().int().nonnegative(),
        oldestOpenEndedAt: isoInstant.nullable(),
        medianSpeedToLeadSeconds: z.number().nonnegative().nullable(),
        /** Today's calls with a job booked from their follow-up. */
        recoveredToday: z.number().int().nonnegative(),
        /** Today's calls whose follow-up was resolved without a job (a later conversation, or by hand). */
        resolvedWithoutJobToday: z.number().int().nonnegative(),
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
  /** Desktop app: restart now into the update that has been downloaded (see the appUpdate event). */
  installUpdate: { request: z.object({}), response: ok },
  /** Second Chance Leads: what was said on the call that made the lead, customer and agent apart (from the server). */
  getTranscript: { request: leadRef, response: transcriptSchema.nullable() },
  /** Calls only the server answers, forwarded by the desk as the route map says. */
  ...relayedMethods,
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export const connectionStateSchema = z.object({
  state: z.enum(['online', 'offline', 'syncing']),
  unsent: z.number().int().nonnegative(),
  /** The leads with edits not yet sent (up to 500): the screens mark them without asking again. */
  unsentLeadIds: z.array(id).default([]),
  lastSyncedAt: isoInstant.nullable(),
});
export type ConnectionState = z.infer<typeof connectionStateSchema>;

export const apiEvents = {
  connection: connectionStateSchema,
  /**
   * Leads changed on this desk, once per change: which (null when too many to name) and whether
   * tab counts may have moved. A desk's own edit is announced when made, not again when the
   * server confirms it unchanged.
   */
  leadsChanged: z.object({ kinds: z.array(followUpKindSchema), leadIds: z.array(id).nullable().default(null), counts: z.boolean().default(true) }),
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
