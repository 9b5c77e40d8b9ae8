// The desk services in a worker thread, reached only through the channel: the same typed API,
// its events, and its lifecycle (restore after a restart, close), against a real server.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEventPayload } from '../../../shared';
import { startServicesWorker } from '../../../main/desk-host/start-worker';
import { DEMO_NUMBERS, DEMO_PASSWORD } from '../../../server/demo/seed';
import { startTestServer, type TestServer } from '../../support/test-server';

const FAST = { backoffBaseMs: 50, backoffMaxMs: 300, pullEveryMs: 1000 };
const ALL = { kind: 'abandoned' as const, filters: {} };

describe('desk services in a worker thread', () => {
  let t: TestServer;
  let dir: string;
  beforeAll(async () => {
    t = await startTestServer({ name: 'pglite' });
    dir = mkdtempSync(path.join(os.tmpdir(), 'rebound-worker-desk-'));
    await t.carrier.abandon({ from: '+13125558701', to: DEMO_NUMBERS.northRadio, queueSeconds: 25 });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in, syncs, answers queries and edits, sends events, refuses a malformed call, and restores after a restart', async () => {
    const desk = await startServicesWorker({ dataDir: dir, defaultServerUrl: t.url, sync: FAST });
    const notes: ApiEventPayload<'notification'>[] = [];
    desk.on('notification', (n) => notes.push(n));
    const session = await desk.handlers.signIn({ email: 'ben@rebound.example', password: DEMO_PASSWORD });
    expect(session.email).toBe('ben@rebound.example');
    await desk.syncNow();
    const list = await desk.handlers.listLeads({ tab: 'open', filterSet: ALL, sort: { column: 'age', direction: 'asc' }, offset: 0, limit: 50 });
    const lead = list.rows.find((r) => r.phone === '+13125558701')!;
    expect(lead).toBeDefined();
    expect((await desk.handlers.setLeadStatus({ leadId: lead.id, to: 'follow_up_needed' })).status).toBe('follow_up_needed');
    expect(desk.connection?.state).toMatch(/online|syncing/);

    await t.carrier.abandon({ from: '+13125558702', to: DEMO_NUMBERS.northRadio, queueSeconds: 26 });
    await expect.poll(() => notes.length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await desk.dispatch('setLeadStatus', { leadId: lead.id, to: 'exploded' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    await desk.close();
    expect(await desk.dispatch('getSession', {})).toMatchObject({ ok: false, error: { code: 'internal' } });

    // A new thread on the same folder reopens the session from the cache, edit included.
    const again = await startServicesWorker({ dataDir: dir, defaultServerUrl: t.url, sync: FAST });
    expect((await again.restore())?.email).toBe('ben@rebound.example');
    expect((await again.handlers.getLead({ leadId: lead.id })).lead.status).toBe('follow_up_needed');
    await again.close();
  });
});
