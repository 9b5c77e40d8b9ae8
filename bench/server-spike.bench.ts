// The heat-wave spike: 20,000 webhooks of about 4,000 realistic calls (incoming, wait, a second
// wait or the agent's pick-up, the Enqueue action, the status callback) sent within 10 s with
// 100 desks connected, open-loop as Twilio sends them. Measured: each abandoned call's delay
// from its hang-up (the Enqueue action that makes it a lead) to its lead's poke on a desk, how
// long the backlog takes to drain after the last webhook, and webhook-to-poke for a steady
// 200/s of ordinary calls sent while the spike drains. PGlite (in its worker thread, the
// default, and on the server's thread), and PostgreSQL when
// BENCH_DATABASE_URL or TEST_DATABASE_URL is set.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newSid, SimulatedCarrier } from '../server/demo/simulated-carrier';
import { createScratchDatabase } from '../tests/support/backends';
import { spawnServer } from '../tests/support/server-process';
import { report } from './lib/report';
import { caller, common, desks, drained, post, quantile, SECRET, steady } from './lib/twilio-load';

const pgUrl = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'];
const CALLS = 4000;
const SPREAD_MS = 8000;
const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));

async function spikeCall(carrier: SimulatedCarrier, at: number, abandoned: boolean, hangups: Map<string, number>, last: { t: number }) {
  const from = caller();
  const c = common(carrier, newSid('CA'), from);
  await sleepUntil(at);
  await post(carrier, '/twilio/voice/incoming', { ...c, CallStatus: 'ringing' });
  await sleepUntil(at + 300);
  await post(carrier, '/twilio/voice/wait', { ...c, CallStatus: 'in-progress', QueueTime: '1' });
  await sleepUntil(at + 900);
  if (abandoned) await post(carrier, '/twilio/voice/wait', { ...c, CallStatus: 'in-progress', QueueTime: '20' });
  else await post(carrier, '/twilio/voice/queue-bridged?agentId=u-ava', { ...c, QueueSid: newSid('QU'), QueueTime: '20', DequeingCallSid: newSid('CA') });
  await sleepUntil(at + 1400);
  if (abandoned) hangups.set(from, performance.now());
  await post(carrier, '/twilio/voice/enqueue-action', { ...c, CallStatus: 'completed', QueueResult: abandoned ? 'hangup' : 'bridged', QueueTime: '20' });
  await sleepUntil(at + 1500);
  await post(carrier, '/twilio/voice/status', { ...c, CallStatus: 'completed', CallDuration: abandoned ? '20' : '95' });
  last.t = Math.max(last.t, performance.now());
}

async function run(name: string, env: Record<string, string>, t: { p99: number; drain: number }) {
  const server = await spawnServer({ ...env, REBOUND_DEMO: '1', REBOUND_SIMULATED_SECRET: SECRET });
  try {
    const carrier = new SimulatedCarrier(server.url, SECRET);
    const d = await desks(server.url, 100);
    const hangups = new Map<string, number>();
    const last = { t: 0 };
    const start = performance.now() + 200;
    // Three calls in four hang up in the queue; the others are picked up.
    const spike = Promise.all(Array.from({ length: CALLS }, (_, i) => spikeCall(carrier, start + (i * SPREAD_MS) / CALLS, i % 4 !== 3, hangups, last)));
    const during = steady(carrier, d, 200, 10);
    await spike;
    const sentIn = (last.t - start) / 1000;
    const all = await d.seen([...hangups.keys()], 120_000);
    await drained(server.url);
    const drainedAfter = (performance.now() - last.t) / 1000;
    const delays = [...hangups].flatMap(([from, h]) => (d.arrivals.has(from) ? [(d.arrivals.get(from)! - h) / 1000] : []));
    console.log(`# ${CALLS} calls, ${CALLS * 5} webhooks sent in ${sentIn.toFixed(1)} s (${name}); ${delays.length} of ${hangups.size} abandoned leads reached a desk${all ? '' : ' (some never did)'}`);
    report(`server.spike-abandoned-to-desk-p50.${name}`, Number(quantile(delays, 0.5).toFixed(2)), 's', '<', t.p99);
    report(`server.spike-abandoned-to-desk-p99.${name}`, Number(quantile(delays, 0.99).toFixed(2)), 's', '<', t.p99);
    report(`server.spike-abandoned-to-desk-max.${name}`, Number(Math.max(...delays).toFixed(2)), 's', '<', t.drain);
    report(`server.spike-drained-after-last-webhook.${name}`, Number(drainedAfter.toFixed(2)), 's', '<', t.drain);
    const l = await during;
    report(`server.webhook-to-poke-p99.during-spike.${name}`, Number(l.p99.toFixed(1)), 'ms', '<', 250);
    report(`server.pokes-missing.during-spike.${name}`, l.missing, '', '<', 1);
    d.close();
  } catch (err) {
    // A server that fell over under the spike: what it said is the finding, not the client's error.
    console.log(`# the spike failed (${err instanceof Error ? err.message : String(err)}); the server said:\n${server.output().slice(-4000)}`);
    console.log(`# server ${server.child.exitCode === null ? 'still running' : `exited with ${server.child.exitCode ?? server.child.signalCode}`}`);
    throw err;
  } finally {
    await server.stop();
  }
}

const only = process.env['BENCH_ONLY'];
if (!only || only === 'pglite') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rebound-bench-'));
  try {
    await run('pglite', { REBOUND_DATA_DIR: dir }, { p99: 5, drain: 30 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
// PGlite on the server's thread (REBOUND_PGLITE_THREAD=server), measured beside the default
// (its worker thread) so the README's choice between them can be checked.
if (!only || only === 'pglite-in-thread') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rebound-bench-'));
  try {
    await run('pglite-in-thread', { REBOUND_DATA_DIR: dir, REBOUND_PGLITE_THREAD: 'server' }, { p99: 5, drain: 30 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (pgUrl && (!only || only === 'postgres')) {
  const scratch = await createScratchDatabase(pgUrl);
  try {
    await run('postgres', { DATABASE_URL: scratch.url }, { p99: 2, drain: 15 });
  } finally {
    await scratch.drop();
  }
} else if (!pgUrl) {
  console.log('# PostgreSQL figures skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server.');
}
