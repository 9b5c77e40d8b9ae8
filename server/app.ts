import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { apiRoutes } from './api/routes';
import type { ServerContext } from './context';
import { sweepSecondChance } from './recovery/second-chance';
import { refitSclModel, type RefitOutcome } from './recovery/scl-refit';
import { transact } from './store/retry';
import { PokeHub } from './sync/poke-hub';
import { WebhookInbox } from './telephony/inbox';
import { RouteCache } from './telephony/route-cache';
import { telephonyRoutes } from './telephony/routes';
import { SimulatedPhone } from './voice/simulated-phone';
import { engineFor } from './voice-agent/engine-config';
import { deskPresence } from './voice-agent/presence';

export type RunningServer = {
  app: FastifyInstance;
  hub: PokeHub;
  url: string;
  /** Runs the Second Chance Leads rule now (the timer does it every few seconds). */
  sweep(): Promise<string[]>;
  /** Refits the Second Chance Leads model from CSRs' outcomes now (the timer does it every few hours). */
  refit(): Promise<RefitOutcome>;
  /** Resolves once every webhook received so far has been applied. */
  drain(): Promise<void>;
  close(): Promise<void>;
};

/** Builds and starts the HTTP + WebSocket server on `host:port` (0 picks a free port). */
export async function startServer(
  ctx: ServerContext,
  opts: { host?: string; port?: number; sweepMs?: number; refitMs?: number; logger?: boolean } = {},
): Promise<RunningServer> {
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 1024 * 1024, trustProxy: true });
  const hub = new PokeHub(ctx.db);
  await hub.start();
  const inbox = new WebhookInbox(ctx);
  await inbox.start();
  const routes = new RouteCache(ctx.db);
  await routes.start();
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  const agent = {
    presence: deskPresence(ctx.db, (accountId: string) => hub.takersOf(accountId)),
    engine: engineFor(ctx.config.voiceAgentEngine),
    log: (msg: string, detail?: Record<string, unknown>) => app.log.warn(detail ?? {}, msg),
  };
  await app.register(async (scope) => telephonyRoutes(scope, ctx, inbox, routes, agent));
  const phone = new SimulatedPhone(ctx);
  await app.register(async (scope) => apiRoutes(scope, ctx, hub, phone, routes));
  // Liveness plus the inbox backlog, which is what an operator's alert should watch.
  app.get('/health', async () => ({ ok: true, inboxPending: await inbox.pendingCount() }));

  // Only the server's own bugs may answer 5xx; everything a caller did wrong is a 4xx with a reason.
  app.setErrorHandler((err: { statusCode?: number; message: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error(err);
    void reply.code(status).send({ error: status === 500 ? 'internal' : 'invalid_request', message: err.message });
  });

  const sweep = () => transact(ctx.db, (tx) => sweepSecondChance(tx, ctx.clock()));
  // Applied webhooks are kept a week for support questions, then dropped; failed ones stay.
  const prune = () =>
    ctx.db.query("delete from webhook_inbox where processed_at < $1 and error is null", [new Date(ctx.clock().getTime() - 7 * 86_400_000)]);
  const timer = setInterval(() => void sweep().catch((e) => app.log.error(e)), opts.sweepMs ?? 5_000);
  timer.unref();
  const refit = () => transact(ctx.db, (tx) => refitSclModel(tx, ctx.clock()));
  // Outcomes come in over days; a refit every six hours follows them closely enough.
  const refitting = setInterval(() => void refit().catch((e) => app.log.error(e)), opts.refitMs ?? 6 * 3_600_000);
  refitting.unref();
  // Pruning reads the whole applied inbox: every ten minutes is plenty for a week's retention.
  const pruning = setInterval(() => void prune().catch((e) => app.log.error(e)), 600_000);
  pruning.unref();

  const address = await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  phone.attach(ctx.config.publicBaseUrl ?? address.replace('[::1]', '127.0.0.1'));
  return {
    app,
    hub,
    url: address.replace('[::1]', '127.0.0.1'),
    sweep,
    refit,
    drain: () => inbox.drain(),
    async close() {
      clearInterval(timer);
      clearInterval(refitting);
      clearInterval(pruning);
      phone.stop();
      await inbox.stop();
      await routes.stop();
      await hub.stop();
      await app.close();
    },
  };
}
