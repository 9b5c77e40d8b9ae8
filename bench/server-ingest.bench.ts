// Server ingest: signed webhooks acknowledged per second, applied per second end to end (sent →
// the lead on a desk), and webhook-to-poke latency at a steady 200/s on an idle server, with 100
// desks connected; against PGlite and (when BENCH_DATABASE_URL or TEST_DATABASE_URL is set)
// PostgreSQL with one server process and with two sharing it. Servers run in their own
// processes, as in production; this process plays Twilio and the desks.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SimulatedCarrier } from '../server/demo/simulated-carrier';
import { createScratchDatabase } from '../tests/support/backends';
import { spawnServer, type ServerProcess } from '../tests/support/server-process';
import { report } from './lib/report';
import { abandonedCall, caller, desks, drained, quantile, SECRET, steady } from './lib/twilio-load';

const pgUrl = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'];

/**
 * Closed-loop load, 128 posts in flight (Twilio's load is open; each post waits for its answer
 * and how long it waited is printed), spread over the given servers call by call. Returns the
 * acknowledgement rate and the end-to-end rate: every webhook sent, until the last lead it made
 * reached desk 0.
 */
async function load(carriers: SimulatedCarrier[], d: Awaited<ReturnType<typeof desks>>, seconds: number) {
  let webhooks = 0;
  let n = 0;
  const acks: number[] = [];
  const customers: string[] = [];
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: 128 }, async () => {
      while (performance.now() < end) {
        const from = caller();
        customers.push(from);
        const t = performance.now();
        await abandonedCall(carriers[n++ % carriers.length]!, from);
        acks.push((performance.now() - t) / 3);
        webhooks += 3;
      }
    }),
  );
  const sent = performance.now();
  const all = await d.seen(customers, 120_000);
  const applied = performance.now();
  return {
    ackRate: webhooks / ((sent - start) / 1000),
    appliedRate: all ? webhooks / ((applied - start) / 1000) : 0,
    ackP99: quantile(acks, 0.99),
    webhooks,
    drainSeconds: (applied - sent) / 1000,
  };
}

async function run(name: string, servers: ServerProcess[], targets: { ack: number; applied: number }) {
  const carriers = servers.map((s) => new SimulatedCarrier(s.url, SECRET));
  const d = await desks(servers[0]!.url, 100);
  try {
    await load(carriers, d, 2); // warm-up
    for (const s of servers) await drained(s.url);
    const r = await load(carriers, d, 8);
    if (targets.ack) report(`server.ingest-webhooks-per-s.${name}`, Math.round(r.ackRate), '/s', '>=', targets.ack);
    console.log(`# acknowledgement time p99 ${r.ackP99.toFixed(1)} ms with 128 in flight (${name}); Twilio waits up to 15 s`);
    report(`server.applied-end-to-end-per-s.${name}`, Math.round(r.appliedRate), '/s', '>=', targets.applied);
    console.log(`# ${r.webhooks} webhooks; the last lead reached a desk ${r.drainSeconds.toFixed(2)} s after the last was acknowledged (${name})`);
    if (servers.length === 1) {
      const l = await steady(carriers[0]!, d, 200, 10);
      report(`server.webhook-to-poke-p50.idle.${name}`, Number(l.p50.toFixed(1)), 'ms', '<', 50);
      report(`server.webhook-to-poke-p99.idle.${name}`, Number(l.p99.toFixed(1)), 'ms', '<', 50);
      report(`server.pokes-missing.${name}`, l.missing, '', '<', 1);
    }
    return r.appliedRate;
  } finally {
    d.close();
  }
}

async function withServers<T>(count: number, env: Record<string, string>, fn: (s: ServerProcess[]) => Promise<T>): Promise<T> {
  const servers: ServerProcess[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await spawnServer({ ...env, REBOUND_DEMO: '1', REBOUND_SIMULATED_SECRET: SECRET }));
    return await fn(servers);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

const only = process.env['BENCH_ONLY']; // pglite | pglite-in-thread | postgres: for focused runs while developing
if (!only || only === 'pglite') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rebound-bench-'));
  try {
    await withServers(1, { REBOUND_DATA_DIR: dir }, (s) => run('pglite', s, { ack: 2000, applied: 1000 }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
// PGlite on the server's thread (REBOUND_PGLITE_THREAD=server), measured beside the default (its worker).
if (!only || only === 'pglite-in-thread') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rebound-bench-'));
  try {
    await withServers(1, { REBOUND_DATA_DIR: dir, REBOUND_PGLITE_THREAD: 'server' }, (s) => run('pglite-in-thread', s, { ack: 2000, applied: 1000 }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (pgUrl && (!only || only === 'postgres')) {
  let one = 0;
  for (const processes of [1, 2]) {
    const scratch = await createScratchDatabase(pgUrl);
    try {
      const name = processes === 1 ? 'postgres' : 'postgres-2-processes';
      const rate = await withServers(processes, { DATABASE_URL: scratch.url }, (s) =>
        run(name, s, { ack: processes === 1 ? 5000 : 0, applied: processes === 1 ? 2000 : Math.max(2000, Math.round(1.7 * one)) }),
      );
      if (processes === 1) one = rate;
      else console.log(`# two processes applied ${(rate / one).toFixed(2)}x what one did (target 1.7x)`);
    } finally {
      await scratch.drop();
    }
  }
} else if (!pgUrl) {
  console.log('# PostgreSQL figures skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server.');
}
