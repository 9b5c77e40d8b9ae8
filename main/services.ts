import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import {
  ApiError,
  can,
  CAPABILITY_FOR_KIND,
  checkCallbackHours,
  deriveTab,
  expandPermissions,
  isRefusal,
  parseEvent,
  RELAYED_ROUTES,
  tabSettingsOf,
  serverRoutes,
  type ApiEvent,
  type ApiEventPayload,
  type JobType,
  type Lead,
  type Mutation,
  type RelayedRouteName,
  type Session,
  type WorkstationHandlers,
} from '../shared';
import { LeadStore } from './cache/lead-store';
import { cacheFileFor, openCache, type CacheDb } from './cache/open-cache';
import type { LocalActor } from './cache/optimistic';
import { Notifier } from './notifications/notifier';
import { LeadQueries } from './queries/lead-queries';
import { serverApi, type ServerApi } from './sync/server-api';
import { customerTimeZones } from './voice/customer-time-zones';
import { SyncClient } from './sync/sync-client';
import { privateDir, privateFile, writePrivateFile } from './session/private-files';
import { noOsProtection, type SecretProtector } from './session/secret-protector';
import { TokenStore } from './session/token-store';

export type ServicesOptions = {
  dataDir: string;
  defaultServerUrl: string;
  clock?: () => Date;
  nativeBinding?: string;
  /** Where report exports are written (default: `<dataDir>/exports`; Electron uses Downloads). */
  exportDir?: string;
  /** Encrypts the session token at rest (Electron's safeStorage); default: none, a 0600 file. */
  secretProtector?: SecretProtector;
  /** Shorter timings for tests. */
  sync?: { backoffBaseMs?: number; backoffMaxMs?: number; pullEveryMs?: number };
};

type Listener = (payload: unknown) => void;

const LAST_SESSION = 'last-session.json';

type Open = {
  session: Session;
  token: string;
  db: CacheDb;
  store: LeadStore;
  queries: LeadQueries;
  sync: SyncClient;
  notifier: Notifier;
  actor: LocalActor;
};

/**
 * The desk's services behind the typed workstation API: sign-in, the cache and its queries,
 * edits through the outbox, sync and notifications. Plain Node, no Electron: the Electron shell,
 * the web host and the tests all drive this same object.
 */
export class WorkstationServices {
  private open: Open | null = null;
  private listeners = new Map<ApiEvent, Set<Listener>>();
  private readonly clock: () => Date;
  private readonly tokens: TokenStore;

  constructor(private readonly o: ServicesOptions) {
    this.clock = o.clock ?? (() => new Date());
    this.tokens = new TokenStore(o.dataDir, o.secretProtector ?? noOsProtection);
  }

  /** The cache file of a user, created 0600 in the 0700 data folder before SQLite writes to it. */
  private cacheFile(userId: string): string {
    privateDir(this.o.dataDir);
    const file = cacheFileFor(this.o.dataDir, userId);
    privateFile(file);
    return file;
  }

  private exportsServedAt: string | null = null;

  get exportDir(): string {
    return this.o.exportDir ?? path.join(this.o.dataDir, 'exports');
  }

  /** The web host serves finished exports under this path, so the browser can download them. */
  serveExportsAt(prefix: string): void {
    this.exportsServedAt = prefix;
  }

  on<E extends ApiEvent>(event: E, listener: (p: ApiEventPayload<E>) => void): () => void {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener as Listener);
    return () => this.listeners.get(event)?.delete(listener as Listener);
  }

  private emit<E extends ApiEvent>(event: E, payload: ApiEventPayload<E>) {
    const checked = parseEvent(event, payload);
    this.listeners.get(event)?.forEach((l) => l(checked));
  }

  private need(): Open {
    if (!this.open) throw new ApiError('unauthenticated', 'Sign in first.');
    return this.open;
  }

  /** Waits for one push-and-pull round; for tests and for "sync now" in the UI. */
  syncNow(): Promise<void> {
    return this.need().sync.kick();
  }

  get connection() {
    return this.open?.sync.state ?? null;
  }

  async close(): Promise<void> {
    const o = this.open;
    if (!o) return;
    this.open = null;
    o.sync.stop();
    o.notifier.stop();
    // A sync round in flight finishes before its database goes away, unless the server is not
    // answering: then sign-out does not wait out the request timeouts (it hung a minute under
    // load). better-sqlite3 is synchronous, so the database closes between two writes, never in
    // one; the round then fails at its next write, and edits it had not seen acknowledged stay in
    // the outbox for the next sign-in (the server applies each edit at most once).
    await Promise.race([o.sync.settled(), new Promise((r) => setTimeout(r, 2000).unref())]);
    o.db.close();
  }

  /** A request that only the server can answer: refusals keep their reason, a dead line says so. */
  private async online<T>(fn: (o: Open & { api: ServerApi }) => Promise<T>, offlineMessage: string): Promise<T> {
    const o = this.need();
    try {
      return await fn({ ...o, api: serverApi(o.session.serverUrl) });
    } catch (err) {
      if (isRefusal(err)) throw err;
      throw new ApiError('offline', offlineMessage);
    }
  }

  /** The renderer's calls that only the server answers, forwarded as the route map says. */
  private relays(): Pick<WorkstationHandlers, RelayedRouteName> {
    return Object.fromEntries(
      RELAYED_ROUTES.map((name) => [name, (req: never) => this.online((o) => o.api.call(name, o.token, req), serverRoutes[name].relay)]),
    ) as Pick<WorkstationHandlers, RelayedRouteName>;
  }

  private async edit(m: Mutation): Promise<Lead> {
    const o = this.need();
    const r = o.store.enqueue(m, o.actor, this.clock());
    if (!r.ok) throw new ApiError('conflict', r.reason);
    // Pushed now; the push's answer updates this cache, so the desk pulls only if others changed too.
    void o.sync.kick({ pull: false });
    const kind = o.store.localState(m.args.leadId, o.actor, this.clock())?.lead.kind ?? 'abandoned';
    this.emit('leadsChanged', { kinds: [kind], leadIds: [m.args.leadId], counts: m.name === 'setStatus' || m.name === 'bookJob' });
    this.emit('connection', o.sync.state);
    return this.leadFor(m.args.leadId);
  }

  private leadFor(leadId: string): Lead {
    const o = this.need();
    const s = o.store.localState(leadId, o.actor, this.clock());
    if (!s) throw new ApiError('not_found', 'This lead is no longer on this desk.');
    const tab = deriveTab({ kind: s.lead.kind, status: s.lead.status, endedAtMs: Date.parse(s.lead.endedAt), accountId: s.lead.accountId }, this.clock().getTime(), tabSettingsOf(o.session));
    return { ...s.lead, tab, pending: s.pending };
  }

  /** Opens a user's cache and starts syncing it; shared by sign-in and restore after restart. */
  private start(base: string, token: string, session: Session): void {
    const api = serverApi(base);
    const db = openCache(this.cacheFile(session.userId), { nativeBinding: this.o.nativeBinding });
    const store = new LeadStore(db);
    let clientId = store.getMeta('clientId');
    if (!clientId) {
      clientId = `desk-${randomUUID()}`;
      store.setMeta('clientId', clientId);
    }
    this.tokens.save(session.userId, token);
    // Caches written before the token had a file of its own kept it here.
    store.deleteMeta('token');
    store.setMeta('session', JSON.stringify(session));
    const actor = { userId: session.userId, userName: session.userName };
    const notifier = new Notifier(
      (n) => this.emit('notification', n),
      (kind, accountId) => {
        const s = this.open?.session;
        if (!s || !s.accounts.some((a) => a.id === accountId)) return false;
        return can(expandPermissions(s.permissions), CAPABILITY_FOR_KIND[kind]);
      },
      this.clock,
    );
    const sync = new SyncClient({
      api,
      token: token,
      clientId,
      store,
      actor,
      clock: this.clock,
      ...this.o.sync,
      events: {
        state: (s) => this.emit('connection', s),
        changed: (c) => this.emit('leadsChanged', c),
        created: (c) => notifier.onCreated(c),
        rejected: (r) => this.emit('mutationRejected', r),
        session: (s) => {
          if (!this.open) return;
          const next = { ...s, serverUrl: base };
          if (JSON.stringify(next) === JSON.stringify(this.open.session)) return;
          this.open.session = next;
          store.setMeta('session', JSON.stringify(next));
          this.emit('session', next);
        },
        signedOut: () => {
          // The server ended the session: its token is worth nothing, so it leaves the disk.
          this.tokens.remove(session.userId);
          this.emit('session', null);
        },
        voice: (e) => this.emit('voice', e),
      },
    });
    this.open = { session, token, db, store, queries: new LeadQueries(db, () => store.revision), sync, notifier, actor };
    sync.start();
  }

  /**
   * Reopens the last signed-in session after the app restarts, from the cache alone: the desk
   * works offline at once and syncs when the server answers. Returns null when nobody was
   * signed in.
   */
  restore(): Session | null {
    let userId: string;
    try {
      userId = (JSON.parse(readFileSync(path.join(this.o.dataDir, LAST_SESSION), 'utf8')) as { userId: string }).userId;
    } catch {
      return null;
    }
    const db = openCache(this.cacheFile(userId), { nativeBinding: this.o.nativeBinding });
    const store = new LeadStore(db);
    const token = this.tokens.load(userId) ?? store.getMeta('token');
    const raw = store.getMeta('session');
    db.close();
    if (!token || !raw) return null;
    const session = JSON.parse(raw) as Session;
    this.start(session.serverUrl, token, session);
    this.emit('session', session);
    return session;
  }

  readonly handlers: WorkstationHandlers = {
    ...this.relays(),

    getSession: async () => this.open?.session ?? null,

    signIn: async ({ serverUrl, email, password, signInCode }) => {
      await this.close();
      const base = serverUrl ?? this.o.defaultServerUrl;
      const api = serverApi(base);
      let res;
      try {
        res = await api.call('signIn', null, { email, password, ...(signInCode ? { signInCode } : {}) });
      } catch (err) {
        if (isRefusal(err)) throw err;
        throw new ApiError('offline', (err as Error).message);
      }
      const session: Session = { ...res.session, serverUrl: base };
      this.start(base, res.token, session);
      writePrivateFile(path.join(this.o.dataDir, LAST_SESSION), JSON.stringify({ userId: session.userId }));
      this.emit('session', session);
      return session;
    },

    signOut: async () => {
      const o = this.open;
      // Revoked on the server, so a copy of the token taken from this disk is worthless; asked
      // while the desk closes, and a server that does not answer within 3 s does not hold it.
      const revoked = o ? serverApi(o.session.serverUrl).call('signOut', o.token, {}).catch(() => {}) : null;
      await this.close();
      await revoked;
      if (o) this.tokens.remove(o.session.userId);
      rmSync(path.join(this.o.dataDir, LAST_SESSION), { force: true });
      this.emit('session', null);
      return { ok: true as const };
    },

    listLeads: async (req) => {
      const o = this.need();
      return o.queries.list(req, this.clock().getTime(), tabSettingsOf(o.session));
    },

    countLeads: async ({ filterSet }) => {
      const o = this.need();
      return o.queries.counts(filterSet, this.clock().getTime(), tabSettingsOf(o.session));
    },

    getLead: async ({ leadId }) => {
      const o = this.need();
      const s = o.store.localState(leadId, o.actor, this.clock());
      if (!s) throw new ApiError('not_found', 'This lead is no longer on this desk.');
      return { lead: this.leadFor(leadId), calls: s.calls, history: s.history };
    },

    setLeadStatus: async ({ leadId, to, note, voicemail }) => this.edit({ name: 'setStatus', args: { leadId, to, ...(note ? { note } : {}), ...(voicemail ? { voicemail } : {}) } }),
    addNote: async ({ leadId, text }) => this.edit({ name: 'addNote', args: { leadId, text } }),
    claimLead: async ({ leadId }) => this.edit({ name: 'claim', args: { leadId } }),
    releaseLead: async ({ leadId }) => this.edit({ name: 'release', args: { leadId } }),

    // Booked and resolved in one step, through the outbox like every edit: it works offline too.
    bookJob: async (req) => this.edit({ name: 'bookJob', args: { ...req, jobId: randomUUID() } }),

    filterOptions: async ({ kind }) => this.need().queries.filterOptions(kind),

    listJobTypes: async ({ accountId }) => {
      const raw = this.need().store.getMeta('jobTypes');
      return raw ? (JSON.parse(raw) as JobType[]).filter((j) => j.accountId === accountId) : [];
    },

    getFilterPreferences: async ({ kind }) => {
      const raw = this.need().store.getMeta(`filters.${kind}`);
      return raw ? JSON.parse(raw) : null;
    },

    saveFilterPreferences: async ({ filterSet }) => {
      this.need().store.setMeta(`filters.${filterSet.kind}`, JSON.stringify(filterSet));
      return { ok: true as const };
    },

    queueTiles: async ({ dayStart }) => {
      const o = this.need();
      if (!can(expandPermissions(o.session.permissions), 'viewQueueTiles')) throw new ApiError('forbidden', 'Queue tiles are for supervisors.');
      const targets = new Map(o.session.accountSettings.map((a) => [a.accountId, a.speedTargetMinutes]));
      return o.queries.tiles(Date.parse(dayStart), this.clock().getTime(), tabSettingsOf(o.session), targets);
    },

    callbackWindow: async ({ leadId }) => {
      const o = this.need();
      const lead = this.leadFor(leadId);
      const settings = o.session.accountSettings.find((a) => a.accountId === lead.accountId);
      const hours = settings?.callbackHours ?? { startMinute: 8 * 60, endMinute: 20 * 60 };
      const { zones } = await customerTimeZones(lead.phone, settings?.timeZone ?? 'America/New_York');
      return { ...checkCallbackHours(this.clock(), zones, hours), timeZones: zones };
    },

    exportReport: async (req) =>
      this.online(async (o) => {
        const { name, body } = await o.api.stream('reportCsv', o.token, req);
        // Our own exports folder is private; a folder the user chose (Downloads) keeps its mode.
        if (this.o.exportDir) mkdirSync(this.exportDir, { recursive: true });
        else privateDir(this.exportDir);
        // A fresh name each time, so an export never overwrites one the user is still opening.
        const fileName = name.replace(/\.csv$/, `-${this.clock().toISOString().slice(0, 19).replace(/[-:T]/g, '')}.csv`);
        const savedTo = path.join(this.exportDir, fileName);
        await pipeline(Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>), createWriteStream(savedTo, { mode: 0o600 }));
        return { fileName, bytes: statSync(savedTo).size, savedTo, downloadPath: this.exportsServedAt ? this.exportsServedAt + encodeURIComponent(fileName) : null };
      }, 'Exporting the report needs the server, which cannot be reached right now.'),

    getTranscript: async ({ leadId }) =>
      this.online(async (o) => (await o.api.call('leadTranscript', o.token, { leadId })).transcript, 'The transcript is kept on the server, which cannot be reached right now.'),

    // Only the desktop app installs updates; it answers this call itself.
    installUpdate: async () => {
      throw new ApiError('invalid_request', 'Updates are installed by the Rebound desktop app.');
    },
  };
}
