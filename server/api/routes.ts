import type {} from '@fastify/websocket';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  apiMethods,
  can,
  formatIssues,
  newPasswordText,
  pullRequestSchema,
  pushRequestSchema,
  signInRequestSchema,
  unsafeTextAt,
  type MutationResult,
} from '../../shared';
import type { Principal } from '../auth/principal';
import { authenticate, redeemSignInCode, signIn, signOut } from '../auth/sessions';
import { SignInLimiter } from '../auth/sign-in-limiter';
import type { ServerContext } from '../context';
import { applyMutation } from '../sync/mutations';
import type { PokeHub } from '../sync/poke-hub';
import { pull } from '../sync/pull';
import { sessionView } from '../sync/session-view';
import { currentSeq } from '../sync/change-log';
import type { RouteCache } from '../telephony/route-cache';
import type { SimulatedPhone } from '../voice/simulated-phone';
import { classifyCall } from './classify';
import { leadTranscript } from '../recovery/transcripts';
import { voiceRoutes } from './voice-routes';
import { reportRoutes } from '../reports/report-routes';
import { voiceAgentDeskRoutes } from '../voice-agent/desk-routes';
import { adminRoutes } from '../admin/admin-routes';
import { SimulatedInventory } from '../phone-numbers/simulated-inventory';
import { TwilioInventory } from '../phone-numbers/twilio-inventory';

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined;
}

function parse<S extends z.ZodType>(schema: S, body: unknown, reply: FastifyReply): z.infer<S> | null {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  void reply.code(400).send({ error: 'invalid_request', message: formatIssues(r.error) });
  return null;
}

/** The desk-facing API: sign-in, the sync protocol, the poke socket and call classification. */
export async function apiRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  hub: PokeHub,
  phone: SimulatedPhone,
  routes: RouteCache,
  limiter: SignInLimiter = new SignInLimiter(),
): Promise<void> {
  const principals = new WeakMap<FastifyRequest, Principal & { tokenHash: string }>();
  const who = (req: FastifyRequest) => principals.get(req)!;

  // Every field of every desk request, path and query included: no NUL or broken character
  // reaches PostgreSQL (where it failed as a 500), whatever the route's own schema checks.
  app.addHook('preHandler', async (req, reply) => {
    const problem = unsafeTextAt({ params: req.params, query: req.query, body: req.body });
    if (problem) return reply.code(400).send({ error: 'invalid_request', message: problem });
  });

  app.post('/api/auth/sign-in', async (req, reply) => {
    const body = parse(signInRequestSchema, req.body, reply);
    if (!body) return;
    // Refused attempts are answered before the password hash, which is the expensive part.
    const verdict = await limiter.attempt(body.email, req.ip);
    if (!verdict.ok) {
      return reply
        .code(429)
        .header('retry-after', String(verdict.retryAfterSeconds))
        .send({ error: 'rate_limited', message: `Too many failed sign-ins. Try again in ${verdict.retryAfterSeconds} s.`, retryAfterSeconds: verdict.retryAfterSeconds });
    }
    if (body.signInCode) {
      const chosen = newPasswordText.safeParse(body.password);
      if (!chosen.success) return reply.code(400).send({ error: 'invalid_request', message: formatIssues(chosen.error) });
      if (!(await redeemSignInCode(ctx, body.email, body.signInCode, body.password))) {
        return reply.code(401).send({ error: 'unauthenticated', message: 'That sign-in code is not valid for this e-mail, was used already, or has expired. Ask your admin for a new one.' });
      }
    }
    const out = await signIn(ctx, body.email, body.password);
    if (!out) return reply.code(401).send({ error: 'unauthenticated', message: 'Wrong email or password.' });
    await limiter.succeeded(body.email, req.ip);
    return { token: out.token, session: await sessionView(ctx.db, out.principal, ctx.config.telephonyMode) };
  });

  await app.register(async (authed) => {
    authed.addHook('preHandler', async (req, reply) => {
      const p = await authenticate(ctx, bearer(req));
      if (!p) return reply.code(401).send({ error: 'unauthenticated', message: 'Sign in again: your session has ended.' });
      principals.set(req, p);
    });

    authed.post('/api/auth/sign-out', async (req) => {
      await signOut(ctx, bearer(req)!);
      hub.endSession(who(req).tokenHash);
      return { ok: true };
    });

    authed.get('/api/session', async (req) => sessionView(ctx.db, who(req), ctx.config.telephonyMode));

    authed.post('/api/sync/pull', async (req, reply) => {
      const body = parse(pullRequestSchema, req.body, reply);
      if (!body) return;
      return pull(ctx, who(req), body.cursor, body.limit);
    });

    authed.post('/api/sync/push', async (req, reply) => {
      const body = parse(pushRequestSchema, req.body, reply);
      if (!body) return;
      const results: MutationResult[] = [];
      // In order, each in its own transaction: one refusal does not undo the edits before it.
      for (const m of body.mutations) results.push(await applyMutation(ctx, who(req), body.clientId, m));
      return { results, cursor: await currentSeq(ctx.db) };
    });

    authed.post('/api/calls/:callSid/classify', async (req, reply) => {
      const body = parse(apiMethods.classifyCall.request.omit({ callSid: true }), req.body, reply);
      if (!body) return;
      const { callSid } = req.params as { callSid: string };
      const out = await classifyCall(ctx, who(req), callSid, body);
      if (!out.ok) return reply.code(out.status).send({ error: out.error, message: out.message });
      return { ok: true };
    });

    authed.get('/api/leads/:leadId/transcript', async (req, reply) => {
      const { leadId } = req.params as { leadId: string };
      const out = await leadTranscript(ctx.db, who(req), leadId);
      if (out === 'not_found') return reply.code(404).send({ error: 'not_found', message: 'No such lead in your queues.' });
      return { transcript: out };
    });

    voiceRoutes(authed, ctx, phone, who);
    reportRoutes(authed, ctx, who);
    voiceAgentDeskRoutes(authed, ctx, who);
    adminRoutes(
      authed, ctx, who, routes,
      ctx.config.telephonyMode === 'twilio' && ctx.config.voice
        ? new TwilioInventory(ctx.config.voice.accountSid, ctx.config.voice.apiKeySid, ctx.config.voice.apiKeySecret)
        : new SimulatedInventory(),
    );

    authed.get('/api/sync/socket', { websocket: true }, (socket, req) => {
      const p = who(req);
      if (p.kinds.length === 0 && !can(p.permissions, 'viewQueueTiles')) {
        socket.close(4403, 'no queues');
        return;
      }
      hub.add(socket, p, p.tokenHash);
      socket.send(JSON.stringify({ type: 'hello', userId: p.userId }));
    });
  });
}
