import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedReportCalls } from '../../../bench/lib/report-seed';
import { BACKENDS } from '../../support/backends';
import { startTestServer, type Desk, type TestServer } from '../../support/test-server';

// ~120 bytes a row: an export of about 10 MB, more than twice what loopback's socket buffers hold
// (checked below), so a desk that stops reading really does stop the server's writes.
const CALLS = 80_000;
const exportBody = () =>
  JSON.stringify({ preset: 'custom', from: `${new Date().getUTCFullYear() - 1}-12-02`, to: new Date().toISOString().slice(0, 10) });

/**
 * How many bytes a peer that never reads takes off a loopback sender before the sender's writes
 * back up (the kernel's send and receive buffers, which autotune): an export smaller than this
 * never stalls, whatever the server does.
 */
function loopbackAbsorbs(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer((s) => {
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let written = 0;
      let settled: NodeJS.Timeout | undefined;
      const pump = () => {
        clearTimeout(settled);
        while (s.write(chunk)) written += chunk.length;
        written += chunk.length;
        // No drain for half a second: the buffers are full.
        settled = setTimeout(() => {
          resolve(written - s.writableLength);
          s.destroy();
          peer.destroy();
          server.close();
        }, 500);
      };
      s.on('drain', pump);
      s.on('error', () => {});
      pump();
    });
    let peer: net.Socket;
    server.listen(0, '127.0.0.1', () => {
      peer = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
      peer.on('error', () => {});
      peer.once('data', () => peer.pause());
    });
  });
}

type Stalled = {
  status: string;
  /** Reads what is left until the connection ends: the bytes the desk got in all. */
  readRest(): Promise<number>;
};

/** A desk that asks for the CSV, reads the status line, then never reads another byte. */
function stalledExport(url: string, token: string): Promise<Stalled> {
  const u = new URL(url);
  const body = exportBody();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the export did not start within 60 s')), 60_000);
    const socket = net.connect(Number(u.port), u.hostname, () => {
      socket.write(
        `POST /api/reports/unbooked-abandoned/csv HTTP/1.1\r\nHost: ${u.host}\r\nAuthorization: Bearer ${token}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    });
    let bytes = 0;
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.once('data', (first) => {
      clearTimeout(timer);
      bytes += first.length;
      socket.pause(); // and, until the test says so, never resume: the server's writes back up
      resolve({
        status: String(first).split('\r\n')[0]!,
        readRest: async () => {
          socket.on('data', (d: Buffer) => (bytes += d.length));
          socket.resume();
          await closed;
          return bytes;
        },
      });
    });
    socket.on('error', () => {}); // the server drops it, which is the point
    void closed.then(() => reject(new Error('the server closed the export before answering')));
  });
}

const timed = async <T>(fn: () => Promise<T>) => {
  const started = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - started };
};

/** Fails instead of waiting for ever: on the old code these never came back. */
const within = <T>(ms: number, what: string, p: Promise<T>) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms))]);

/** This process's export spool files (the server runs in it); other processes' are not ours to count. */
const spools = () => readdirSync(os.tmpdir()).filter((f) => f.startsWith(`rebound-report-${process.pid}-`));

describe.each(BACKENDS)('a CSV export the desk stops reading on $name', (backend) => {
  let t: TestServer;
  let sam: Desk;
  let csvBytes = 0;
  let usualExportMs = 0;
  beforeAll(async () => {
    t = await startTestServer(backend);
    await seedReportCalls(t.db, CALLS);
    sam = await t.signIn('sam@rebound.example');
  }, 300_000);
  afterAll(() => t?.close(), 120_000);

  it('is larger than loopback can absorb, so a desk that stops reading really stalls it; health is answered while it is read', async () => {
    const usualHealth = await timed(() => fetch(`${t.url}/health`));
    const read = timed(async () => {
      const res = await fetch(`${t.url}/api/reports/unbooked-abandoned/csv`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sam.token}`, 'content-type': 'application/json' },
        body: exportBody(),
      });
      expect(res.status).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    });
    // While the rows are read from the database (on PGlite the server's only connection).
    let done = false;
    void read.finally(() => (done = true));
    const probes: number[] = [];
    while (!done) {
      probes.push((await timed(() => fetch(`${t.url}/health`, { signal: AbortSignal.timeout(30_000) }))).ms);
      await new Promise((r) => setTimeout(r, 200));
    }
    const { value: csv, ms } = await read;
    csvBytes = csv.length;
    usualExportMs = ms;
    expect(csv.toString('utf8').trimEnd().split('\n')).toHaveLength(CALLS + 1);
    // Each waits one batch at most, and once for the snapshot to be taken; held for the whole
    // read (as PGlite's one connection was), it waited the whole export.
    expect(Math.max(...probes)).toBeLessThan(Math.max(3_000, usualHealth.ms * 10));
    expect(probes.length).toBeGreaterThan(2);
    const absorbs = await loopbackAbsorbs();
    expect(csvBytes).toBeGreaterThan(2 * absorbs);
  }, 120_000);

  it('reads one export per person at a time: a second while the first is prepared is refused in words, and allowed after', async () => {
    const exportAs = (token: string) =>
      fetch(`${t.url}/api/reports/unbooked-abandoned/csv`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: exportBody() });
    const first = exportAs(sam.token);
    // Being prepared: its spool file is there until it is sent.
    const until = Date.now() + 30_000;
    while (spools().length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    const again = await exportAs(sam.token);
    expect(again.status).toBe(429);
    expect(await again.json()).toMatchObject({ error: 'rate_limited', message: 'Your previous export is still being prepared. Export again once it has downloaded.' });
    // Someone else's export is not held up by Sam's.
    const admin = await t.signIn('admin@rebound.example');
    const theirs = await exportAs(admin.token);
    expect(theirs.status).toBe(200);
    await theirs.arrayBuffer();
    const done = await first;
    expect(done.status).toBe(200);
    expect((await done.arrayBuffer()).byteLength).toBe(csvBytes);
    const after = await exportAs(sam.token);
    expect(after.status).toBe(200);
    await after.arrayBuffer();
  }, 180_000);

  it('keeps health, pulls and webhooks answered in their usual time, then drops the stalled exports and their spool files', async () => {
    expect(csvBytes, 'the export is large enough to stall (previous test)').toBeGreaterThan(0);
    t.ctx.config.exportWriteTimeoutMs = 3_000;
    const usualHealth = await timed(() => fetch(`${t.url}/health`));
    const usualPull = await timed(() => sam.pull(0));
    // As many stalled desks as the PostgreSQL pool has connections (10); on PGlite, two.
    const count = backend.name === 'postgres' ? 10 : 2;
    const stalled: Stalled[] = [];
    for (let i = 0; i < count; i++) stalled.push(await stalledExport(t.url, sam.token));
    for (const s of stalled) expect(s.status).toBe('HTTP/1.1 200 OK');

    const limit = (usual: number) => Math.max(2_000, usual * 10);
    const health = await timed(() => fetch(`${t.url}/health`, { signal: AbortSignal.timeout(15_000) }));
    expect(health.value.status).toBe(200);
    expect(health.ms).toBeLessThan(limit(usualHealth.ms));
    const pull = await timed(() => within(15_000, 'pull', sam.pull(0)));
    expect(pull.ms).toBeLessThan(limit(usualPull.ms));
    const webhook = await timed(() => within(15_000, 'webhook', t.carrier.abandon({ from: '+13125559911', to: '+13125550101', queueSeconds: 30 })));
    expect(webhook.ms).toBeLessThan(limit(usualHealth.ms) * 2);

    // Nobody reads: the server drops them after the write timeout and deletes their spool files;
    // a desk that reads again then finds its file cut short and the connection ended.
    const until = Date.now() + 20_000;
    while (spools().length && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(spools()).toEqual([]);
    for (const s of stalled) expect(await within(10_000, 'the dropped export ends', s.readRest())).toBeLessThan(csvBytes);
    if (backend.name === 'postgres') {
      // No session is left inside a transaction for them.
      const stuck = await t.db.query("select pid from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'");
      expect(stuck).toEqual([]);
    }
  }, Math.max(180_000, usualExportMs * 20));

  it('lets a stopping server (SIGTERM) drop a stalled export instead of waiting for the write timeout', async () => {
    expect(csvBytes, 'the export is large enough to stall').toBeGreaterThan(0);
    t.ctx.config.exportWriteTimeoutMs = 60_000;
    const stalled = await stalledExport(t.url, sam.token);
    expect(stalled.status).toBe('HTTP/1.1 200 OK');
    // What main.ts does on SIGTERM before closing the database.
    const stop = await timed(() => within(30_000, 'server close', t.stopHttp()));
    expect(stop.ms).toBeLessThan(5_000);
    expect(await within(10_000, 'the dropped export ends', stalled.readRest())).toBeLessThan(csvBytes);
    const until = Date.now() + 5_000;
    while (spools().length && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(spools()).toEqual([]);
  }, 120_000);
});

describe('export spool files', () => {
  it('are removed at start when the server that wrote them is gone (a crash), and kept when it is running', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid!; // exited by now
    const orphan = path.join(os.tmpdir(), `rebound-report-${gone}-${randomUUID()}.csv`);
    const live = path.join(os.tmpdir(), `rebound-report-${process.ppid}-${randomUUID()}.csv`);
    writeFileSync(orphan, 'ID\n', { mode: 0o600 });
    writeFileSync(live, 'ID\n', { mode: 0o600 });
    try {
      const t = await startTestServer({ name: 'pglite' });
      await t.close();
      expect(existsSync(orphan)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      rmSync(orphan, { force: true });
      rmSync(live, { force: true });
    }
  }, 60_000);
});
