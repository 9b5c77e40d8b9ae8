// The Voice Agent under a spike: 200 ConversationRelay sessions at once on one server process
// with the offline engine, each a caller booking a job at a human pace over the signed relay
// socket, while ordinary calls keep arriving at 200 webhooks/s. Figures: prompt (last) → first
// `text` token p95, and webhook-to-poke p99 for the ordinary calls meanwhile.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { DEMO_NUMBERS, DEMO_PASSWORD } from '../server/demo/seed';
import type { CallerLine } from '../server/demo/relay-caller';
import { newSid, SimulatedCarrier } from '../server/demo/simulated-carrier';
import { spawnServer } from '../tests/support/server-process';
import { processCpuSeconds } from './lib/process-cpu';
import { report } from './lib/report';

const SECRET = 'bench-secret-0123456789abcdef';
const SESSIONS = 200;
const BOOKING: CallerLine[] = [
  { say: 'Hi, my kitchen sink is clogged and backing up' },
  { say: 'Dana Whitfield' },
  { say: '1420 Elm Street' },
  { say: 'tomorrow morning' },
  { say: 'yes please' },
];

async function signIn(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  return ((await res.json()) as { token: string }).token;
}

/** One desk of Ben's that notes when each new lead's poke arrives. */
async function desk(url: string, token: string) {
  const arrivals = new Map<string, number>();
  const ws = await new Promise<WebSocket>((resolve, reject) => {
    const s = new WebSocket(`${url.replace('http', 'ws')}/api/sync/socket`, { headers: { authorization: `Bearer ${token}` } });
    s.on('message', (d) => {
      const msg = JSON.parse(String(d));
      if (msg.type === 'hello') return resolve(s);
      if (msg.type === 'poke') for (const c of msg.created) if (!arrivals.has(c.customer)) arrivals.set(c.customer, performance.now());
    });
    s.on('error', reject);
  });
  return { arrivals, close: () => ws.close() };
}

let seq = 0;
const caller = (area: string) => `+1${area}${String(2000000 + ++seq).slice(-7)}`;

/** Ordinary abandoned calls on a line without overflow, at a steady rate (three webhooks each). */
async function ordinaryCalls(carrier: SimulatedCarrier, arrivals: Map<string, number>, perSecond: number, seconds: number) {
  const sent = new Map<string, number>();
  const calls: Promise<void>[] = [];
  const interval = 1000 / (perSecond / 3);
  const start = performance.now();
  for (let i = 0; performance.now() - start < seconds * 1000; i++) {
    const from = caller('312');
    calls.push(
      (async () => {
        const common = { CallSid: newSid('CA'), AccountSid: carrier.accountSid, From: from, To: DEMO_NUMBERS.northWeb, Direction: 'inbound' };
        await carrier.post('/twilio/voice/incoming', { ...common, CallStatus: 'ringing' });
        sent.set(from, performance.now());
        await carrier.post('/twilio/voice/enqueue-action', { ...common, CallStatus: 'completed', QueueResult: 'hangup', QueueTime: '30' });
        await carrier.post('/twilio/voice/status', { ...common, CallStatus: 'completed', CallDuration: '30' });
      })(),
    );
    const wait = start + (i + 1) * interval - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await Promise.all(calls);
  await new Promise((r) => setTimeout(r, 1000));
  // BENCH_DETAIL=1 prints the ordinary calls' latency second by second: which part of the spike
  // (callers arriving, talking, booking and hanging up) holds leads back.
  if (process.env['BENCH_DETAIL']) {
    const bySecond = new Map<number, number[]>();
    for (const [from, t] of sent) {
      const at = arrivals.get(from);
      if (at === undefined) continue;
      const second = Math.floor((t - start) / 1000);
      bySecond.set(second, [...(bySecond.get(second) ?? []), at - t]);
    }
    for (const [second, l] of [...bySecond].sort((a, b) => a[0] - b[0])) {
      l.sort((a, b) => a - b);
      console.log(`# second ${second}: ${l.length} calls, poke p50 ${l[l.length >> 1]!.toFixed(0)} ms, p90 ${l[Math.floor(l.length * 0.9)]!.toFixed(0)} ms, max ${l.at(-1)!.toFixed(0)} ms`);
    }
  }
  const lat = [...sent].flatMap(([from, t]) => (arrivals.has(from) ? [arrivals.get(from)! - t] : [])).sort((a, b) => a - b);
  return { p99: lat[Math.min(lat.length - 1, Math.floor(0.99 * lat.length))] ?? Infinity, missing: sent.size - lat.length };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'rebound-bench-va-'));
const server = await spawnServer({ REBOUND_DATA_DIR: dir, REBOUND_DEMO: '1', REBOUND_SIMULATED_SECRET: SECRET });
try {
  const admin = await signIn(server.url, 'admin@rebound.example');
  // The Northside service line overflows to the Voice Agent after 30 s of waiting.
  const saved = await fetch(`${server.url}/api/admin/workflows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ id: 'wf-north-service', accountId: 'acc-north', name: 'North service line', queueId: 'q-north-service', active: true, overflowRule: 'wait', overflowWaitSeconds: 30 }),
  });
  if (!saved.ok) throw new Error(`could not set the overflow rule: ${saved.status} ${await saved.text()}`);
  const carrier = new SimulatedCarrier(server.url, SECRET);
  const d = await desk(server.url, await signIn(server.url, 'ben@rebound.example'));

  // Warm-up: a few sessions and calls, unmeasured.
  await Promise.all(Array.from({ length: 5 }, () => carrier.overflowCall({ from: caller('773'), to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: BOOKING })));
  await ordinaryCalls(carrier, d.arrivals, 60, 1);

  const started = performance.now();
  const cpuBefore = processCpuSeconds(server.child.pid);
  const sessions = Promise.all(
    Array.from({ length: SESSIONS }, async (_, i) => {
      // The spike builds over two seconds; each caller answers after a second or so, like a person.
      await new Promise((r) => setTimeout(r, (i * 2000) / SESSIONS));
      return carrier.overflowCall({ from: caller('773'), to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: BOOKING, pauseMs: 1200 + (i % 7) * 100 });
    }),
  );
  const ordinary = ordinaryCalls(carrier, d.arrivals, 200, 8);
  const runs = await sessions;
  const calls = await ordinary;
  const first = runs.flatMap((r) => r.run?.firstTokenMs ?? []).sort((a, b) => a - b);
  const booked = runs.filter((r) => r.run?.handoffData?.includes('"booked"')).length;
  const wall = (performance.now() - started) / 1000;
  const cpu = cpuBefore === null ? null : processCpuSeconds(server.child.pid)! - cpuBefore;
  console.log(`# ${runs.length} relay sessions in ${wall.toFixed(1)} s, ${first.length} prompts answered, ${booked} booked; server CPU ${cpu === null ? 'unknown' : `${cpu.toFixed(1)} s (${Math.round((100 * cpu) / wall)} % of one core)`}`);
  report('voice-agent.prompt-to-first-token-p95', Number((first[Math.floor(first.length * 0.95)] ?? Infinity).toFixed(1)), 'ms', '<', 30);
  report('voice-agent.sessions-booked', booked, '', '>=', SESSIONS);
  report('voice-agent.ordinary-webhook-to-poke-p99-during-spike', Number(calls.p99.toFixed(1)), 'ms', '<', 50);
  report('voice-agent.ordinary-pokes-missing', calls.missing, '', '<', 1);
  d.close();
} finally {
  // BENCH_SERVER_LOG=<file> keeps what the server printed, to see why a figure failed.
  if (process.env['BENCH_SERVER_LOG']) writeFileSync(process.env['BENCH_SERVER_LOG'], server.output());
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
