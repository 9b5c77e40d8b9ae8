import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  campaignInputSchema,
  formatIssues,
  id,
  newUserSchema,
  userActiveSchema,
  numberSearchSchema,
  queueInputSchema,
  retireSchema,
  roleInputSchema,
  saveJobTypesSchema,
  saveVoiceAgentSchema,
  sclSettingsSchema,
  speedTargetSchema,
  trackingNumberInputSchema,
  userAccessSchema,
  workflowInputSchema,
} from '../../shared';
import type { Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import type { NumberInventory } from '../phone-numbers/inventory';
import { AdminRefusal } from './refusal';
import { listRouting, retireCampaign, retireQueue, saveCampaign, saveQueue, saveWorkflow } from './routing';
import type { RouteCache } from '../telephony/route-cache';
import { editNumber, listNumbers, saveNumber, searchNumbers } from './tracking-numbers';
import { listSclSettings, saveSclSettings } from './scl-settings';
import { flagLeftOutCall, leftOutCalls, sclQuality } from '../recovery/scl-review';
import { deleteRole, listUsersAndRoles, saveRole, saveUserAccess } from './users-and-roles';
import { addUser, setUserActive } from './user-lifecycle';
import { saveSpeedTarget } from './speed-target';
import { resetVoiceAgentAccount, saveJobTypes, saveVoiceAgent, voiceAgentOverview } from './voice-agent';

const ERROR = { 403: 'forbidden', 404: 'not_found', 409: 'conflict' } as const;

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The admin API, inside the authenticated scope; each handler checks its own permission. */
export function adminRoutes(app: FastifyInstance, ctx: ServerContext, who: (req: FastifyRequest) => Principal, routes: RouteCache, inventory: NumberInventory): void {
  /**
   * One admin endpoint: path parameters join the body so one schema checks both, a bad input is
   * a 400 with its reason, and a refusal keeps its status and message.
   */
  function route<S extends z.ZodType>(method: Method, url: string, schema: S | null, run: (p: Principal, input: z.infer<S>, req: FastifyRequest) => Promise<unknown>) {
    app.route({
      method,
      url,
      handler: async (req, reply: FastifyReply) => {
        let input: unknown;
        if (schema) {
          const r = schema.safeParse({ ...((req.body as object | null) ?? {}), ...(req.params as object) });
          if (!r.success) return reply.code(400).send({ error: 'invalid_request', message: formatIssues(r.error) });
          input = r.data;
        }
        try {
          const out = await run(who(req), input as z.infer<S>, req);
          // Committed: this process's next call must route by it (others hear the NOTIFY).
          if (method !== 'GET') routes.clear();
          return out;
        } catch (err) {
          if (err instanceof AdminRefusal) return reply.code(err.status).send({ error: ERROR[err.status], message: err.message });
          throw err;
        }
      },
    });
  }
  const byId = (key: string) => z.object({ [key]: id });

  route('GET', '/api/admin/scl-settings', null, (p) => listSclSettings(ctx, p));
  route('PUT', '/api/admin/scl-settings/:accountId', sclSettingsSchema, (p, s) => saveSclSettings(ctx, p, s));
  route('GET', '/api/admin/scl-quality', null, (p) => sclQuality(ctx, p));
  route('GET', '/api/scl/left-out', null, (p) => leftOutCalls(ctx, p));
  route('POST', '/api/scl/left-out/:callSid/flag', byId('callSid'), (p, r) => flagLeftOutCall(ctx, p, r['callSid'] as string));

  route('PUT', '/api/supervisor/speed-targets/:accountId', speedTargetSchema, (p, t) => saveSpeedTarget(ctx, p, t));

  route('GET', '/api/admin/users-and-roles', null, (p) => listUsersAndRoles(ctx, p));
  route('POST', '/api/admin/roles', roleInputSchema, (p, r) => saveRole(ctx, p, r));
  route('DELETE', '/api/admin/roles/:roleId', byId('roleId'), (p, r) => deleteRole(ctx, p, r['roleId'] as string));
  route('PUT', '/api/admin/users/:userId/access', userAccessSchema, (p, a) => saveUserAccess(ctx, p, a));
  route('POST', '/api/admin/users', newUserSchema, (p, u) => addUser(ctx, p, u));
  route('PUT', '/api/admin/users/:userId/active', userActiveSchema, (p, a) => setUserActive(ctx, p, a.userId, a.active));

  route('GET', '/api/admin/voice-agent', null, (p) => voiceAgentOverview(ctx, p));
  route('PUT', '/api/admin/voice-agent', saveVoiceAgentSchema, (p, v) => saveVoiceAgent(ctx, p, v));
  route('DELETE', '/api/admin/voice-agent/accounts/:accountId', byId('accountId'), (p, r) => resetVoiceAgentAccount(ctx, p, r['accountId'] as string));
  route('PUT', '/api/admin/accounts/:accountId/job-types', saveJobTypesSchema, (p, j) => saveJobTypes(ctx, p, j));

  route('GET', '/api/admin/routing', null, (p) => listRouting(ctx, p));
  route('POST', '/api/admin/campaigns', campaignInputSchema, (p, c) => saveCampaign(ctx, p, c));
  route('POST', '/api/admin/queues', queueInputSchema, (p, q) => saveQueue(ctx, p, q));
  route('PUT', '/api/admin/campaigns/:id/retired', retireSchema, (p, r) => retireCampaign(ctx, p, r));
  route('PUT', '/api/admin/queues/:id/retired', retireSchema, (p, r) => retireQueue(ctx, p, r));
  route('POST', '/api/admin/workflows', workflowInputSchema, (p, w) => saveWorkflow(ctx, p, w));

  route('GET', '/api/admin/tracking-numbers', null, (p) => listNumbers(ctx, p));
  route('POST', '/api/admin/tracking-numbers/search', numberSearchSchema, (p, q) => searchNumbers(ctx, p, inventory, q));
  route('POST', '/api/admin/tracking-numbers', trackingNumberInputSchema, (p, n, req) =>
    saveNumber(ctx, p, inventory, (ctx.config.publicBaseUrl ?? `${req.protocol}://${req.host}`).replace(/\/$/, ''), n),
  );
  route('PUT', '/api/admin/tracking-numbers/:e164', trackingNumberInputSchema, (p, n) => editNumber(ctx, p, n));
}
