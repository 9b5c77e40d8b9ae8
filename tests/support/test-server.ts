import WebSocket from 'ws';
import { pullResponseSchema, pushResponseSchema, type Mutation, type Poke, type PullResponse, type PushResponse, type VoiceEvent } from '../../shared';
import { startServer, type RunningServer } from '../../server/app';
import type { ServerContext } from '../../server/context';
import { simulatedVoiceCredentials } from '../../server/config';
import { DEMO_PASSWORD, seedDemo } from '../../server/demo/seed';
import { SimulatedCarrier } from '../../server/demo/simulated-carrier';
import type { Db } from '../../server/store/db';
import { openDb } from '../../server/store/open-db';
import { createScratchDatabase, type Backend } from './backends';
import { FakeClock } from './fake-clock';

export const TEST_AUTH_TOKEN = 'test-twilio-auth-token-0123456789';

export type TestServer = {
  server: RunningServer;
  ctx: ServerContext;
  db: Db;
  clock: FakeClock;
  carrier: SimulatedCarrier;
  url: string;
  signIn(email: string, password?: string): Promise<Desk>;
  /** Stops answering on the port (desks see the server as down); the database is kept. */
  stopHttp(): Promise<void>;
  /** Answers again on the same port. */
  startHttp(): Promise<void>;
  close(): Promise<void>;
};

/** A signed-in desk speaking the sync protocol over real HTTP, as main/ will. */
export type Desk = {
  token: string;
  clientId: string;
  cursor: number;
  request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; json: any }> // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON replies;
  pull(from?: number): Promise<PullResponse>;
  pullAll(): Promise<PullResponse['leads']>;
  push(mutations: (Mutation & { id: number })[]): Promise<PushResponse>;
  socket(): Promise<{ pokes: Poke[]; voice: VoiceEvent[]; next(): Promise<Poke>; nextVoice(match: (e: VoiceEvent) => boolean, timeoutMs?: number): Promise<VoiceEvent>; close(): void; closed: Promise<number> }>;
};

let clientCounter = 0;

export async function startTestServer(
  backend: Backend,
  opts: {
    publicBaseUrl?: string;
    acwMinutes?: number;
    callSpeed?: number;
    /** Passed to startServer: how often sockets are checked against their sessions, where logs go. */
    server?: Pick<NonNullable<Parameters<typeof startServer>[1]>, 'sessionCheckMs' | 'logStream' | 'signInLimiter'>;
  } = {},
): Promise<TestServer> {
  const scratch = backend.url ? await createScratchDatabase(backend.url) : null;
  const db = await openDb({ databaseUrl: scratch?.url, pgliteThread: backend.name === 'pglite-worker' ? 'worker' : 'server' });
  await db.transaction((tx) => seedDemo(tx, { acwMinutes: opts.acwMinutes ?? 5 }));
  const clock = new FakeClock();
  const ctx: ServerContext = {
    db,
    clock: clock.now,
    config: {
      publicBaseUrl: opts.publicBaseUrl ?? null,
      twilioAuthToken: TEST_AUTH_TOKEN,
      telephonyMode: 'simulated',
      voice: simulatedVoiceCredentials(TEST_AUTH_TOKEN),
      simulatedCallSpeed: opts.callSpeed ?? 50,
      sessionHours: 12,
      sessionIdleMinutes: 120,
      claimMinutes: 5,
    },
  };
  let server = await startServer(ctx, { sweepMs: 3_600_000, ...opts.server });
  const port = Number(new URL(server.url).port);
  let running = true;
  // Tests read the database right after a webhook, so they wait until the inbox has applied it.
  const carrier = new SimulatedCarrier(server.url, TEST_AUTH_TOKEN, { afterPost: () => (running ? server.drain() : Promise.resolve()) });

  async function signIn(email: string, password = DEMO_PASSWORD): Promise<Desk> {
    const res = await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`sign-in ${email}: ${res.status} ${await res.text()}`);
    const { token } = (await res.json()) as { token: string };
    const desk: Desk = {
      token,
      clientId: `desk-${process.pid}-${++clientCounter}-${Math.random().toString(36).slice(2, 8)}`,
      cursor: 0,
      async request(method, path, body) {
        const r = await fetch(server.url + path, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await r.text();
        return { status: r.status, json: text ? JSON.parse(text) : null };
      },
      async pull(from = desk.cursor) {
        const r = await desk.request('POST', '/api/sync/pull', { clientId: desk.clientId, cursor: from });
        if (r.status !== 200) throw new Error(`pull: ${r.status} ${JSON.stringify(r.json)}`);
        const out = pullResponseSchema.parse(r.json);
        desk.cursor = out.cursor;
        return out;
      },
      async pullAll() {
        const all = new Map<string, PullResponse['leads'][number]>();
        for (;;) {
          const page = await desk.pull();
          for (const l of page.leads) all.set(l.lead.id, l);
          if (!page.hasMore) return [...all.values()];
        }
      },
      async push(mutations) {
        const r = await desk.request('POST', '/api/sync/push', { clientId: desk.clientId, mutations });
        if (r.status !== 200) throw new Error(`push: ${r.status} ${JSON.stringify(r.json)}`);
        return pushResponseSchema.parse(r.json);
      },
      async socket() {
        const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/sync/socket`, { headers: { authorization: `Bearer ${token}` } });
        const pokes: Poke[] = [];
        const voice: VoiceEvent[] = [];
        const waiters: ((p: Poke) => void)[] = [];
        const voiceWaiters = new Set<(e: VoiceEvent) => void>();
        /** The close code, once the server (or the test) closes the socket. */
        const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
        await new Promise<void>((resolve, reject) => {
          ws.on('message', (data) => {
            const msg = JSON.parse(String(data));
            if (msg.type === 'hello') return resolve();
            if (msg.type === 'voice') {
              for (const e of msg.events as VoiceEvent[]) {
                voice.push(e);
                for (const w of [...voiceWaiters]) w(e);
              }
              return;
            }
            pokes.push(msg);
            waiters.shift()?.(msg);
          });
          ws.on('error', reject);
        });
        return {
          pokes,
          voice,
          closed,
          nextVoice: (match, timeoutMs = 5000) =>
            new Promise<VoiceEvent>((resolve, reject) => {
              const seen = voice.find(match);
              if (seen) return resolve(seen);
              const t = setTimeout(() => {
                voiceWaiters.delete(w);
                reject(new Error(`no matching voice event within ${timeoutMs} ms; saw ${JSON.stringify(voice)}`));
              }, timeoutMs);
              const w = (e: VoiceEvent) => {
                if (!match(e)) return;
                clearTimeout(t);
                voiceWaiters.delete(w);
                resolve(e);
              };
              voiceWaiters.add(w);
            }),
          next: () =>
            new Promise<Poke>((resolve, reject) => {
              const t = setTimeout(() => reject(new Error('no poke within 3 s')), 3000);
              waiters.push((p) => {
                clearTimeout(t);
                resolve(p);
              });
            }),
          close: () => ws.close(),
        };
      },
    };
    return desk;
  }

  return {
    get server() {
      return server;
    },
    ctx,
    db,
    clock,
    carrier,
    url: server.url,
    signIn,
    async stopHttp() {
      if (!running) return;
      running = false;
      await server.close();
    },
    async startHttp() {
      if (running) return;
      server = await startServer(ctx, { sweepMs: 3_600_000, port, ...opts.server });
      running = true;
    },
    async close() {
      if (running) await server.close();
      await db.close();
      await scratch?.drop();
    },
  };
}
