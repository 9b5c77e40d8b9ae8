import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formatIssues } from '../../shared';
import type { Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import { mintVoiceToken } from '../voice/access-token';
import { SimulatedCallRefused, type SimulatedPhone } from '../voice/simulated-phone';

const callSidParam = z.object({ callSid: z.string().regex(/^CA[0-9a-f]{32}$/, 'Expected a CA… call SID.') });
const dialBody = z.object({ leadId: z.string().min(1).max(64) });

/**
 * The softphone's server side: access tokens for the Voice SDK, and in simulated-carrier mode
 * the calls the server plays instead of Twilio. Registered inside the authenticated scope.
 */
export function voiceRoutes(app: FastifyInstance, ctx: ServerContext, phone: SimulatedPhone, who: (req: FastifyRequest) => Principal): void {
  app.post('/api/voice/token', async (req, reply) => {
    const p = who(req);
    if (p.kinds.length === 0) return reply.code(403).send({ error: 'forbidden', message: 'Your role does not place or take calls.' });
    if (!ctx.config.voice) {
      return reply.code(503).send({ error: 'unavailable', message: 'The softphone is not set up on this server (Twilio API key and TwiML App missing).' });
    }
    const minted = mintVoiceToken(ctx.config.voice, p.userId);
    return { mode: ctx.config.telephonyMode, token: minted.token, identity: minted.identity, expiresAt: minted.expiresAt.toISOString() };
  });

  const simulatedOnly = async (req: FastifyRequest, reply: import('fastify').FastifyReply) => {
    if (ctx.config.telephonyMode !== 'simulated') {
      return reply.code(409).send({ error: 'conflict', message: 'Calls go through Twilio on this server, not the simulated carrier.' });
    }
    if (who(req).kinds.length === 0) return reply.code(403).send({ error: 'forbidden', message: 'Your role does not place or take calls.' });
  };

  const refusal = (err: unknown) => {
    if (err instanceof SimulatedCallRefused) return { status: 409, body: { error: 'conflict', message: err.message } };
    throw err;
  };

  app.post('/api/voice/simulated/calls', { preHandler: simulatedOnly }, async (req, reply) => {
    const body = dialBody.safeParse(req.body ?? {});
    if (!body.success) return reply.code(400).send({ error: 'invalid_request', message: formatIssues(body.error) });
    try {
      return await phone.dial(who(req), body.data.leadId);
    } catch (err) {
      const r = refusal(err);
      return reply.code(r.status).send(r.body);
    }
  });

  app.post('/api/voice/simulated/calls/:callSid/hang-up', { preHandler: simulatedOnly }, async (req, reply) => {
    const params = callSidParam.safeParse(req.params);
    if (!params.success) return reply.code(400).send({ error: 'invalid_request', message: formatIssues(params.error) });
    // Hanging up a call that already ended is not an error: the agent's intent is met.
    phone.hangUp(who(req), params.data.callSid);
    return { ok: true };
  });

  app.post('/api/voice/simulated/offers/:callSid/answer', { preHandler: simulatedOnly }, async (req, reply) => {
    const params = callSidParam.safeParse(req.params);
    if (!params.success) return reply.code(400).send({ error: 'invalid_request', message: formatIssues(params.error) });
    try {
      await phone.answer(who(req), params.data.callSid);
      return { ok: true };
    } catch (err) {
      const r = refusal(err);
      return reply.code(r.status).send(r.body);
    }
  });
}
