import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEventPayload } from '../../../shared';
import { WorkstationServices } from '../../../main/services';
import { DEMO_NUMBERS, DEMO_PASSWORD } from '../../../server/demo/seed';
import { startTestServer, type TestServer } from '../../support/test-server';

/*
 * No echo, one refresh: the desk that makes an edit learns the result from its push's answer,
 * so it neither pulls its own change back nor refreshes its screens again; every other desk
 * that may see the lead is poked and pulls it once. The desks speak real HTTP and WebSocket to
 * a real server; the requests are counted as they leave (global fetch), by the desk id they carry.
 */

const QUIET = { backoffBaseMs: 50, backoffMaxMs: 300, pullEveryMs: 600_000 };
const ALL = { kind: 'abandoned' as const, filters: {} };

type Sent = { path: string; clientId: string | null };

async function until(what: string, fn: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('one status edit, one refresh', () => {
  let t: TestServer;
  let dir: string;
  const desks: WorkstationServices[] = [];
  const sent: Sent[] = [];
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    t = await startTestServer({ name: 'pglite' });
    dir = mkdtempSync(path.join(os.tmpdir(), 'rebound-one-refresh-'));
    await t.carrier.abandon({ from: '+13125558191', to: DEMO_NUMBERS.northRadio, queueSeconds: 30 });
    globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      let clientId: string | null = null;
      try {
        clientId = (JSON.parse(String(init?.body ?? '{}')) as { clientId?: string }).clientId ?? null;
      } catch {
        clientId = null;
      }
      sent.push({ path: url.pathname, clientId });
      return realFetch(input, init);
    }) as typeof fetch;
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await Promise.all(desks.map((d) => d.close()));
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function desk(name: string) {
    const d = new WorkstationServices({ dataDir: path.join(dir, name), defaultServerUrl: t.url, sync: QUIET });
    desks.push(d);
    return d;
  }

  it('desk A refreshes once and pulls nothing back; desk B pulls once', async () => {
    const a = desk('a');
    const b = desk('b');
    await a.handlers.signIn({ email: 'ben@rebound.example', password: DEMO_PASSWORD });
    await b.handlers.signIn({ email: 'ava@northside.example', password: DEMO_PASSWORD });
    const first = async (d: WorkstationServices) => (await d.handlers.listLeads({ tab: 'open', filterSet: ALL, sort: { column: 'age', direction: 'asc' }, offset: 0, limit: 10 })).rows[0];
    await until('both desks have the lead', async () => Boolean((await first(a)) && (await first(b))));
    // Both sockets are open once the server holds two desks; what they pulled on connecting is over.
    await until('both sockets', () => t.server.hub.size === 2);
    await a.syncNow();
    await b.syncNow();
    const lead = (await first(a))!;

    const changedOnA: ApiEventPayload<'leadsChanged'>[] = [];
    const changedOnB: ApiEventPayload<'leadsChanged'>[] = [];
    a.on('leadsChanged', (c) => changedOnA.push(c));
    b.on('leadsChanged', (c) => changedOnB.push(c));
    const from = sent.length;

    await a.handlers.setLeadStatus({ leadId: lead.id, to: 'follow_up_needed' });
    await until('B shows the new status', async () => (await b.handlers.getLead({ leadId: lead.id })).lead.status === 'follow_up_needed');
    await until('A has no edit left to send', () => a.connection?.unsent === 0 && a.connection.state === 'online');
    // Anything late (an echo) would come within a moment on loopback.
    await new Promise((r) => setTimeout(r, 500));

    const after = sent.slice(from);
    const aId = after.find((s) => s.path === '/api/sync/push')?.clientId;
    expect(aId).toBeTruthy();
    const pulls = after.filter((s) => s.path === '/api/sync/pull');
    expect(pulls.filter((s) => s.clientId === aId)).toHaveLength(0);
    expect(pulls.filter((s) => s.clientId !== aId)).toHaveLength(1);
    expect(after.filter((s) => s.path === '/api/sync/push')).toHaveLength(1);

    expect(changedOnA).toEqual([{ kinds: ['abandoned'], leadIds: [lead.id], counts: true }]);
    expect(changedOnB).toEqual([{ kinds: ['abandoned'], leadIds: [lead.id], counts: true }]);
    // A shows the server's confirmed lead, no longer unsent, and the history the server wrote.
    const shown = await a.handlers.getLead({ leadId: lead.id });
    expect(shown.lead).toMatchObject({ status: 'follow_up_needed', pending: false });
    expect(shown.history.at(-1)).toMatchObject({ action: 'status', to: 'follow_up_needed', actor: { name: 'Ben Ortiz' } });
  });

  it('an edit reads the same on the desk before the server confirms it and after: status, note, claim, release, booking', async () => {
    const a = desk('same-words');
    await a.handlers.signIn({ email: 'ben@rebound.example', password: DEMO_PASSWORD });
    await t.carrier.abandon({ from: '+13125558192', to: DEMO_NUMBERS.northRadio, queueSeconds: 30 });
    await a.syncNow();
    const lead = (await a.handlers.listLeads({ tab: 'open', filterSet: ALL, sort: { column: 'age', direction: 'asc' }, offset: 0, limit: 50 })).rows.find((l) => l.phone === '+13125558192')!;
    // Offline, so every edit is shown by the desk's own rule until the server applies it.
    await t.stopHttp();
    await a.handlers.setLeadStatus({ leadId: lead.id, to: 'contact_attempted', note: 'Left a message' });
    await a.handlers.addNote({ leadId: lead.id, text: 'Prefers mornings' });
    await a.handlers.claimLead({ leadId: lead.id });
    await a.handlers.releaseLead({ leadId: lead.id });
    const start = new Date(Math.max(Date.now(), t.clock.now().getTime()) + 2 * 86_400_000);
    start.setUTCHours(15, 0, 0, 0);
    await a.handlers.bookJob({ leadId: lead.id, jobTypeId: 'jt-north-drain', windowStart: start.toISOString(), windowEnd: new Date(start.getTime() + 2 * 3_600_000).toISOString(), customerName: 'Sam Reed', address: '4 Elm St' });
    const words = (h: { action: string; from: string | null; to: string | null; why: string | null; actor: { name: string } }[]) =>
      h.map((e) => [e.action, e.from, e.action === 'booked' ? 'job' : e.to, e.why, e.actor.name]);
    const shown = await a.handlers.getLead({ leadId: lead.id });
    expect(shown.lead).toMatchObject({ status: 'resolved', customerName: 'Sam Reed', claim: null, pending: true });
    expect(words(shown.history).slice(-6)).toEqual([
      ['status', 'new', 'contact_attempted', 'Left a message', 'Ben Ortiz'],
      ['note', null, 'Prefers mornings', null, 'Ben Ortiz'],
      ['claimed', null, null, null, 'Ben Ortiz'],
      ['released', null, null, null, 'Ben Ortiz'],
      ['booked', null, 'job', expect.stringMatching(/^Booked Drain cleaning for .+ – .+\.$/), 'Ben Ortiz'],
      ['status', 'contact_attempted', 'resolved', 'Job booked.', 'Ben Ortiz'],
    ]);
    await t.startHttp();
    await until('the edits are confirmed', () => a.connection?.unsent === 0 && a.connection.state === 'online');
    const confirmed = await a.handlers.getLead({ leadId: lead.id });
    expect(confirmed.lead).toMatchObject({ status: 'resolved', customerName: 'Sam Reed', claim: null, pending: false });
    expect(words(confirmed.history)).toEqual(words(shown.history));
  });
});
