import { randomBytes } from 'node:crypto';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { apiRoutes } from './api/routes';
import { fieldServiceRoutes } from './api/field-service-routes';
import { deleteEndedSessions, liveSessions } from './auth/sessions';
import { errorHandler } from './error-handler';
import { SignInLimiter } from './auth/sign-in-limiter';
import type { ServerContext } from './context';
import { secondChanceSweep } from './recovery/second-chance';
import { refitSclModel, type RefitOutcome } from './recovery/scl-refit';
import { retried, transact } from './store/retry';
import { PokeHub } from './sync/poke-hub';
import { WebhookInbox } from './telephony/inbox';
import { RouteCache } from './telephony/route-cache';
import { telephonyRoutes } from './api/telephony-routes';
import { SimulatedPhone } from './demo/simulated-phone';
import { SimulatedInventory } from './phone-numbers/simulated-inventory';
import { TwilioInventory } from './phone-numbers/twilio-inventory';
import { engineFor } from './voice-agent/engine-config';
import { deskPresence } from './voice-agent/presence';
import { PgliteHousekeeper } from './store/pglite-housekeeping';
import { liveRelays } from './voice-agent/relay-session';

/** Housekeeping waits at most this long for a gap between webhook batches before it goes anyway. */
const QUIET_WAIT_MS = 1000;
/** Calls one Second Chance sweep transaction may lock, and the time it may spend on them. */
const SWEEP_CHUNK = 50;
const SWEEP_BUDGET_MS = 5;

export type RunningServer = {
  app: FastifyInstance;
  hub: PokeHub;
  url: string;
  /** Runs the Second Chance Leads rule now (the timer does it every few seconds). */
  sweep(): Promise<string[]>;
  /** Deletes applied webhooks past their week and ended sessions (a timer does it every ten minutes). */
  prune(): Promise<void>;
  /** Refits the Second Chance Leads model from CSRs' outcomes now (the timer does it every few hours). */
  refit(): Promise<RefitOutcome>;
  /** Resolves once every webhook received so far has been applied. */
  drain(): Promise<void>;
  close(): Promise<void>;
};

/** Builds and starts the HTTP + WebSocket server on `host:port` (0 picks a free port). */
export async function startServer(
  ctx: ServerContext,
  opts: {
    host?: string;
    port?: number;
    sweepMs?: number;
    refitMs?: number;
    /** Where log lines go (JSON, one a line): failures at least are always logged. Default stdout. */
    logStream?: { write(line: string): void };
    logLevel?: 'error' | 'warn' | 'info';
    /** Which proxies' X-Forwarded-* headers to believe (Fastify's trustProxy); default loopback. */
    trustProxy?: boolean | string | string[];
    /** Failed sign-ins allowed per account and per address (default 10 and 30 per 15 minutes). */
    signInLimiter?: SignInLimiter;
    /** How often open sockets are checked against their sessions (default 15 s). */
    sessionCheckMs?: number;
  } = {},
): Promise<RunningServer> {
  // A random prefix per start and a counter: six random bytes per request were 1.7 % of the
  // server's time in a heat-wave spike (bench/server-spike.bench.ts, --cpu-prof).
  const reqPrefix = randomBytes(4).toString('hex');
  let reqSeq = 0;
  const app = Fastify({
    logger: { level: opts.logLevel ?? 'error', ...(opts.logStream ? { stream: opts.logStream } : {}) },
    bodyLimit: 1024 * 1024,
    // X-Forwarded-For names the client (for the sign-in limit) only when a proxy on this host sends it.
    trustProxy: opts.trustProxy ?? 'loopback',
    // Unique across restarts and processes, so a logged failure is found from the id a user reads out.
    genReqId: () => `${reqPrefix}-${(++reqSeq).toString(36)}`,
  });
  // First, before any route plugin: a plugin registered earlier keeps Fastify's default handler,
  // which answered 5xx with PostgreSQL's own text and logged nothing.
  app.setErrorHandler(errorHandler);
  // While callers talk to the Voice Agent, its replies need no database and must not wait for a
  // webhook batch's whole transaction (the first-token figure in bench/voice-agent.bench.ts).
  ctx.db.takeTurnsWhile(() => liveRelays.size > 0);
  const hub = new PokeHub(ctx.db, (hashes) => liveSessions(ctx, hashes), opts.sessionCheckMs);
  await hub.start();
  const inbox = new WebhookInbox(ctx);
  await inbox.start();
  const housekeeper = new PgliteHousekeeper(ctx.db.withPriority('low'), { busy: () => inbox.spiking, quiet: () => inbox.quiet(QUIET_WAIT_MS) });
  // Before serving: tables never analyzed (a restored or bulk-loaded database) get their
  // statistics now, not 15 s into the first desk's catch-up, where the pause would land.
  await housekeeper.runOnce();
  housekeeper.start();
  // Right after a spike is the most churn and the first quiet moment: not in the steady traffic after.
  inbox.onSettled(() => void housekeeper.runOnce().catch((e) => app.log.error(e)));
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
  const inventory =
    ctx.config.telephonyMode === 'twilio' && ctx.config.voice
      ? new TwilioInventory(ctx.config.voice.accountSid, ctx.config.voice.apiKeySid, ctx.config.voice.apiKeySecret)
      : new SimulatedInventory();
  await app.register(async (scope) => apiRoutes(scope, ctx, hub, phone, routes, inventory, opts.signInLimiter));
  await app.register(async (scope) => fieldServiceRoutes(scope, ctx));
  // Liveness plus the inbox backlog, which is what an operator's alert should watch.
  // Not ok (503) when the database cannot take a write, which is what ingest needs; failed inbox
  // rows are webhooks kept for a person to look at.
  app.get('/health', async (req, reply) => {
    let writable = true;
    try {
      // A real write that changes nothing: refused by a read-only or full database.
      await ctx.db.query('update schema_migrations set applied_at = applied_at where id = (select max(id) from schema_migrations)');
    } catch (err) {
      writable = false;
      req.log.error({ err }, 'health: the database cannot write');
    }
    const counts = await Promise.all([inbox.pendingCount(), inbox.failedCount()]).catch(() => null);
    const ok = writable && counts !== null;
    return reply.code(ok ? 200 : 503).send({
      ok,
      database: writable ? 'writable' : 'cannot write',
      inboxPending: counts?.[0] ?? null,
      inboxFailed: counts?.[1] ?? null,
    });
  });

  // Second Chance Leads: due calls reviewed a few milliseconds' worth at a time, so webhooks
  // are stored and applied between chunks; one sweep at a time, each after the one before.
  let sweeping: Promise<unknown> = Promise.resolve();
  let sweepWaiting = false;
  const sweep = (): Promise<string[]> => {
    const run = sweeping.then(async () => {
      sweepWaiting = false;
      const created: string[] = [];
      for (;;) {
        const r = await retried(() => ctx.db.procedure(secondChanceSweep, { now: ctx.clock(), limit: SWEEP_CHUNK, budgetMs: SWEEP_BUDGET_MS }));
        created.push(...r.created);
        if (!r.more) return created;
        // A turn of the event loop: PGlite on this thread answers in microtasks, and requests
        // waiting to be read would otherwise wait for the whole sweep.
        await new Promise((go) => setImmediate(go));
      }
    });
    sweeping = run.catch(() => {});
    return run;
  };
  // Applied webhooks are kept a week for support questions, then dropped; failed ones stay.
  const prune = async () => {
    await ctx.db.query("delete from webhook_inbox where processed_at < $1 and error is null", [new Date(ctx.clock().getTime() - 7 * 86_400_000)]);
    await deleteEndedSessions(ctx);
  };
  const timer = setInterval(() => {
    // A sweep still running when the next is due: one more after it is enough.
    if (sweepWaiting) return;
    sweepWaiting = true;
    void sweep().catch((e) => app.log.error(e));
  }, opts.sweepMs ?? 5_000);
  timer.unref();
  const refit = () => transact(ctx.db, (tx) => refitSclModel(tx, ctx.clock()));
  // Outcomes come in over days; a refit every six hours follows them closely enough.
  const refitting = setInterval(() => void refit().catch((e) => app.log.error(e)), opts.refitMs ?? 6 * 3_600_000);
  refitting.unref();
  // Pruning reads the whole applied inbox: every ten minutes is plenty for a week's retention.
  const pruning = setInterval(() => void prune().catch((e) => app.log.error(e)), 600_000);
  pruning.unref();

  // A heat wave opens thousands of Twilio connections at once: Node's default backlog (511)
  // dropped their SYNs while the loop was busy, and a dropped connect is a failed call.
  const address = await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0, backlog: 4096 });
  phone.attach(ctx.config.publicBaseUrl ?? address.replace('[::1]', '127.0.0.1'));
  return {
    app,
    hub,
    url: address.replace('[::1]', '127.0.0.1'),
    sweep,
    prune,
    refit,
    drain: () => inbox.drain(),
    async close() {
      clearInterval(timer);
      clearInterval(refitting);
      clearInterval(pruning);
      phone.stop();
      await inbox.stop();
      await housekeeper.stop();
      await routes.stop();
      await hub.stop();
      await app.close();
    },
  };
}
