import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  campaignInputSchema,
  formatIssues,
  numberSearchSchema,
  queueInputSchema,
  roleInputSchema,
  saveJobTypesSchema,
  saveVoiceAgentSchema,
  sclSettingsSchema,
  trackingNumberInputSchema,
  userAccessSchema,
  workflowInputSchema,
} from '../../shared';
import type { Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import type { NumberInventory } from '../phone-numbers/inventory';
import { AdminRefusal } from './refusal';
import { listRouting, saveCampaign, saveQueue, saveWorkflow } from './routing';
import { listNumbers, saveNumber, searchNumbers } from './tracking-numbers';
import { listSclSettings, saveSclSettings } from './scl-settings';
import { deleteRole, listUsersAndRoles, saveRole, saveUserAccess } from './users-and-roles';
import { resetVoiceAgentAccount, saveJobTypes, saveVoiceAgent, voiceAgentOverview } from './voice-agent';

const ERROR = { 403: 'forbidden', 404: 'not_found', 409: 'conflict' } as const;

/** The admin API, inside the authenticated scope; each handler checks its own permission. */
export function adminRoutes(app: FastifyInstance, ctx: ServerContext, who: (req: FastifyRequest) => Principal, inventory: NumberInventory): void {
  async function answer<T>(reply: FastifyReply, work: () => Promise<T>) {
    try {
      return await work();
    } catch (err) {
      if (err instanceof AdminRefusal) return reply.code(err.status).send({ error: ERROR[err.status], message: err.message });
      throw err;
    }
  }
  function body<S extends z.ZodType>(schema: S, raw: unknown, reply: FastifyReply): z.infer<S> | null {
    const r = schema.safeParse(raw ?? {});
    if (r.success) return r.data;
    void reply.code(400).send({ error: 'invalid_request', message: formatIssues(r.error) });
    return null;
  }

  app.get('/api/admin/scl-settings', (req, reply) => answer(reply, () => listSclSettings(ctx, who(req))));
  app.put('/api/admin/scl-settings/:accountId', async (req, reply) => {
    const s = body(sclSettingsSchema, { ...(req.body as object), accountId: (req.params as { accountId: string }).accountId }, reply);
    return s && answer(reply, () => saveSclSettings(ctx, who(req), s));
  });

  app.get('/api/admin/users-and-roles', (req, reply) => answer(reply, () => listUsersAndRoles(ctx, who(req))));
  app.post('/api/admin/roles', async (req, reply) => {
    const r = body(roleInputSchema, req.body, reply);
    return r && answer(reply, () => saveRole(ctx, who(req), r));
  });
  app.delete('/api/admin/roles/:roleId', (req, reply) => answer(reply, () => deleteRole(ctx, who(req), (req.params as { roleId: string }).roleId)));
  app.put('/api/admin/users/:userId/access', async (req, reply) => {
    const a = body(userAccessSchema, { ...(req.body as object), userId: (req.params as { userId: string }).userId }, reply);
    return a && answer(reply, () => saveUserAccess(ctx, who(req), a));
  });

  app.get('/api/admin/voice-agent', (req, reply) => answer(reply, () => voiceAgentOverview(ctx, who(req))));
  app.put('/api/admin/voice-agent', async (req, reply) => {
    const v = body(saveVoiceAgentSchema, req.body, reply);
    return v && answer(reply, () => saveVoiceAgent(ctx, who(req), v));
  });
  app.delete('/api/admin/voice-agent/accounts/:accountId', (req, reply) =>
    answer(reply, () => resetVoiceAgentAccount(ctx, who(req), (req.params as { accountId: string }).accountId)),
  );

  app.put('/api/admin/accounts/:accountId/job-types', async (req, reply) => {
    const j = body(saveJobTypesSchema, { ...(req.body as object), accountId: (req.params as { accountId: string }).accountId }, reply);
    return j && answer(reply, () => saveJobTypes(ctx, who(req), j));
  });

  app.get('/api/admin/routing', (req, reply) => answer(reply, () => listRouting(ctx, who(req))));
  app.post('/api/admin/campaigns', async (req, reply) => {
    const c = body(campaignInputSchema, req.body, reply);
    return c && answer(reply, () => saveCampaign(ctx, who(req), c));
  });
  app.post('/api/admin/queues', async (req, reply) => {
    const q = body(queueInputSchema, req.body, reply);
    return q && answer(reply, () => saveQueue(ctx, who(req), q));
  });
  app.post('/api/admin/workflows', async (req, reply) => {
    const w = body(workflowInputSchema, req.body, reply);
    return w && answer(reply, () => saveWorkflow(ctx, who(req), w));
  });

  app.get('/api/admin/tracking-numbers', (req, reply) => answer(reply, () => listNumbers(ctx, who(req))));
  app.post('/api/admin/tracking-numbers/search', async (req, reply) => {
    const q = body(numberSearchSchema, req.body, reply);
    return q && answer(reply, () => searchNumbers(ctx, who(req), inventory, q));
  });
  app.post('/api/admin/tracking-numbers', async (req, reply) => {
    const n = body(trackingNumberInputSchema, req.body, reply);
    const base = (ctx.config.publicBaseUrl ?? `${req.protocol}://${req.host}`).replace(/\/$/, '');
    return n && answer(reply, () => saveNumber(ctx, who(req), inventory, base, n));
  });
}
