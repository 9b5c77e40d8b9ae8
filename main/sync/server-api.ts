import { z } from 'zod';
import {
  apiMethods,
  formatIssues,
  pullResponseSchema,
  pushResponseSchema,
  signInResponseSchema,
  type Mutation,
  type PullResponse,
  type PushResponse,
} from '../../shared';

const voiceTokenSchema = apiMethods.getVoiceToken.response;
const reportResponseSchema = apiMethods.runReport.response;

/** The server said no (4xx): retrying the same request will not help. */
export class ServerRefusal extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The server could not be reached or failed (network, 5xx): worth retrying later. */
export class Unreachable extends Error {}

type Method = 'POST' | 'GET' | 'PUT' | 'DELETE';

/** One request; a dead line or a 5xx is Unreachable, a 4xx a ServerRefusal with the server's reason. */
async function send(url: string, token: string | null, body: unknown, timeoutMs: number, method: Method): Promise<Response> {
  let res: Response;
  const hasBody = method === 'POST' || method === 'PUT';
  try {
    res = await fetch(url, {
      method,
      headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: hasBody ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new Unreachable(`Cannot reach the server: ${(err as Error).message}`);
  }
  if (res.status >= 500) throw new Unreachable(`The server failed (${res.status}).`);
  if (res.status >= 400) {
    const json = (await res.json().catch(() => ({}))) as { message?: string };
    throw new ServerRefusal(res.status, json.message ?? `Refused (${res.status}).`);
  }
  return res;
}

async function call<S extends z.ZodType>(url: string, token: string | null, body: unknown, schema: S, timeoutMs = 15_000, method: Method = 'POST'): Promise<z.infer<S>> {
  const res = await send(url, token, body, timeoutMs, method);
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new Unreachable(`The server sent something that is not JSON (${res.status}).`);
  }
  // Validated on receipt: a desk never stores a row it did not check.
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new Unreachable(`The server's answer was malformed: ${formatIssues(parsed.error)}`);
  return parsed.data;
}

export type ServerApi = ReturnType<typeof serverApi>;

export function serverApi(baseUrl: string) {
  const u = (p: string) => baseUrl.replace(/\/$/, '') + p;
  return {
    signIn: (email: string, password: string, signInCode?: string) =>
      call(u('/api/auth/sign-in'), null, { email, password, ...(signInCode ? { signInCode } : {}) }, signInResponseSchema),
    signOut: (token: string) => call(u('/api/auth/sign-out'), token, {}, z.object({ ok: z.literal(true) }), 3_000),
    pull: (token: string, clientId: string, cursor: number, limit = 1000): Promise<PullResponse> =>
      call(u('/api/sync/pull'), token, { clientId, cursor, limit }, pullResponseSchema),
    push: (token: string, clientId: string, mutations: (Mutation & { id: number })[]): Promise<PushResponse> =>
      call(u('/api/sync/push'), token, { clientId, mutations }, pushResponseSchema, 30_000),
    classify: (token: string, callSid: string, body: unknown) =>
      call(u(`/api/calls/${encodeURIComponent(callSid)}/classify`), token, body, z.object({ ok: z.literal(true) })),
    voiceToken: (token: string) => call(u('/api/voice/token'), token, {}, voiceTokenSchema),
    dialSimulated: (token: string, leadId: string) => call(u('/api/voice/simulated/calls'), token, { leadId }, z.object({ callSid: z.string() })),
    hangUpSimulated: (token: string, callSid: string) =>
      call(u(`/api/voice/simulated/calls/${encodeURIComponent(callSid)}/hang-up`), token, {}, z.object({ ok: z.literal(true) })),
    answerSimulated: (token: string, callSid: string) =>
      call(u(`/api/voice/simulated/offers/${encodeURIComponent(callSid)}/answer`), token, {}, z.object({ ok: z.literal(true) })),
    report: (token: string, request: unknown) => call(u('/api/reports/unbooked-abandoned'), token, request, reportResponseSchema, 60_000),
    /** The CSV as a stream; refusals are read and thrown like any other call's. */
    /** The CSV as a stream (a year of calls never sits in memory); a long export gets ten minutes. */
    reportCsv: async (token: string, request: unknown): Promise<{ name: string; body: ReadableStream<Uint8Array> }> => {
      const res = await send(u('/api/reports/unbooked-abandoned/csv'), token, request, 600_000, 'POST');
      const name = /filename="([\w.-]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'report.csv';
      return { name, body: res.body! };
    },
    sclSettings: (token: string) => call(u('/api/admin/scl-settings'), token, null, apiMethods.sclSettings.response, 15_000, 'GET'),
    saveSclSettings: (token: string, s: { accountId: string }) =>
      call(u(`/api/admin/scl-settings/${encodeURIComponent(s.accountId)}`), token, s, apiMethods.saveSclSettings.response, 15_000, 'PUT'),
    setSpeedTarget: (token: string, t: { accountId: string }) =>
      call(u(`/api/supervisor/speed-targets/${encodeURIComponent(t.accountId)}`), token, t, apiMethods.setSpeedTarget.response, 15_000, 'PUT'),
    transcript: (token: string, leadId: string) =>
      call(u(`/api/leads/${encodeURIComponent(leadId)}/transcript`), token, null, z.object({ transcript: apiMethods.getTranscript.response }), 15_000, 'GET'),
    sclQuality: (token: string) => call(u('/api/admin/scl-quality'), token, null, apiMethods.sclQuality.response, 15_000, 'GET'),
    sclLeftOut: (token: string) => call(u('/api/scl/left-out'), token, null, apiMethods.sclLeftOut.response, 15_000, 'GET'),
    flagLeftOutCall: (token: string, callSid: string) =>
      call(u(`/api/scl/left-out/${encodeURIComponent(callSid)}/flag`), token, {}, z.object({ ok: z.literal(true) })),
    usersAndRoles: (token: string) => call(u('/api/admin/users-and-roles'), token, null, apiMethods.usersAndRoles.response, 15_000, 'GET'),
    saveRole: (token: string, role: unknown) => call(u('/api/admin/roles'), token, role, apiMethods.saveRole.response),
    deleteRole: (token: string, roleId: string) => call(u(`/api/admin/roles/${encodeURIComponent(roleId)}`), token, null, z.object({ ok: z.literal(true) }), 15_000, 'DELETE'),
    saveUserAccess: (token: string, a: { userId: string }) =>
      call(u(`/api/admin/users/${encodeURIComponent(a.userId)}/access`), token, a, apiMethods.saveUserAccess.response, 15_000, 'PUT'),
    voiceAgentActivity: (token: string, v: unknown) => call(u('/api/voice-agent/activity'), token, v, apiMethods.voiceAgentActivity.response),
    voiceAgentUsage: (token: string, v: unknown) => call(u('/api/admin/voice-agent/usage'), token, v, apiMethods.voiceAgentUsage.response),
    exportVoiceAgentUsage: (token: string, v: unknown) => call(u('/api/admin/voice-agent/usage/csv'), token, v, apiMethods.exportVoiceAgentUsage.response, 30_000),
    voiceAgentSettings: (token: string) => call(u('/api/admin/voice-agent'), token, null, apiMethods.voiceAgentSettings.response, 15_000, 'GET'),
    saveVoiceAgentSettings: (token: string, v: unknown) => call(u('/api/admin/voice-agent'), token, v, apiMethods.saveVoiceAgentSettings.response, 15_000, 'PUT'),
    resetVoiceAgentAccount: (token: string, accountId: string) =>
      call(u(`/api/admin/voice-agent/accounts/${encodeURIComponent(accountId)}`), token, null, apiMethods.resetVoiceAgentAccount.response, 15_000, 'DELETE'),
    saveJobTypes: (token: string, j: { accountId: string }) =>
      call(u(`/api/admin/accounts/${encodeURIComponent(j.accountId)}/job-types`), token, j, apiMethods.saveJobTypes.response, 15_000, 'PUT'),
    routing: (token: string) => call(u('/api/admin/routing'), token, null, apiMethods.routing.response, 15_000, 'GET'),
    saveCampaign: (token: string, c: unknown) => call(u('/api/admin/campaigns'), token, c, apiMethods.saveCampaign.response),
    saveQueue: (token: string, q: unknown) => call(u('/api/admin/queues'), token, q, apiMethods.saveQueue.response),
    retireCampaign: (token: string, r: { id: string }) =>
      call(u(`/api/admin/campaigns/${encodeURIComponent(r.id)}/retired`), token, r, apiMethods.retireCampaign.response, 15_000, 'PUT'),
    retireQueue: (token: string, r: { id: string }) =>
      call(u(`/api/admin/queues/${encodeURIComponent(r.id)}/retired`), token, r, apiMethods.retireQueue.response, 15_000, 'PUT'),
    saveWorkflow: (token: string, w: unknown) => call(u('/api/admin/workflows'), token, w, apiMethods.saveWorkflow.response),
    trackingNumbers: (token: string) => call(u('/api/admin/tracking-numbers'), token, null, apiMethods.trackingNumbers.response, 15_000, 'GET'),
    searchNumbers: (token: string, q: unknown) => call(u('/api/admin/tracking-numbers/search'), token, q, apiMethods.searchNumbers.response),
    addUser: (token: string, user: unknown) => call(u('/api/admin/users'), token, user, apiMethods.addUser.response),
    setUserActive: (token: string, a: { userId: string; active: boolean }) =>
      call(u(`/api/admin/users/${encodeURIComponent(a.userId)}/active`), token, a, apiMethods.setUserActive.response, 15_000, 'PUT'),
    saveTrackingNumber: (token: string, n: unknown) => call(u('/api/admin/tracking-numbers'), token, n, apiMethods.saveTrackingNumber.response),
    editTrackingNumber: (token: string, n: { e164: string }) =>
      call(u(`/api/admin/tracking-numbers/${encodeURIComponent(n.e164)}`), token, n, apiMethods.editTrackingNumber.response, 15_000, 'PUT'),
    socketUrl: () => u('/api/sync/socket').replace(/^http/, 'ws'),
  };
}
