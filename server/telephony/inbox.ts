import type { ServerContext } from '../context';
import { num, type Queryable } from '../store/db';
import { transact } from '../store/retry';
import {
  onDialAction,
  onEnqueueAction,
  onIncoming,
  onQueueBridged,
  onRecording,
  onStatus,
  onVoicemail,
} from './call-events';
import { onClientCall } from '../voice/client-calls';
import { onTranscription } from './transcription-events';
import {
  clientCallParams,
  dialActionParams,
  enqueueActionParams,
  incomingParams,
  queueBridgedParams,
  recordingParams,
  relayActionParams,
  statusParams,
  transcriptionParams,
  voicemailParams,
} from './params';
import { onRelayAction } from '../voice-agent/outcomes';

export const INBOX_CHANNEL = 'rebound_inbox';
const PGLITE_BATCH_MS = 8;
/** Webhooks stored during one batch that mark a spike (a steady 200/s stores about two). */
const SPIKE_ARRIVALS = 16;

/** Each webhook kind: how to re-read its stored parameters and apply them. */
const APPLY = {
  incoming: async (q: Queryable, p: unknown, query: Record<string, string>, at: Date) => void (await onIncoming(q, incomingParams.parse(p), at, query['voiceAgent'] === '1')),
  'enqueue-action': (q: Queryable, p: unknown, _query: Record<string, string>, at: Date) => onEnqueueAction(q, enqueueActionParams.parse(p), at),
  'queue-bridged': (q: Queryable, p: unknown, query: Record<string, string>, at: Date) => onQueueBridged(q, queueBridgedParams.parse(p), query['agentId'] ?? null, at),
  status: (q: Queryable, p: unknown, _query: Record<string, string>, at: Date) => onStatus(q, statusParams.parse(p), at),
  'dial-action': (q: Queryable, p: unknown, _query: Record<string, string>, at: Date) => onDialAction(q, dialActionParams.parse(p), at),
  recording: (q: Queryable, p: unknown) => onRecording(q, recordingParams.parse(p)),
  voicemail: (q: Queryable, p: unknown, _query: Record<string, string>, at: Date) => onVoicemail(q, voicemailParams.parse(p), at),
  client: (q: Queryable, p: unknown, _query: Record<string, string>, at: Date) => onClientCall(q, clientCallParams.parse(p), at),
  transcription: (q: Queryable, p: unknown, query: Record<string, string>, at: Date) => onTranscription(q, transcriptionParams.parse(p), query, at),
  'relay-action': (q: Queryable, p: unknown, _query: Record<string, string>, at: Date) => onRelayAction(q, relayActionParams.parse(p), at),
} as const;
export type InboxKind = keyof typeof APPLY;

type Pending = { kind: InboxKind; callSid: string; params: Record<string, unknown>; query: Record<string, string>; receivedAt: Date; done: (err?: unknown) => void };

/**
 * The webhook inbox. A webhook is acknowledged once it is durably stored, and applied right
 * after by the processor, off the request path:
 *  - group commit: the webhooks read in one turn of the event loop, and those that arrive while
 *    a write is in flight, are stored by one multi-row INSERT, so a burst costs one commit, not
 *    one per request;
 *  - the processor applies stored webhooks in arrival order, in batches of one transaction with
 *    a savepoint per webhook; one that fails is kept with its error (never dropped) and the
 *    rest of the batch still lands;
 *  - several server processes may share the inbox: rows are claimed with SKIP LOCKED, and the
 *    call row lock inside each handler keeps two webhooks of one call from interleaving.
 */
export class WebhookInbox {
  private queue: Pending[] = [];
  private writing = 0;
  private storedSinceBatch = 0;
  private flushScheduled = false;
  private processing: Promise<void> | null = null;
  private again = false;
  private idleWaiters: (() => void)[] = [];
  private poll: NodeJS.Timeout | null = null;
  private stopListening: (() => Promise<void>) | null = null;

  constructor(private readonly ctx: ServerContext) {}

  async start(pollMs = 1000): Promise<void> {
    this.stopListening = await this.ctx.db.listen(INBOX_CHANNEL, () => this.kick());
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
      await this.ctx.db.query(
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

  /** Asks the processor to run; calls while it runs make it run once more afterwards. */
  kick(): void {
    if (this.processing) {
      this.again = true;
      return;
    }
    this.processing = (async () => {
      try {
        do {
          this.again = false;
          while ((await this.processBatch()) > 0) {
            // PGlite answers in microtasks, never giving the event loop a turn: without this,
            // webhooks waiting to be read (and acknowledged) would wait for the whole backlog.
            await new Promise((r) => setImmediate(r));
            await this.yieldToArrivals();
          }
        } while (this.again);
      } catch (err) {
        console.error('webhook processor:', err);
      } finally {
        this.processing = null;
        this.idleWaiters.splice(0).forEach((w) => w());
      }
    })();
  }

  /**
   * In a spike, acknowledging comes first: on PGlite, applying shares the one thread with the
   * HTTP server, so while webhooks pour in (many stored since the last batch) it pauses between
   * batches and catches up when the spike passes. At a steady pace nothing is held back.
   */
  private async yieldToArrivals(): Promise<void> {
    const arrived = this.storedSinceBatch;
    this.storedSinceBatch = 0;
    if (this.ctx.db.dialect !== 'pglite' || arrived < SPIKE_ARRIVALS) return;
    await new Promise((r) => setTimeout(r, arrived >= 4 * SPIKE_ARRIVALS ? 3 * PGLITE_BATCH_MS : PGLITE_BATCH_MS));
  }

  /** Resolves when every webhook stored so far by this process has been applied. */
  async drain(): Promise<void> {
    while (this.writing || this.queue.length || this.processing || (await this.pendingCount()) > 0) {
      if (!this.processing) this.kick();
      await new Promise<void>((r) => (this.processing ? this.idleWaiters.push(r) : setTimeout(r, 5)));
    }
  }

  async pendingCount(): Promise<number> {
    const [r] = await this.ctx.db.query<{ n: unknown }>('select count(*) as n from webhook_inbox where processed_at is null');
    return num(r!.n);
  }

  /**
   * Applies up to `limit` stored webhooks in one transaction. The fast path uses no savepoints;
   * if any webhook in the batch fails, the batch is rolled back and redone one savepoint per
   * webhook, so the failing one is kept with its error and the others still land.
   */
  private async processBatch(limit = 50): Promise<number> {
    try {
      return await this.applyBatch(limit, false);
    } catch {
      return this.applyBatch(limit, true);
    }
  }

  private async applyBatch(limit: number, isolate: boolean): Promise<number> {
    return transact(this.ctx.db, async (tx) => {
      const rows = await tx.query<{ id: unknown; kind: InboxKind; params: unknown; query: Record<string, string>; received_at: Date }>(
        `select id, kind, params, query, received_at from webhook_inbox
          where processed_at is null order by id limit $1 for update skip locked`,
        [limit],
      );
      const failed: { id: unknown; error: string }[] = [];
      const applied: unknown[] = [];
      const started = performance.now();
      for (const row of rows) {
        // PGlite has one connection: while this transaction runs no webhook can be stored, so
        // it ends after a few milliseconds and storing (the acknowledgement Twilio waits for)
        // gets a turn; the rest of the claimed rows go in the next batch. PostgreSQL stores
        // through other connections meanwhile.
        if (this.ctx.db.dialect === 'pglite' && applied.length > 0 && performance.now() - started > PGLITE_BATCH_MS) break;
        applied.push(row.id);
        const apply = () => APPLY[row.kind](tx, row.params, row.query ?? {}, new Date(row.received_at));
        if (!isolate) {
          await apply();
          continue;
        }
        await tx.query('savepoint webhook');
        try {
          await apply();
          await tx.query('release savepoint webhook');
        } catch (err) {
          await tx.query('rollback to savepoint webhook');
          const error = err instanceof Error ? err.message : String(err);
          console.error(`webhook ${num(row.id)} (${row.kind}) could not be applied: ${error}`);
          failed.push({ id: row.id, error });
        }
      }
      if (applied.length) {
        await tx.query('update webhook_inbox set processed_at = $2 where id = any($1::bigint[])', [applied, this.ctx.clock()]);
      }
      for (const f of failed) await tx.query('update webhook_inbox set error = $2 where id = $1', [f.id, f.error]);
      return applied.length;
    });
  }
}
