import { z } from 'zod';
import { unbookedReasonSchema } from '../followup/call-types';
import { id, isoInstant, jobTypeSchema } from '../domain/records';
import type { Capability } from '../permissions/catalog';
import { plainText } from '../validation/text';
import { reportRequestSchema, reportResponseSchema } from '../reports/report-model';
import { DEFAULT_VOICE_AGENT_SETTINGS, saveJobTypesSchema, saveVoiceAgentSchema, voiceAgentOverviewSchema, voiceAgentSettingsSchema } from '../admin/voice-agent-model';
import { campaignInputSchema, numberSearchResultSchema, numberSearchSchema, queueInputSchema, retireSchema, routingSchema, trackingNumberInputSchema, trackingNumberViewSchema, workflowInputSchema } from '../admin/routing-model';
import { newUserResultSchema, newUserSchema, userActiveSchema, roleInputSchema, roleViewSchema, sclSettingsSchema, sclSettingsViewSchema, userAccessSchema, userViewSchema, usersAndRolesSchema } from '../admin/admin-model';
import { transcriptSchema } from '../scl/transcript';
import { voiceAgentDayRequestSchema, voiceAgentSessionSchema, voiceAgentTileSchema, voiceAgentUsageRequestSchema, voiceAgentUsageRowSchema } from '../voice/voice-agent-activity';
import { speedTargetSchema } from '../followup/speed-target';
import { fieldServiceKeyViewSchema, issuedFieldServiceKeySchema } from '../admin/field-service-model';
import { voicemailPlanSchema, voicemailPlanViewSchema } from '../admin/voicemail-plan';
import { leftOutCallSchema, sclQualitySchema } from '../scl/quality-model';
import { pullRequestSchema, pullResponseSchema, pushRequestSchema, pushResponseSchema, signInRequestSchema, signInResponseSchema } from '../sync/protocol';
import { sessionSchema } from './session';

/*
 * The desk <-> server seam as one map: every endpoint of the sync server's API once, with its
 * verb, path, request and response schemas and the permission it needs. The server registers
 * its routes from this map (server/api/register-routes.ts), the desk's server client is derived
 * from it (main/sync/server-api.ts), and an entry with `relay` is also a call of the renderer's
 * typed API that the desk simply forwards (its request and response are the renderer's too).
 *
 * A path's `:params` are read from the request object: the desk puts them in the URL, the server
 * puts them back before validating, so one schema checks both.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Who may call an endpoint; the server checks it before reading the request. */
export type RouteAccess =
  | { kind: 'public' }
  | { kind: 'signedIn' }
  /** Every permission of the capability. */
  | { kind: 'capability'; capability: Capability }
  /** At least one of the capabilities (e.g. works either follow-up queue). */
  | { kind: 'anyCapability'; capabilities: readonly Capability[]; why: string };

/** Marks an endpoint that answers with a CSV stream instead of JSON. */
export const csvStream = 'csv' as const;

export type RouteDef = {
  method: HttpMethod;
  path: string;
  request: z.ZodType;
  response: z.ZodType | typeof csvStream;
  access: RouteAccess;
  /** How long the desk waits for the answer (default 15 s). */
  timeoutMs?: number;
  /** A renderer call the desk forwards as is; the text is what the user reads when offline. */
  relay?: string;
  /**
   * Changes what every tenant shares (roles, Global settings): only for someone over every
   * account, whatever their permissions.
   */
  network?: true;
  /**
   * A request that acts on one account's things: documents the call, and the authorization
   * matrix test sends it for every role, to an account the caller holds and to one they do not.
   */
  example: (t: RouteFixture) => unknown;
};

/** Ids of one account's things (and a fresh nonce), for the example requests. */
export type RouteFixture = {
  accountId: string;
  /** A user who works only this account. */
  userId: string;
  /** A role nobody holds. */
  roleId: string;
  leadId: string;
  /** An answered call of this account. */
  callSid: string;
  queueId: string;
  campaignId: string;
  workflowId: string;
  jobTypeId: string;
  /** One of the account's tracking numbers, with the campaign and workflow above. */
  e164: string;
  nonce: string;
};

const pub = { kind: 'public' } as const;
const signedIn = { kind: 'signedIn' } as const;
const needs = (capability: Capability) => ({ kind: 'capability', capability }) as const;
const placesCalls = { kind: 'anyCapability', capabilities: ['workAbandoned', 'workSecondChance'], why: 'Your role does not place or take calls.' } as const;
const reviewsScl = {
  kind: 'anyCapability',
  capabilities: ['configureSecondChance', 'workSecondChance'],
  why: 'Reviewing Second Chance Leads flagging needs Edit Second Chance Leads or the SCL settings permissions.',
} as const;

const ok = z.object({ ok: z.literal(true) });
const none = () => ({});
const noCall = () => ({ callSid: `CA${'0'.repeat(32)}` });
/** Twilio's call SIDs, as the simulated carrier mints them too. */
const callSid = z.string().regex(/^CA[0-9a-f]{32}$/, 'Expected a CA… call SID.');

/** Settings live on the server: an admin edit is never queued, it is saved or refused. */
const ADMIN_OFFLINE = 'Settings are saved on the server, which cannot be reached right now; nothing was changed.';

export const serverRoutes = {
  signIn: { method: 'POST', path: '/api/auth/sign-in', request: signInRequestSchema, response: signInResponseSchema, access: pub, example: () => ({ email: 'nobody@example.com', password: 'not-a-password' }) },
  signOut: { method: 'POST', path: '/api/auth/sign-out', request: z.object({}), response: ok, access: signedIn, timeoutMs: 3_000, example: none },
  session: { method: 'GET', path: '/api/session', request: z.object({}), response: sessionSchema.omit({ serverUrl: true }), access: signedIn, example: none },
  pull: { method: 'POST', path: '/api/sync/pull', request: pullRequestSchema, response: pullResponseSchema, access: signedIn, example: (t) => ({ clientId: `desk-${t.nonce}`, cursor: 0, limit: 10 }) },
  push: { method: 'POST', path: '/api/sync/push', request: pushRequestSchema, response: pushResponseSchema, access: signedIn, timeoutMs: 30_000, example: (t) => ({ clientId: `desk-${t.nonce}`, mutations: [{ id: 1, name: 'addNote', args: { leadId: t.leadId, text: 'Called back, left a message.' } }] }) },

  classifyCall: {
    method: 'POST',
    path: '/api/calls/:callSid/classify',
    request: z.object({
      callSid: z.string().min(1),
      outcome: z.enum(['booked', 'not_booked', 'not_a_lead', 'excused']),
      reason: unbookedReasonSchema.optional(),
      notes: plainText(0, 4000).optional(),
    }),
    response: ok,
    access: signedIn,
    relay: 'Classifying a call needs the server; try again when the connection is back.',
    example: (t) => ({ callSid: t.callSid, outcome: 'not_a_lead' }),
  },

  getVoiceToken: {
    method: 'POST',
    path: '/api/voice/token',
    request: z.object({}),
    response: z.object({ mode: z.enum(['twilio', 'simulated']), token: z.string(), identity: z.string(), expiresAt: isoInstant }),
    access: placesCalls,
    relay: 'The softphone needs the server to start; try again when the connection is back.',
    example: none,
  },
  /** Simulated-carrier mode: the server plays the call the Voice SDK would place. */
  placeSimulatedCall: {
    method: 'POST',
    path: '/api/voice/simulated/calls',
    request: z.object({ leadId: id }),
    response: z.object({ callSid: z.string() }),
    access: placesCalls,
    relay: 'Calls need the connection to the server; it is down right now.',
    example: (t) => ({ leadId: t.leadId }),
  },
  hangUpSimulatedCall: {
    method: 'POST',
    path: '/api/voice/simulated/calls/:callSid/hang-up',
    request: z.object({ callSid }),
    response: ok,
    access: placesCalls,
    relay: 'The server cannot be reached to hang up; the call ends when it answers again.',
    example: noCall,
  },
  /**
   * Simulated-carrier mode: the call the server is playing for this user, if any. A desk that
   * was reloaded mid-call shows it again, with its Hang up (with Twilio, the page's own call
   * ends with the page).
   */
  currentSimulatedCall: {
    method: 'POST',
    path: '/api/voice/simulated/current',
    request: z.object({}),
    response: z.object({
      call: z
        .object({
          callSid,
          direction: z.enum(['outbound', 'inbound']),
          phase: z.enum(['connecting', 'ringing', 'open']),
          customer: z.string(),
          leadId: z.string().nullable(),
          answeredAt: isoInstant.nullable(),
          callerId: z.string().nullable(),
        })
        .nullable(),
    }),
    access: placesCalls,
    relay: 'The server cannot be reached to see whether a call is still up.',
    example: none,
  },
  /** Simulated-carrier mode: take a caller waiting in a queue. */
  answerSimulatedOffer: {
    method: 'POST',
    path: '/api/voice/simulated/offers/:callSid/answer',
    request: z.object({ callSid }),
    response: ok,
    access: placesCalls,
    relay: 'Taking a call needs the connection to the server; it is down right now.',
    example: noCall,
  },

  /** The Unbooked and Abandoned Calls report: answered by the server, never from the cache. */
  runReport: {
    method: 'POST',
    path: '/api/reports/unbooked-abandoned',
    request: reportRequestSchema,
    response: reportResponseSchema,
    access: needs('viewReports'),
    timeoutMs: 60_000,
    relay: 'The report is read from the server, which cannot be reached right now.',
    example: (t) => ({ preset: 'this_month', accountId: t.accountId }),
  },
  /** The report as CSV, streamed (a year of calls never sits in memory); a long export gets ten minutes. */
  reportCsv: {
    method: 'POST',
    path: '/api/reports/unbooked-abandoned/csv',
    request: reportRequestSchema,
    response: csvStream,
    access: needs('viewReports'),
    timeoutMs: 600_000,
    example: (t) => ({ preset: 'this_month', accountId: t.accountId }),
  },

  /** Supervisors: the speed-to-lead target of one of their accounts. */
  setSpeedTarget: {
    method: 'PUT',
    path: '/api/supervisor/speed-targets/:accountId',
    request: speedTargetSchema,
    response: speedTargetSchema,
    access: needs('viewQueueTiles'),
    relay: 'The target is saved on the server, which cannot be reached right now; nothing was changed.',
    example: (t) => ({ accountId: t.accountId, minutes: 5 }),
  },

  /** Supervisors: the Voice Agent's live tile per account and today's sessions with transcripts. */
  voiceAgentActivity: {
    method: 'POST',
    path: '/api/voice-agent/activity',
    request: voiceAgentDayRequestSchema,
    response: z.object({ tiles: z.array(voiceAgentTileSchema), sessions: z.array(voiceAgentSessionSchema) }),
    access: needs('viewQueueTiles'),
    relay: 'The Voice Agent board is read from the server, which cannot be reached right now.',
    example: () => ({ dayStart: '2026-11-26T00:00:00.000Z' }),
  },
  /** Voice Agent admins: the usage meter (sessions, connected seconds, billed minutes per account and day). */
  voiceAgentUsage: {
    method: 'POST',
    path: '/api/admin/voice-agent/usage',
    request: voiceAgentUsageRequestSchema,
    response: z.array(voiceAgentUsageRowSchema),
    access: needs('configureVoiceAgent'),
    relay: 'Usage is read from the server, which cannot be reached right now.',
    example: () => ({ from: '2026-11-01', to: '2026-11-30' }),
  },
  exportVoiceAgentUsage: {
    method: 'POST',
    path: '/api/admin/voice-agent/usage/csv',
    request: voiceAgentUsageRequestSchema,
    response: z.object({ fileName: z.string(), csv: z.string() }),
    access: needs('configureVoiceAgent'),
    timeoutMs: 30_000,
    relay: 'Usage is read from the server, which cannot be reached right now.',
    example: () => ({ from: '2026-11-01', to: '2026-11-30' }),
  },

  /** Admin: Second Chance Leads settings of the admin's accounts. */
  sclSettings: { method: 'GET', path: '/api/admin/scl-settings', request: z.object({}), response: z.array(sclSettingsViewSchema), access: needs('configureSecondChance'), relay: ADMIN_OFFLINE, example: none },
  saveSclSettings: { method: 'PUT', path: '/api/admin/scl-settings/:accountId', request: sclSettingsSchema, response: sclSettingsViewSchema, access: needs('configureSecondChance'), relay: ADMIN_OFFLINE, example: (t) => ({ accountId: t.accountId, enabled: true, acwMinutes: 5, coldDays: 3 }) },

  /** Second Chance Leads: what was said on the call that made the lead, customer and agent apart. */
  leadTranscript: {
    method: 'GET',
    path: '/api/leads/:leadId/transcript',
    request: z.object({ leadId: id }),
    response: z.object({ transcript: transcriptSchema.nullable() }),
    access: signedIn,
    example: (t) => ({ leadId: t.leadId }),
  },
  /** Admin: how well the flagging does (precision and recall, last 30 days) and each refit of the model. */
  sclQuality: { method: 'GET', path: '/api/admin/scl-quality', request: z.object({}), response: sclQualitySchema, access: needs('configureSecondChance'), relay: 'Flagging figures are read from the server, which cannot be reached right now.', example: none },
  /** Calls reviewed and left out (below the threshold) in the last 30 days, with their reasons. */
  sclLeftOut: { method: 'GET', path: '/api/scl/left-out', request: z.object({}), response: z.array(leftOutCallSchema), access: reviewsScl, relay: 'The calls left out are read from the server, which cannot be reached right now.', example: none },
  /** Flags a left-out call as a Second Chance Lead after all; its outcome then teaches the model. */
  flagLeftOutCall: {
    method: 'POST',
    path: '/api/scl/left-out/:callSid/flag',
    request: z.object({ callSid: z.string().min(1).max(64) }),
    response: ok,
    access: needs('workSecondChance'),
    relay: 'Flagging a call needs the server, which cannot be reached right now; nothing was changed.',
    example: (t) => ({ callSid: t.callSid }),
  },

  /** Admin: roles from the permission catalog, and who holds which roles and accounts. */
  usersAndRoles: { method: 'GET', path: '/api/admin/users-and-roles', request: z.object({}), response: usersAndRolesSchema, access: needs('manageUsersAndRoles'), relay: ADMIN_OFFLINE, example: none },
  saveRole: { method: 'POST', path: '/api/admin/roles', request: roleInputSchema, response: roleViewSchema, access: needs('manageUsersAndRoles'), relay: ADMIN_OFFLINE, network: true, example: (t) => ({ id: t.roleId, name: 'Night shift', permissions: ['followups.all'] }) },
  deleteRole: { method: 'DELETE', path: '/api/admin/roles/:roleId', request: z.object({ roleId: id }), response: ok, access: needs('manageUsersAndRoles'), relay: ADMIN_OFFLINE, network: true, example: (t) => ({ roleId: t.roleId }) },
  saveUserAccess: { method: 'PUT', path: '/api/admin/users/:userId/access', request: userAccessSchema, response: userViewSchema, access: needs('manageUsersAndRoles'), relay: ADMIN_OFFLINE, example: (t) => ({ userId: t.userId, roleIds: [], accountIds: [] }) },

  /** Admin: add a person, who signs in first with a one-time code or an initial password. */
  addUser: {
    method: 'POST',
    path: '/api/admin/users',
    request: newUserSchema,
    response: newUserResultSchema,
    access: needs('manageUsersAndRoles'),
    relay: ADMIN_OFFLINE,
    example: (t) => ({ name: 'Dana New', email: `${t.nonce}@example.com`, roleIds: ['role-csr'], accountIds: [t.accountId], firstSignIn: 'link' }),
  },
  /** Admin: deactivate (their sessions end at once) or reactivate a person. */
  setUserActive: {
    method: 'PUT',
    path: '/api/admin/users/:userId/active',
    request: userActiveSchema,
    response: userViewSchema,
    access: needs('manageUsersAndRoles'),
    relay: ADMIN_OFFLINE,
    example: (t) => ({ userId: t.userId, active: false }),
  },

  /** Admin: the Voice Agent's Global settings and each account's (custom or following Global). */
  voiceAgentSettings: { method: 'GET', path: '/api/admin/voice-agent', request: z.object({}), response: voiceAgentOverviewSchema, access: needs('configureVoiceAgent'), relay: ADMIN_OFFLINE, example: none },
  saveVoiceAgentSettings: { method: 'PUT', path: '/api/admin/voice-agent', request: saveVoiceAgentSchema, response: voiceAgentSettingsSchema, access: needs('configureVoiceAgent'), relay: ADMIN_OFFLINE, network: true, example: () => ({ scope: 'global', settings: DEFAULT_VOICE_AGENT_SETTINGS }) },
  resetVoiceAgentAccount: {
    method: 'DELETE',
    path: '/api/admin/voice-agent/accounts/:accountId',
    request: z.object({ accountId: id }),
    response: voiceAgentSettingsSchema,
    access: needs('configureVoiceAgent'),
    relay: ADMIN_OFFLINE,
    example: (t) => ({ accountId: t.accountId }),
  },
  saveJobTypes: { method: 'PUT', path: '/api/admin/accounts/:accountId/job-types', request: saveJobTypesSchema, response: z.array(jobTypeSchema), access: needs('configureVoiceAgent'), relay: ADMIN_OFFLINE, example: (t) => ({ accountId: t.accountId, jobTypes: [{ id: t.jobTypeId, name: 'Drain cleaning', dispatchFeeCents: 8900 }] }) },

  /** Admin (Phone settings): campaigns, queues and routing workflows; tracking numbers. */
  routing: { method: 'GET', path: '/api/admin/routing', request: z.object({}), response: routingSchema, access: needs('manageTrackingNumbers'), relay: ADMIN_OFFLINE, example: none },
  saveCampaign: { method: 'POST', path: '/api/admin/campaigns', request: campaignInputSchema, response: routingSchema.shape.campaigns.element, access: needs('manageTrackingNumbers'), relay: ADMIN_OFFLINE, example: (t) => ({ id: t.campaignId, accountId: t.accountId, name: 'Spring Radio' }) },
  saveQueue: { method: 'POST', path: '/api/admin/queues', request: queueInputSchema, response: routingSchema.shape.queues.element, access: needs('manageTrackingNumbers'), relay: ADMIN_OFFLINE, example: (t) => ({ id: t.queueId, accountId: t.accountId, name: 'Service' }) },
  /** Retire or restore a campaign / queue: it keeps its history and report rows. */
  retireCampaign: { method: 'PUT', path: '/api/admin/campaigns/:id/retired', request: retireSchema, response: routingSchema.shape.campaigns.element, access: needs('manageTrackingNumbers'), relay: ADMIN_OFFLINE, example: (t) => ({ id: t.campaignId, accountId: t.accountId, retired: false }) },
  retireQueue: { method: 'PUT', path: '/api/admin/queues/:id/retired', request: retireSchema, response: routingSchema.shape.queues.element, access: needs('manageTrackingNumbers'), relay: ADMIN_OFFLINE, example: (t) => ({ id: t.queueId, accountId: t.accountId, retired: false }) },
  saveWorkflow: { method: 'POST', path: '/api/admin/workflows', request: workflowInputSchema, response: routingSchema.shape.workflows.element, access: needs('manageTrackingNumbers'), relay: ADMIN_OFFLINE, example: (t) => ({ id: t.workflowId, accountId: t.accountId, name: 'Service line', queueId: t.queueId, active: true, overflowRule: 'none', overflowWaitSeconds: null }) },
  trackingNumbers: { method: 'GET', path: '/api/admin/tracking-numbers', request: z.object({}), response: z.array(trackingNumberViewSchema), access: needs('manageTrackingNumbers'), relay: ADMIN_OFFLINE, example: none },
  searchNumbers: {
    method: 'POST',
    path: '/api/admin/tracking-numbers/search',
    request: numberSearchSchema,
    response: numberSearchResultSchema,
    access: needs('manageTrackingNumbers'),
    relay: 'Searching for numbers needs the server, which cannot be reached right now.',
    example: () => ({ kind: 'local', areaCode: '312' }),
  },
  saveTrackingNumber: { method: 'POST', path: '/api/admin/tracking-numbers', request: trackingNumberInputSchema, response: trackingNumberViewSchema, access: needs('manageTrackingNumbers'), relay: ADMIN_OFFLINE, example: (t) => ({ e164: t.e164, accountId: t.accountId, type: 'tracking', campaignId: t.campaignId, workflowId: t.workflowId, employeeId: null, forwardingE164: null, receiveTexts: false }) },
  /** Change a number already bought (never buys one). */
  voicemailPlans: { method: 'GET', path: '/api/admin/voicemail-plans', request: z.object({}), response: z.array(voicemailPlanViewSchema), access: needs('manageTrackingNumbers'), relay: ADMIN_OFFLINE, example: none },
  saveVoicemailPlan: {
    method: 'PUT',
    path: '/api/admin/voicemail-plans/:accountId',
    request: voicemailPlanSchema,
    response: voicemailPlanViewSchema,
    access: needs('manageTrackingNumbers'),
    relay: ADMIN_OFFLINE,
    example: (t) => ({ accountId: t.accountId, callerId: 'tracking', callbackNumber: null, callbackRouting: 'original_agent', originalAgentSeconds: 60 }),
  },
  fieldServiceKeys: { method: 'GET', path: '/api/admin/field-service-keys', request: z.object({}), response: z.array(fieldServiceKeyViewSchema), access: needs('manageUsersAndRoles'), relay: ADMIN_OFFLINE, example: none },
  /** Issues the account's key for the field-service system, or rotates it (the old one stops at once); the key is shown once. */
  issueFieldServiceKey: {
    method: 'PUT',
    path: '/api/admin/field-service-keys/:accountId',
    request: z.object({ accountId: id }),
    response: issuedFieldServiceKeySchema,
    access: needs('manageUsersAndRoles'),
    relay: ADMIN_OFFLINE,
    example: (t) => ({ accountId: t.accountId }),
  },
  editTrackingNumber: {
    method: 'PUT',
    path: '/api/admin/tracking-numbers/:e164',
    request: trackingNumberInputSchema,
    response: trackingNumberViewSchema,
    access: needs('manageTrackingNumbers'),
    relay: ADMIN_OFFLINE,
    example: (t) => ({ e164: t.e164, accountId: t.accountId, type: 'tracking', campaignId: t.campaignId, workflowId: t.workflowId, employeeId: null, forwardingE164: null, receiveTexts: false }),
  },
} as const satisfies Record<string, RouteDef>;

/** The desk's poke and voice socket (a WebSocket upgrade, signed in like every route). */
export const SYNC_SOCKET_PATH = '/api/sync/socket';

export type ServerRoutes = typeof serverRoutes;
export type RouteName = keyof ServerRoutes;
export type JsonRouteName = { [K in RouteName]: ServerRoutes[K]['response'] extends z.ZodType ? K : never }[RouteName];
export type RelayedRouteName = { [K in RouteName]: ServerRoutes[K] extends { relay: string } ? K : never }[RouteName];
export type RouteRequest<K extends RouteName> = z.input<ServerRoutes[K]['request']>;
export type RouteParsedRequest<K extends RouteName> = z.output<ServerRoutes[K]['request']>;
export type RouteResponse<K extends JsonRouteName> = ServerRoutes[K]['response'] extends z.ZodType ? z.output<ServerRoutes[K]['response']> : never;

export const ROUTE_NAMES = Object.keys(serverRoutes) as RouteName[];
export const RELAYED_ROUTES = ROUTE_NAMES.filter((n): n is RelayedRouteName => 'relay' in serverRoutes[n]);

/** The renderer's calls that the desk forwards to the server: their request and response schemas. */
export const relayedMethods = Object.fromEntries(RELAYED_ROUTES.map((n) => [n, { request: serverRoutes[n].request, response: serverRoutes[n].response }])) as {
  [K in RelayedRouteName]: { request: ServerRoutes[K]['request']; response: ServerRoutes[K]['response'] };
};

/** The URL path of a route with its `:params` filled from the request (encoded). */
export function routePath(path: string, request: Record<string, unknown>): string {
  return path.replace(/:(\w+)/g, (_, key: string) => {
    const value = request[key];
    if (typeof value !== 'string' || !value) throw new Error(`Missing path parameter ${key} for ${path}.`);
    return encodeURIComponent(value);
  });
}
