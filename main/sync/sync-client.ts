import WebSocket from 'ws';
import { ApiError, isRefusal, pokeSchema, voiceFrameSchema, type ConnectionState, type FollowUpKind, type Poke, type Session, type VoiceEvent } from '../../shared';
import type { LeadStore, OutboxEntry, Rejection } from '../cache/lead-store';
import type { LocalActor } from '../cache/optimistic';
import { backoffDelay } from './backoff';
import type { ServerApi } from './server-api';

/** Which leads changed on this desk: `leadIds` null when too many to say; `counts` when tab counts may have moved. */
export type LeadsChanged = { kinds: FollowUpKind[]; leadIds: string[] | null; counts: boolean };

export type SyncEvents = {
  state(s: ConnectionState): void;
  changed(c: LeadsChanged): void;
  created(leads: Poke['created']): void;
  rejected(r: Rejection): void;
  session(s: Omit<Session, 'serverUrl'>): void;
  signedOut(reason: string): void;
  /** A call offered to, taken by or played for this user (carried on the same socket). */
  voice(e: VoiceEvent): void;
};

export type SyncOptions = {
  api: ServerApi;
  token: string;
  clientId: string;
  store: LeadStore;
  actor: LocalActor;
  clock: () => Date;
  events: SyncEvents;
  pushBatch?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A poke is only a hint: the desk also pulls on this period in case one was lost. */
  pullEveryMs?: number;
};

/** How many leads with unsent edits the connection state names (for the screens' marks). */
const UNSENT_SHOWN = 500;
/** Leads per page of a catch-up after the first (which is smaller, so storing starts early). */
const PAGE = 5000;

/**
 * Keeps one desk's cache in step with the server: pushes the outbox in batches, pulls after its
 * cursor, listens for pokes, and retries with jittered backoff on its own timer, so a desk that
 * went offline catches up without waiting for the user's next edit.
 */
export class SyncClient {
  private running: Promise<void> | null = null;
  private again = false;
  /** Whether the next round pulls: yes unless every kick since was a local edit the push answers. */
  private wantPull = false;
  private stopped = false;
  private online = false;
  private failures = 0;
  private retry: NodeJS.Timeout | null = null;
  private periodic: NodeJS.Timeout | null = null;
  private socket: WebSocket | null = null;
  private socketFailures = 0;
  private lastSyncedAt: string | null = null;

  constructor(private readonly o: SyncOptions) {}

  start(): void {
    this.connectSocket();
    this.periodic = setInterval(() => this.kick(), this.o.pullEveryMs ?? 30_000);
    this.periodic.unref();
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.periodic) clearInterval(this.periodic);
    this.socket?.removeAllListeners();
    this.socket?.on('error', () => {});
    this.socket?.close();
    this.socket = null;
  }

  /** Resolves once any round in flight has finished touching the cache (after stop()). */
  async settled(): Promise<void> {
    await this.running?.catch(() => {});
  }

  get state(): ConnectionState {
    return {
      state: this.running ? 'syncing' : this.online ? 'online' : 'offline',
      unsent: this.o.store.pendingCount(),
      unsentLeadIds: this.o.store.pendingLeads(UNSENT_SHOWN),
      lastSyncedAt: this.lastSyncedAt,
    };
  }

  /**
   * Push then pull, now; calls while a round runs make it run once more afterwards. `pull: false`
   * for a local edit: its push's answer is enough unless the server says others changed too.
   */
  kick(opts: { pull?: boolean } = {}): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (opts.pull !== false) this.wantPull = true;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
      this.emitState();
    });
    this.emitState();
    return this.running;
  }

  private emitState() {
    if (!this.stopped) this.o.events.state(this.state);
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        if (!(await this.pushAll())) this.wantPull = true;
        if (this.wantPull) {
          this.wantPull = false;
          await this.pullAll();
        }
        this.online = true;
        this.failures = 0;
        this.lastSyncedAt = this.o.clock().toISOString();
      } catch (err) {
        if (err instanceof ApiError && err.code === 'unauthenticated') {
          this.online = false;
          this.o.events.signedOut(err.message);
          this.stop();
          return;
        }
        this.online = false;
        this.scheduleRetry();
        return;
      }
    } while (this.again && !this.stopped);
  }

  private scheduleRetry() {
    if (this.stopped || this.retry) return;
    const delay = backoffDelay(this.failures++, this.o.backoffBaseMs ?? 500, this.o.backoffMaxMs ?? 30_000);
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.kick();
    }, delay);
    this.retry.unref();
  }

  /** Pushes the whole outbox; true when the server's answers left nothing to pull. */
  private async pushAll(): Promise<boolean> {
    let caughtUp = true;
    for (;;) {
      const batch = this.o.store.pending(this.o.pushBatch ?? 100);
      if (batch.length === 0) return caughtUp;
      if (!(await this.pushBatch(batch))) caughtUp = false;
      this.emitState();
    }
  }

  /**
   * Pushes edits and applies the server's answers; true when the server said nothing else
   * changed for this desk. If the server cannot read the batch at all (a 4xx for the request,
   * not a refusal of one edit), the edits are retried one by one, so only the edit it cannot read
   * is rejected and the others still land; otherwise that one edit would block the outbox forever.
   */
  private async pushBatch(batch: OutboxEntry[]): Promise<boolean> {
    let res;
    try {
      res = await this.o.api.push(this.o.token, this.o.clientId, batch.map((e) => ({ id: e.id, ...e.mutation })), this.o.store.cursor);
    } catch (err) {
      if (isRefusal(err) && err.code !== 'unauthenticated') {
        if (batch.length > 1) {
          let caughtUp = true;
          for (const entry of batch) if (!(await this.pushBatch([entry]))) caughtUp = false;
          return caughtUp;
        }
        const rejection = this.o.store.refuse(batch[0]!.id, err.message, this.o.actor);
        if (rejection) this.o.events.rejected(rejection);
        // Rolled back here: what the desk shows of that lead changed, and the server was not asked.
        if (rejection) this.o.events.changed({ kinds: ['abandoned', 'second_chance'], leadIds: [rejection.leadId], counts: true });
        return false;
      }
      this.o.store.noteAttempt(batch.map((b) => b.id), (err as Error).message);
      throw err;
    }
    const { rejections, changed } = this.o.store.acknowledge(res.results, this.o.actor, res.caughtUp ? res.cursor : null);
    rejections.forEach((r) => this.o.events.rejected(r));
    if (changed.size) {
      const all = [...changed.values()];
      this.o.events.changed({ kinds: [...new Set(all.map((c) => c.kind))], leadIds: [...changed.keys()], counts: all.some((c) => c.counts) });
    }
    return res.caughtUp;
  }

  private async pullAll(): Promise<void> {
    let pulled = 0;
    // The first page is small so storing can start early; the rest are large, each fetched
    // while the one before is stored.
    let limit = 1000;
    const fetchPage = (cursor: number) => {
      // nextLimit: the server reads the page after this one while the desk stores this one.
      const p = this.o.api.pull(this.o.token, this.o.clientId, cursor, limit, PAGE);
      limit = PAGE;
      p.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
      return p;
    };
    // The next page is requested before this one is written, so the server prepares page N+1
    // while the desk stores page N: a long catch-up costs about the larger of the two, not the sum.
    let next = fetchPage(this.o.store.cursor);
    for (;;) {
      const page = await next;
      if (page.hasMore) {
        next = fetchPage(page.cursor);
        // fetch() writes the request on a later turn of the event loop; storing a page is
        // synchronous, so without this turn the request would wait for it and nothing overlaps.
        await new Promise((r) => setTimeout(r, 1));
      }
      const { widened } = this.o.store.applyPull(page, this.o.actor);
      if (widened) {
        // The user may now see more than before: what changed earlier in the new accounts or
        // queues is behind the cursor, so start again from the beginning (applying is idempotent).
        next = fetchPage(0);
        this.o.events.session(page.session);
        continue;
      }
      pulled += page.leads.length;
      this.o.events.session(page.session);
      if (page.leads.length || page.reset) {
        const ids = page.reset || page.leads.length > UNSENT_SHOWN ? null : page.leads.map((l) => l.lead.id);
        this.o.events.changed({ kinds: [...new Set(page.leads.map((l) => l.lead.kind))], leadIds: ids, counts: true });
      }
      if (!page.hasMore) break;
    }
    // Fresh planner statistics after a large catch-up, once the rows are stored and shown.
    if (pulled >= 1000) {
      setTimeout(() => {
        if (!this.stopped) this.o.store.optimize();
      }, 0).unref();
    }
  }

  private connectSocket(): void {
    if (this.stopped) return;
    const ws = new WebSocket(this.o.api.socketUrl(), { headers: { authorization: `Bearer ${this.o.token}` } });
    this.socket = ws;
    ws.on('open', () => {
      this.socketFailures = 0;
      void this.kick(); // always pull after reconnecting: pokes sent during the drop are gone
    });
    ws.on('message', (data) => {
      let msg: unknown;
      try {
        msg = JSON.parse(String(data));
      } catch {
        return;
      }
      const voice = voiceFrameSchema.safeParse(msg);
      if (voice.success) return voice.data.events.forEach((e) => this.o.events.voice(e));
      const poke = pokeSchema.safeParse(msg);
      if (!poke.success) return;
      if (poke.data.created.length) this.o.events.created(poke.data.created);
      // This desk's own edits: their push's answer brought them already (a poke at cursor 0 is
      // about access, and always pulls).
      const own = poke.data.origin === this.o.clientId || (poke.data.cursor > 0 && poke.data.cursor <= this.o.store.cursor);
      if (!own) void this.kick();
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      if (this.stopped || this.socket !== ws) return;
      this.socket = null;
      const delay = backoffDelay(this.socketFailures++, this.o.backoffBaseMs ?? 500, this.o.backoffMaxMs ?? 30_000);
      setTimeout(() => this.connectSocket(), delay).unref();
    });
  }
}
