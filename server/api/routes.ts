import type {} from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, can, formatIssues, newPasswordText, SYNC_SOCKET_PATH, unsafeTextAt, type MutationResult } from '../../shared';
import type { Principal } from '../auth/principal';
import { authenticate, redeemSignInCode, signIn, signOut } from '../auth/sessions';
import { SignInLimiter } from '../auth/sign-in-limiter';
import type { ServerContext } from '../context';
import { applyMutation, withDetails } from '../sync/mutations';
import type { PokeHub } from '../sync/poke-hub';
import { pull } from '../sync/pull';
import { PullAhead } from '../sync/pull-ahead';
import { sessionView } from '../sync/session-view';
import { currentSeq, othersChangedSince } from '../changes/change-log';
import type { RouteCache } from '../telephony/route-cache';
import type { SimulatedPhone } from '../demo/simulated-phone';
import { classifyCall } from './classify';
import { leadTranscript } from '../recovery/transcripts';
import { registerRoutes } from './register-routes';
import { replyWithError } from './http-errors';
import { voiceHandlers } from './voice-routes';
import { voiceAgentDeskHandlers } from './voice-agent-desk-routes';
import { reportHandlers } from './report-routes';
import { adminHandlers } from './admin-routes';
import type { NumberInventory } from '../phone-numbers/inventory';

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined;
}

/** The desk-facing API (every route of the shared map) and the poke socket. */
export async function apiRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  hub: PokeHub,
  phone: SimulatedPhone,
  routes: RouteCache,
  inventory: NumberInventory,
  limiter: SignInLimiter = new SignInLimiter(),
): Promise<void> {

  // Every field of every desk request, path and query included: no NUL or broken character
  // reaches PostgreSQL (where it failed as a 500), whatever the route's own schema checks.
  app.addHook('preHandler', async (req, reply) => {
    const problem = unsafeTextAt({ params: req.params, query: req.query, body: req.body });
    if (problem) return replyWithError(reply, new ApiError('invalid_request', problem));
  });

  const pullAhead = new PullAhead((p, cursor, limit) => pull(ctx, p, cursor, limit));
  registerRoutes(app, (req) => authenticate(ctx, bearer(req)), {
    signIn: async ({ email, password, signInCode }, { req, reply }) => {
      // Refused attempts are answered before the password hash, which is the expensive part.
      const verdict = await limiter.attempt(email, req.ip);
      if (!verdict.ok) {
        void reply.header('retry-after', String(verdict.retryAfterSeconds));
        throw new ApiError('rate_limited', `Too many failed sign-ins. Try again in ${verdict.retryAfterSeconds} s.`);
      }
      if (signInCode) {
        const chosen = newPasswordText.safeParse(password);
        if (!chosen.success) throw new ApiError('invalid_request', formatIssues(chosen.error));
        if (!(await redeemSignInCode(ctx, email, signInCode, password))) {
          throw new ApiError('unauthenticated', 'That sign-in code is not valid for this e-mail, was used already, or has expired. Ask your admin for a new one.');
        }
      }
      const out = await signIn(ctx, email, password);
      if (!out) throw new ApiError('unauthenticated', 'Wrong email or password.');
      await limiter.succeeded(email, req.ip);
      return { token: out.token, session: await sessionView(ctx.db, out.principal, ctx.config.telephonyMode) };
    },
    signOut: async (_, { principal, req }) => {
      await signOut(ctx, bearer(req)!);
      hub.endSession(principal.tokenHash);
      return { ok: true };
    },
    session: async (_, { principal }) => sessionView(ctx.db, principal, ctx.config.telephonyMode),
    pull: async ({ clientId, cursor, limit, nextLimit }, { principal }) => pullAhead.pull(principal, clientId, cursor, limit, nextLimit),
    push: async ({ clientId, mutations, cursor }, { principal }) => {
      const results: MutationResult[] = [];
      // In order, each in its own transaction: one refusal does not undo the edits before it.
      for (const m of mutations) results.push(await applyMutation(ctx, principal, clientId, m));
      const answered = await withDetails(ctx, principal, results);
      // The head first: a change committed after it has a larger number and is never skipped.
      const head = await currentSeq(ctx.db);
      const scope = { accountIds: principal.accounts.map((a) => a.id), kinds: principal.kinds };
      const caughtUp = cursor !== undefined && cursor <= head && !(await othersChangedSince(ctx.db, cursor, scope, clientId));
      return { results: answered, cursor: head, caughtUp };
    },
    classifyCall: async ({ callSid, ...body }, { principal }) => {
      const out = await classifyCall(ctx, principal, callSid, body);
      if (!out.ok) throw new ApiError(out.error, out.message);
      return { ok: true };
    },
    leadTranscript: async ({ leadId }, { principal }) => {
      const out = await leadTranscript(ctx.db, principal, leadId);
      if (out === 'not_found') throw new ApiError('not_found', 'No such lead in your queues.');
      return { transcript: out };
    },
    ...voiceHandlers(ctx, phone),
    ...voiceAgentDeskHandlers(ctx),
    ...reportHandlers(ctx, app),
    ...adminHandlers(ctx, routes, inventory),
  });

  // The socket is an upgrade, not a JSON route: signed in like one, then kept by the poke hub.
  const principals = new WeakMap<FastifyRequest, Principal & { tokenHash: string }>();
  await app.register(async (socketScope) => {
    socketScope.addHook('preHandler', async (req, reply) => {
      const p = await authenticate(ctx, bearer(req));
      if (!p) return replyWithError(reply, new ApiError('unauthenticated', 'Sign in again: your session has ended.'));
      principals.set(req, p);
    });
    socketScope.get(SYNC_SOCKET_PATH, { websocket: true }, (socket, req) => {
      const p = principals.get(req)!;
      if (p.kinds.length === 0 && !can(p.permissions, 'viewQueueTiles')) {
        socket.close(4403, 'no queues');
        return;
      }
      hub.add(socket, p, p.tokenHash);
      socket.send(JSON.stringify({ type: 'hello', userId: p.userId }));
    });
  });
}
