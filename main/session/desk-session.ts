import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ApiError, can, CAPABILITY_FOR_KIND, expandPermissions, isRefusal, type Session, type WorkstationHandlers } from '../../shared';
import type { DeskEvents } from '../desk-events';
import { LeadStore } from '../cache/lead-store';
import { cacheFileFor, openCache, type CacheDb } from '../cache/open-cache';
import type { LocalActor } from '../cache/optimistic';
import { Notifier } from '../notifications/notifier';
import { LeadQueries } from '../queries/lead-queries';
import { serverApi } from '../sync/server-api';
import { SyncClient } from '../sync/sync-client';
import { privateDir, privateFile, writePrivateFile } from './private-files';
import { noOsProtection, type SecretProtector } from './secret-protector';
import { TokenStore } from './token-store';

export type SessionOptions = {
  dataDir: string;
  defaultServerUrl: string;
  nativeBinding?: string;
  /** Encrypts the session token at rest (Electron's safeStorage); default: none, a 0600 file. */
  secretProtector?: SecretProtector;
  /** Shorter timings for tests. */
  sync?: { backoffBaseMs?: number; backoffMaxMs?: number; pullEveryMs?: number };
};

/** A signed-in desk: the user's session and token, their cache and its queries, sync and notifications. */
export type OpenDesk = {
  session: Session;
  token: string;
  db: CacheDb;
  store: LeadStore;
  queries: LeadQueries;
  sync: SyncClient;
  notifier: Notifier;
  actor: LocalActor;
};

const LAST_SESSION = 'last-session.json';

/**
 * Who is signed in on this desk: sign-in, restore after a restart, sign-out. Signing in opens the
 * user's cache and starts syncing it; every other part of the desk reads the open desk from here.
 */
export class DeskSession {
  private open: OpenDesk | null = null;
  private readonly tokens: TokenStore;

  constructor(
    private readonly o: SessionOptions,
    private readonly clock: () => Date,
    private readonly events: DeskEvents,
  ) {
    this.tokens = new TokenStore(o.dataDir, o.secretProtector ?? noOsProtection);
  }

  /** The open desk, or a refusal that asks to sign in first. */
  need(): OpenDesk {
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
    this.events.emit('session', session);
    return session;
  }

  handlers(): Pick<WorkstationHandlers, 'getSession' | 'signIn' | 'signOut'> {
    return {
      getSession: async () => this.open?.session ?? null,

      signIn: async ({ serverUrl, email, password, signInCode }) => {
        await this.close();
        const base = serverUrl ?? this.o.defaultServerUrl;
        let res;
        try {
          res = await serverApi(base).call('signIn', null, { email, password, ...(signInCode ? { signInCode } : {}) });
        } catch (err) {
          if (isRefusal(err)) throw err;
          throw new ApiError('offline', (err as Error).message);
        }
        const session: Session = { ...res.session, serverUrl: base };
        this.start(base, res.token, session);
        writePrivateFile(path.join(this.o.dataDir, LAST_SESSION), JSON.stringify({ userId: session.userId }));
        this.events.emit('session', session);
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
        this.events.emit('session', null);
        return { ok: true as const };
      },
    };
  }

  /** The cache file of a user, created 0600 in the 0700 data folder before SQLite writes to it. */
  private cacheFile(userId: string): string {
    privateDir(this.o.dataDir);
    const file = cacheFileFor(this.o.dataDir, userId);
    privateFile(file);
    return file;
  }

  /** Opens a user's cache and starts syncing it; shared by sign-in and restore after restart. */
  private start(base: string, token: string, session: Session): void {
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
    const emit = this.events.emit.bind(this.events);
    const notifier = new Notifier(
      (n) => emit('notification', n),
      (kind, accountId) => {
        const s = this.open?.session;
        if (!s || !s.accounts.some((a) => a.id === accountId)) return false;
        return can(expandPermissions(s.permissions), CAPABILITY_FOR_KIND[kind]);
      },
      this.clock,
    );
    const sync = new SyncClient({
      api: serverApi(base),
      token,
      clientId,
      store,
      actor,
      clock: this.clock,
      ...this.o.sync,
      events: {
        state: (s) => emit('connection', s),
        changed: (c) => emit('leadsChanged', c),
        created: (c) => notifier.onCreated(c),
        rejected: (r) => emit('mutationRejected', r),
        session: (s) => {
          if (!this.open) return;
          const next = { ...s, serverUrl: base };
          if (JSON.stringify(next) === JSON.stringify(this.open.session)) return;
          this.open.session = next;
          store.setMeta('session', JSON.stringify(next));
          emit('session', next);
        },
        signedOut: () => {
          // The server ended the session: its token is worth nothing, so it leaves the disk.
          this.tokens.remove(session.userId);
          emit('session', null);
        },
        voice: (e) => emit('voice', e),
      },
    });
    // The list reads a lead with unsent edits as the drawer does: the store's lead as shown.
    const queries = new LeadQueries(db, () => store.revision, (leadId) => store.localState(leadId, actor)?.lead ?? null, (r) => store.writtenSince(r));
    this.open = { session, token, db, store, queries, sync, notifier, actor };
    sync.start();
  }
}
