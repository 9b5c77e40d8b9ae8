import type { ServerContext } from '../context';
import { num, type Db } from '../store/db';
import { retried } from '../store/retry';
import { applyClaimedBatch } from './batch/apply-claimed';
import { applyOneWebhook } from './batch/apply-one';
import type { ParsedWebhook } from './batch/replay';

export const INBOX_CHANNEL = 'rebound_inbox';
const PGLITE_BATCH_MS = 8;
/**
 * The applier's pause after each such batch while webhooks pour in. Measured on the heat-wave
 * spike (bench/server-spike.bench.ts, 2 cores): a lead's p99 was 5.8-6.2 s with 8-24 ms pauses
 * (the backlog waited for the spike to pass), 4.9 s with 8 ms, 4.0 s with 4 ms, 4.9 s with 2 ms
 * and 8.8 s with none (the hang-up's own webhook then waited seconds to be read).
 */
const PGLITE_PAUSE_MS = 4;
const MIN_BATCH = 16;
const MAX_BATCH = 400;
/**
 * Applying connections per server process on PostgreSQL. One by default: on 2 cores it beat
 * three on every figure (bigger batches, fewer round trips; see the README's "Ingest under
 * load"); a server with cores to spare may set more and rerun `npm run bench -- server`.
 */
const APPLY_CONNECTIONS = Math.max(1, Number(process.env['REBOUND_APPLY_CONNECTIONS'] ?? 1));
/** Webhooks stored during one batch that mark a spike (a steady 200/s stores about two). */
const SPIKE_ARRIVALS = 16;

// For the property test, which compares the set-wise applier against it.
export { applyOneWebhook };

export type InboxKind = ParsedWebhook['kind'];

type Pending = { kind: InboxKind; callSid: string; params: Record<string, unknown>; query: Record<string, string>; receivedAt: Date; done: (err?: unknown) => void };

/**
 * The webhook inbox. A webhook is acknowledged once it is durably stored, and applied right
 * after by the processor, off the request path:
 *  - group commit: the webhooks read in one turn of the event loop, and those that arrive while
 *    a write is in flight, are stored by one multi-row INSERT, so a burst costs one commit, not
 *    one per request;
 *  - the processor applies stored webhooks in arrival order, a claimed batch set-wise in one
 *    transaction (batch/apply-set-wise.ts); if that fails, one by one with a savepoint per
 *    webhook, so one that fails is kept with its error (never dropped) and the
 *    rest of the batch still lands;
 *  - several server processes may share the inbox: rows are claimed with SKIP LOCKED, and the
 *    call row lock inside each handler keeps two webhooks of one call from interleaving.
 */
export class WebhookInbox {
  private queue: Pending[] = [];
  private writing = 0;
  private storedSinceBatch = 0;
  private flushScheduled = false;
  /** Resolves when every applying worker is idle. */
  private processing: Promise<void> | null = null;
  private idle: (() => void) | null = null;
  private active = 0;
  private again = false;
  private inSpike = false;
  /** A spike was applied since the processor was last idle. */
  private spikeSinceIdle = false;
  private settledListeners: (() => void)[] = [];
  /** Recent cost of applying one webhook in a set, to size PGlite's batches during a spike. */
  private msPerWebhook = 0.1;
  private idleWaiters: (() => void)[] = [];
  private poll: NodeJS.Timeout | null = null;
  private stopListening: (() => Promise<void>) | null = null;

  /**
   * Acknowledging and applying go first where the database is one shared thread (PGlite): a
   * lead on a desk in seconds matters more than a Voice Agent transcript saved a moment later.
   */
  private readonly db: Db;

  constructor(private readonly ctx: ServerContext) {
    this.db = ctx.db.withPriority('high');
  }

  async start(pollMs = 1000): Promise<void> {
    this.stopListening = await this.db.listen(INBOX_CHANNEL, () => this.kick());
    this.poll = setInterval(() => this.kick(), pollMs);
    this.poll.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    await this.stopListening?.();
    await this.processing;
  }

  /** Stores one webhook; resolves once it is committed. */
  store(kind: InboxKind, callSid: string, params: Record<string, unknown>, query: Record<string, string>): Promise<void> {
    this.storedSinceBatch++;
    return new Promise((resolve, reject) => {
      this.queue.push({ kind, callSid, params, query, receivedAt: this.ctx.clock(), done: (err) => (err ? reject(err) : resolve()) });
      // At the end of this turn of the event loop, so every request read in it shares the
      // commit: PGlite answers at once, and flushing per request stored one row per statement.
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushScheduled = false;
          void this.flush();
        });
      }
    });
  }

  private async flush(): Promise<void> {
    // PostgreSQL commits several flushes at once from its pool; PGlite has one connection.
    const parallel = this.ctx.db.dialect === 'postgres' ? 4 : 1;
    if (this.writing >= parallel || this.queue.length === 0) return;
    this.writing++;
    const batch = this.queue.splice(0, 500);
    try {
      const values: unknown[] = [INBOX_CHANNEL];
      const rows = batch.map((w, i) => {
        values.push(w.kind, w.callSid, JSON.stringify(w.params), JSON.stringify(w.query), w.receivedAt);
        const b = 1 + i * 5;
        return `($${b + 1}, $${b + 2}, $${b + 3}::jsonb, $${b + 4}::jsonb, $${b + 5})`;
      });
      // One statement, so one round trip and one commit: the rows and the wake-up together.
      await this.db.query(
        `with stored as (insert into webhook_inbox (kind, call_sid, params, query, received_at) values ${rows.join(', ')} returning 1)
         select pg_notify($1, '') from (select 1 from stored limit 1) s`,
        values,
      );
      batch.forEach((w) => w.done());
    } catch (err) {
      batch.forEach((w) => w.done(err));
    } finally {
      this.writing--;
      if (this.queue.length) void this.flush();
    }
  }

  /**
   * Asks the processor to run. On PostgreSQL an idle applying connection starts at once, so a
   * webhook stored while another batch is being applied does not wait for that batch (at a
   * steady 200/s that wait was most of webhook → poke); with every connection busy, the first
   * to finish looks again.
   */
  kick(): void {
    this.again = true;
    if (this.active < this.workers) this.startWorker();
  }

  private startWorker(): void {
    if (this.active++ === 0) this.processing = new Promise<void>((r) => (this.idle = r));
    void (async () => {
      try {
        do {
          this.again = false;
          await this.work();
        } while (this.again);
      } catch (err) {
        console.error('webhook processor:', err);
      } finally {
        if (--this.active === 0) this.settle();
      }
    })();
  }

  private settle(): void {
    const idle = this.idle;
    this.processing = null;
    this.idle = null;
    this.inSpike = false;
    this.idleWaiters.splice(0).forEach((w) => w());
    if (this.spikeSinceIdle) {
      this.spikeSinceIdle = false;
      this.settledListeners.forEach((l) => l());
    }
    idle?.();
  }

  /**
   * Applying workers: on PostgreSQL several, each on its own connection, each claiming the
   * oldest webhooks nobody holds (SKIP LOCKED, so workers of every server process share the
   * inbox); PGlite has one connection and so one worker.
   */
  private get workers(): number {
    return this.ctx.db.dialect === 'postgres' ? APPLY_CONNECTIONS : 1;
  }

  private async work(): Promise<void> {
    for (;;) {
      const { applied, deferred } = await this.processBatch();
      if (applied === 0 && deferred === 0) return;
      // A turn of the event loop between batches, so webhooks waiting to be read (and
      // acknowledged) never wait for the whole backlog, whatever the database answers in.
      await new Promise((r) => setImmediate(r));
      // Only webhooks whose call's earlier ones another worker holds: let that worker commit.
      if (applied === 0) await new Promise((r) => setTimeout(r, 2));
      await this.yieldToArrivals();
    }
  }

  /**
   * In a spike, acknowledging keeps its share: with PGlite on the server's thread, applying
   * shares that thread with the HTTP server, so while webhooks pour in (many stored since the
   * last batch) it pauses briefly between batches. At a steady pace nothing is held back. In
   * PGlite's worker thread it does not: there a pause and short batches only left the backlog
   * to grow (spike p99 6.6-7.5 s with them, 1.8-3.3 s without; bench/server-spike.bench.ts).
   */
  private async yieldToArrivals(): Promise<void> {
    const arrived = this.storedSinceBatch;
    this.storedSinceBatch = 0;
    this.inSpike = arrived >= SPIKE_ARRIVALS;
    if (this.inSpike) this.spikeSinceIdle = true;
    if (!this.ctx.db.onServerThread || !this.inSpike) return;
    await new Promise((r) => setTimeout(r, PGLITE_PAUSE_MS));
  }

  /**
   * Resolves once nothing waits to be stored or applied (at the start of the gap before the
   * next webhook), or after `maxWaitMs`, so work that holds the database (housekeeping) goes
   * between batches and is never put off for good by a steady stream.
   */
  async quiet(maxWaitMs: number): Promise<void> {
    const until = performance.now() + maxWaitMs;
    while ((this.processing || this.writing || this.queue.length) && performance.now() < until) {
      const processing = this.processing;
      if (!processing) {
        await new Promise((r) => setTimeout(r, 1));
        continue;
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([processing, new Promise<void>((r) => (timer = setTimeout(r, Math.max(0, until - performance.now()))))]);
      clearTimeout(timer);
    }
  }

  /** Whether webhooks are pouring in faster than a steady pace (background work should wait). */
  get spiking(): boolean {
    return this.inSpike;
  }

  /** Calls `listener` each time the processor has applied a spike's whole backlog. */
  onSettled(listener: () => void): void {
    this.settledListeners.push(listener);
  }

  /** Resolves when every webhook stored so far by this process has been applied. */
  async drain(): Promise<void> {
    while (this.writing || this.queue.length || this.processing || (await this.pendingCount()) > 0) {
      if (!this.processing) this.kick();
      if (this.processing) await new Promise<void>((r) => this.idleWaiters.push(r));
      // Always through the check phase: a loop of microtasks (PGlite answered in them when it
      // ran on this thread) or of timers starves the setImmediate that stores the very
      // webhooks this waits for; seen as a hang when 25 callers rang at once.
      await new Promise((r) => setImmediate(r));
      if (this.writing || this.queue.length) await new Promise((r) => setTimeout(r, 2));
    }
  }

  /** Webhooks that could not be applied and are kept, with their error, for a person to look at. */
  async failedCount(): Promise<number> {
    const [r] = await this.db.query<{ n: unknown }>('select count(*) as n from webhook_inbox where error is not null');
    return num(r!.n);
  }

  async pendingCount(): Promise<number> {
    const [r] = await this.db.query<{ n: unknown }>('select count(*) as n from webhook_inbox where processed_at is null');
    return num(r!.n);
  }

  /**
   * How many webhooks to claim next. A set-wise batch costs a fixed dozen statements plus a
   * little per webhook, so bigger is cheaper per webhook; with PGlite on the server's thread
   * (which also acknowledges), a batch is sized to take about PGLITE_BATCH_MS while webhooks
   * pour in.
   */
  private nextLimit(): number {
    if (!this.ctx.db.onServerThread || !this.inSpike) return MAX_BATCH;
    return Math.max(MIN_BATCH, Math.min(MAX_BATCH, Math.round(PGLITE_BATCH_MS / Math.max(this.msPerWebhook, 0.001))));
  }

  /**
   * Applies the next batch set-wise in one transaction. If that fails (a database error on one
   * webhook's data), the batch is rolled back and redone one webhook at a time with a savepoint
   * each, so the failing one is kept with its error and the others still land.
   */
  private async processBatch(): Promise<{ applied: number; deferred: number }> {
    const limit = this.nextLimit();
    const started = performance.now();
    try {
      const out = await this.applyBatch(limit, false);
      if (out.applied) this.msPerWebhook = 0.7 * this.msPerWebhook + (0.3 * (performance.now() - started)) / out.applied;
      return out;
    } catch (err) {
      console.error(`webhook batch could not be applied as a set, applying one by one: ${err instanceof Error ? err.message : String(err)}`);
      return this.applyBatch(limit, true);
    }
  }

  private async applyBatch(limit: number, oneByOne: boolean): Promise<{ applied: number; deferred: number }> {
    const out = await retried(() => this.db.procedure(applyClaimedBatch, { limit, now: this.ctx.clock(), others: this.ctx.db.dialect === 'postgres', oneByOne }));
    for (const f of out.failed) console.error(`webhook ${f.id} could not be applied: ${f.error}`);
    return out;
  }
}
