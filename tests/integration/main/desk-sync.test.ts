import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEventPayload, Lead } from '../../../shared';
import { WorkstationServices } from '../../../main/services';
import { DEMO_NUMBERS, DEMO_PASSWORD } from '../../../server/demo/seed';
import { runDesk } from '../../support/run-desk';
import { startTestServer, type TestServer } from '../../support/test-server';

const FAST = { backoffBaseMs: 50, backoffMaxMs: 300, pullEveryMs: 1000 };
const ALL = { kind: 'abandoned' as const, filters: {} };

async function until<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('desk services with a real server', () => {
  let t: TestServer;
  let dir: string;
  const desks: WorkstationServices[] = [];

  function desk(name: string) {
    const d = new WorkstationServices({ dataDir: path.join(dir, name), defaultServerUrl: t.url, sync: FAST });
    desks.push(d);
    return d;
  }
  const list = async (d: WorkstationServices, tab: 'open' | 'done' = 'open') =>
    (await d.handlers.listLeads({ tab, filterSet: ALL, sort: { column: 'age', direction: 'asc' }, offset: 0, limit: 500 })).rows;

  beforeAll(async () => {
    t = await startTestServer({ name: 'pglite' });
    dir = mkdtempSync(path.join(os.tmpdir(), 'rebound-desks-'));
    for (let i = 0; i < 5; i++) await t.carrier.abandon({ from: `+1312555${8100 + i}`, to: DEMO_NUMBERS.northRadio, queueSeconds: 20 + i });
  });
  afterAll(async () => {
    await Promise.all(desks.map((d) => d.close()));
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('carries an edit on desk A to desk B, and a new call to both with a notification', async () => {
    const a = desk('a');
    const b = desk('b');
    await a.handlers.signIn({ email: 'ben@rebound.example', password: DEMO_PASSWORD });
    await b.handlers.signIn({ email: 'cora@southside.example', password: DEMO_PASSWORD });
    const c = desk('c');
    await c.handlers.signIn({ email: 'ben@rebound.example', password: DEMO_PASSWORD });
    await a.syncNow();
    await c.syncNow();
    const lead = (await list(a))[0]!;
    const edited = await a.handlers.setLeadStatus({ leadId: lead.id, to: 'follow_up_needed', note: 'Voicemail left' });
    expect(edited).toMatchObject({ status: 'follow_up_needed', pending: true });
    await until('desk C to see the edit', async () => (await list(c)).find((l) => l.id === lead.id && l.status === 'follow_up_needed'));
    const history = (await c.handlers.getLead({ leadId: lead.id })).history;
    expect(history.at(-1)).toMatchObject({ action: 'status', to: 'follow_up_needed', actor: { name: 'Ben Ortiz' } });
    // Cora works only Southside: she never receives Northside rows.
    await b.syncNow();
    expect((await list(b)).some((l) => l.accountId === 'acc-north')).toBe(false);

    const notes: ApiEventPayload<'notification'>[] = [];
    c.on('notification', (n) => notes.push(n));
    await t.carrier.abandon({ from: '+13125558200', to: DEMO_NUMBERS.northRadio, queueSeconds: 40, callerName: 'PAT LEE' });
    await until('the new row on desk C', async () => (await list(c)).find((l) => l.phone === '+13125558200'));
    await until('a notification', () => notes.find((n) => n.title === 'New abandoned call from PAT LEE'));
  });

  it('keeps working while the server is down, then syncs; a refused edit rolls back with a reason', async () => {
    const a = desk('offline');
    await a.handlers.signIn({ email: 'ben@rebound.example', password: DEMO_PASSWORD });
    await a.syncNow();
    const [first, second] = await list(a);
    const rejected: ApiEventPayload<'mutationRejected'>[] = [];
    a.on('mutationRejected', (r) => rejected.push(r));

    await t.stopHttp();
    try {
      await a.handlers.addNote({ leadId: first!.id, text: 'Called from the branch while offline' });
      const local = await a.handlers.setLeadStatus({ leadId: second!.id, to: 'dismissed' });
      expect(local).toMatchObject({ status: 'dismissed', tab: 'done', pending: true });
      await until('offline state', () => a.connection?.state === 'offline');
      expect(a.connection?.unsent).toBe(2);
      // Meanwhile someone else resolves the second lead on the server: our Dismiss will be refused.
      await t.db.query("update leads set status = 'resolved' where id = $1", [second!.id]);
    } finally {
      await t.startHttp();
    }
    await until('the outbox to empty', async () => {
      await a.syncNow();
      return a.connection?.unsent === 0;
    });
    expect(rejected).toEqual([{ leadId: second!.id, reason: 'A lead cannot go from Resolved to Dismissed.' }]);
    const notes = await t.db.query<{ text: string }>('select text from lead_notes where lead_id = $1', [first!.id]);
    expect(notes.map((n) => n.text)).toContain('Called from the branch while offline');
  });

  it('purges the rows a user may no longer see when their role shrinks, and says so in the session', async () => {
    await t.db.query("update account_settings set scl_enabled = true where account_id = 'acc-south'");
    await t.carrier.answer({ from: '+14045558300', to: DEMO_NUMBERS.southTv, queueSeconds: 5, talkSeconds: 90, agentId: 'u-cora' });
    t.clock.advanceMinutes(10);
    await t.server.sweep();
    const cora = desk('purge');
    const sessions: unknown[] = [];
    cora.on('session', (s) => sessions.push(s));
    await cora.handlers.signIn({ email: 'cora@southside.example', password: DEMO_PASSWORD });
    await cora.syncNow();
    const scl = { tab: 'open' as const, filterSet: { kind: 'second_chance' as const, filters: {} }, sort: { column: 'age' as const, direction: 'asc' as const }, offset: 0, limit: 50 };
    expect((await cora.handlers.listLeads(scl)).total).toBeGreaterThan(0);
    await t.db.query("update roles set permissions = '[\"followups.abandoned.edit\"]' where id = 'role-senior-csr'");
    try {
      await cora.syncNow();
      expect((await cora.handlers.listLeads(scl)).total).toBe(0);
      expect((await cora.handlers.getSession({}))!.permissions).not.toContain('followups.scl.edit');
      expect(sessions.length).toBeGreaterThanOrEqual(2);
    } finally {
      await t.db.query("update roles set permissions = '[\"followups.all\"]' where id = 'role-senior-csr'");
    }
  });

  it('lands 1,000 offline edits exactly once even when the desk is killed mid-push', async () => {
    const deskDir = path.join(dir, 'killed');
    expect((await runDesk([deskDir, t.url, 'signin', 'ben@rebound.example'], 'SIGNED-IN').line)).toMatch(/SIGNED-IN \d+/);
    await t.stopHttp();
    const editor = runDesk([deskDir, t.url, 'edit', '1000'], 'QUEUED');
    expect(await editor.line).toBe('QUEUED 1000');
    await t.startHttp();
    // Kill it the moment the server has some, but not all, of the edits.
    await until('the push to start', async () => {
      const [r] = await t.db.query<{ n: unknown }>("select count(*) as n from lead_notes where text like 'offline edit %'");
      return Number(r!.n) > 0;
    }, 30_000);
    editor.child.kill('SIGKILL');
    const [mid] = await t.db.query<{ n: unknown }>("select count(*) as n from lead_notes where text like 'offline edit %'");
    expect(Number(mid!.n)).toBeLessThan(1000);

    expect(await runDesk([deskDir, t.url, 'drain'], 'DRAINED').line).toBe('DRAINED 0');
    const rows = await t.db.query<{ text: string; n: unknown }>(
      "select text, count(*) as n from lead_notes where text like 'offline edit %' group by text",
    );
    expect(rows).toHaveLength(1000);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);

    // A second desk converges on the server's rows.
    const b = desk('converge');
    await b.handlers.signIn({ email: 'ben@rebound.example', password: DEMO_PASSWORD });
    await b.syncNow();
    const server = await t.db.query<{ id: string; status: string; version: unknown }>("select id, status, version from leads where account_id in ('acc-north','acc-south') and kind = 'abandoned'");
    const mine = [...(await list(b, 'open')), ...(await list(b, 'done'))];
    const byId = new Map<string, Lead>(mine.map((l) => [l.id, l]));
    for (const s of server) expect([s.id, byId.get(s.id)?.status, byId.get(s.id)?.version]).toEqual([s.id, s.status, Number(s.version)]);
  }, 60_000); // spawns, kills and restarts desk processes: over 20 s on a busy two-core machine

  it('signs out within seconds when the server takes requests and never answers, and the edit it held still lands once', async () => {
    // A line that goes silent: connections stay open, requests vanish, nothing comes back.
    let silent = false;
    const target = new URL(t.url);
    const line = net.createServer((client) => {
      const up = net.connect(Number(target.port), target.hostname);
      client.on('data', (d) => void (silent || up.write(d)));
      up.on('data', (d) => void (silent || client.write(d)));
      client.on('error', () => up.destroy());
      up.on('error', () => client.destroy());
      client.on('close', () => up.destroy());
    });
    await new Promise<void>((r) => line.listen(0, '127.0.0.1', r));
    const via = `http://127.0.0.1:${(line.address() as net.AddressInfo).port}`;
    const d = new WorkstationServices({ dataDir: path.join(dir, 'silent'), defaultServerUrl: via, sync: FAST });
    desks.push(d);
    try {
      await d.handlers.signIn({ email: 'ben@rebound.example', password: DEMO_PASSWORD, serverUrl: via });
      await d.syncNow();
      const lead = (await list(d)).find((l) => l.status === 'new')!;
      silent = true;
      await d.handlers.setLeadStatus({ leadId: lead.id, to: 'contact_attempted' }); // its push now hangs
      await new Promise((r) => setTimeout(r, 200));
      const started = Date.now();
      await d.handlers.signOut({});
      expect(Date.now() - started).toBeLessThan(5000);

      silent = false;
      await d.handlers.signIn({ email: 'ben@rebound.example', password: DEMO_PASSWORD, serverUrl: via });
      await d.syncNow();
      await until('the held edit to land', async () => {
        const [row] = await t.db.query<{ status: string }>('select status from leads where id = $1', [lead.id]);
        return row?.status === 'contact_attempted';
      });
      const [{ n }] = await t.db.query<{ n: unknown }>("select count(*) as n from audit_events where lead_id = $1 and action = 'status' and to_value = 'contact_attempted'", [lead.id]) as [{ n: unknown }];
      expect(Number(n)).toBe(1);
    } finally {
      line.close();
    }
  }, 60_000);
});
