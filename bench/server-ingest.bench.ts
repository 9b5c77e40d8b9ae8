// Server ingest: signed webhooks per second, and webhook-to-poke latency with 100 desks
// connected, against PGlite and (when BENCH_DATABASE_URL or TEST_DATABASE_URL is set) PostgreSQL.
// The server runs in its own process, as in production; this process plays Twilio and the desks.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { DEMO_NUMBERS, DEMO_PASSWORD } from '../server/demo/seed';
import { newSid, SimulatedCarrier } from '../server/demo/simulated-carrier';
import { createScratchDatabase } from '../tests/support/backends';
import { spawnServer } from '../tests/support/server-process';
import { report } from './lib/report';

const SECRET = 'bench-secret-0123456789abcdef';
const pgUrl = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'];

async function desks(url: string, count: number) {
  const res = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ben@rebound.example', password: DEMO_PASSWORD }),
  });
  const { token } = (await res.json()) as { token: string };
  const arrivals = new Map<string, number>();
  const sockets = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`${url.replace('http', 'ws')}/api/sync/socket`, { headers: { authorization: `Bearer ${token}` } });
        ws.on('message', (d) => {
          const msg = JSON.parse(String(d));
          if (msg.type === 'hello') return resolve(ws);
          if (msg.type !== 'poke') return; // offers and voice notices travel on the same socket
          // Latency is measured at one desk; the other 99 still receive and parse every poke.
          if (i === 0) for (const c of msg.created) if (!arrivals.has(c.customer)) arrivals.set(c.customer, performance.now());
        });
        ws.on('error', reject);
      }),
    ),
  );
  return { arrivals, close: () => sockets.forEach((s) => s.close()) };
}

let callerSeq = 0;
const caller = () => {
  callerSeq++;
  return `+1312${String(2000000 + callerSeq).slice(-7)}`;
};

async function abandonedCall(carrier: SimulatedCarrier, from: string, onAction?: () => void) {
  const sid = newSid('CA');
  const common = { CallSid: sid, AccountSid: carrier.accountSid, From: from, To: DEMO_NUMBERS.northRadio, Direction: 'inbound' };
  await carrier.post('/twilio/voice/incoming', { ...common, CallStatus: 'ringing' });
  onAction?.();
  await carrier.post('/twilio/voice/enqueue-action', { ...common, CallStatus: 'completed', QueueResult: 'hangup', QueueTime: '30' });
  await carrier.post('/twilio/voice/status', { ...common, CallStatus: 'completed', CallDuration: '30' });
}

async function throughput(carrier: SimulatedCarrier, seconds: number, concurrency: number): Promise<{ rate: number; webhooks: number; ackP99: number }> {
  let webhooks = 0;
  const acks: number[] = [];
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await abandonedCall(carrier, caller());
        acks.push((performance.now() - t) / 3);
        webhooks += 3;
      }
    }),
  );
  acks.sort((a, b) => a - b);
  return { rate: webhooks / ((performance.now() - start) / 1000), webhooks, ackP99: acks[Math.floor(acks.length * 0.99)] ?? Infinity };
}

async function latency(carrier: SimulatedCarrier, arrivals: Map<string, number>, perSecond: number, seconds: number) {
  const sent = new Map<string, number>();
  const calls: Promise<void>[] = [];
  const interval = 1000 / (perSecond / 3);
  const start = performance.now();
  for (let i = 0; performance.now() - start < seconds * 1000; i++) {
    const from = caller();
    calls.push(abandonedCall(carrier, from, () => sent.set(from, performance.now())));
    const wait = start + (i + 1) * interval - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await Promise.all(calls);
  await new Promise((r) => setTimeout(r, 500));
  const lat = [...sent].flatMap(([from, t]) => (arrivals.has(from) ? [arrivals.get(from)! - t] : [])).sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? Infinity;
  return { p50: q(0.5), p99: q(0.99), missing: sent.size - lat.length };
}

async function drained(url: string): Promise<void> {
  for (;;) {
    const h = (await (await fetch(`${url}/health`)).json()) as { inboxPending: number };
    if (h.inboxPending === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function run(name: 'pglite' | 'postgres', env: Record<string, string>, target: number) {
  const server = await spawnServer({ ...env, REBOUND_DEMO: '1', REBOUND_SIMULATED_SECRET: SECRET });
  try {
    const carrier = new SimulatedCarrier(server.url, SECRET);
    const d = await desks(server.url, 100);
    await throughput(carrier, 2, 16); // warm-up
    await drained(server.url);
    const started = performance.now();
    // Twilio posts a webhook when a call event happens, whether or not earlier ones were
    // answered: the load is open, not 32 callers taking turns. 128 posts in flight at once
    // stand in for that; each waits for its answer, and how long it waited is printed too.
    const { rate, webhooks, ackP99 } = await throughput(carrier, 8, 128);
    report(`server.ingest-webhooks-per-s.${name}`, Math.round(rate), '/s', '>=', target);
    console.log(`# acknowledgement time p99 ${ackP99.toFixed(1)} ms with 128 in flight (${name}); Twilio waits up to 15 s`);
    await drained(server.url);
    // Acknowledged is not applied: this is how fast the recovery rules keep up with the inbox.
    console.log(`# applied ${webhooks} webhooks in ${((performance.now() - started) / 1000).toFixed(1)} s: ${Math.round(webhooks / ((performance.now() - started) / 1000))}/s end to end (${name})`);
    const l = await latency(carrier, d.arrivals, 200, 10);
    report(`server.webhook-to-poke-p50.${name}`, Number(l.p50.toFixed(1)), 'ms', '<', 50);
    report(`server.webhook-to-poke-p99.${name}`, Number(l.p99.toFixed(1)), 'ms', '<', 50);
    report(`server.pokes-missing.${name}`, l.missing, '', '<', 1);
    d.close();
  } finally {
    await server.stop();
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'rebound-bench-'));
try {
  await run('pglite', { REBOUND_DATA_DIR: dir }, 2000);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (pgUrl) {
  const scratch = await createScratchDatabase(pgUrl);
  try {
    await run('postgres', { DATABASE_URL: scratch.url }, 5000);
  } finally {
    await scratch.drop();
  }
} else {
  console.log('# PostgreSQL figures skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server.');
}
