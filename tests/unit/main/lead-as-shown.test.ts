import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session, SyncLead } from '../../../shared';
import { LeadStore } from '../../../main/cache/lead-store';
import { cacheFileFor, openCache } from '../../../main/cache/open-cache';
import { WorkstationServices } from '../../../main/services';

const T0 = Date.parse('2026-11-26T12:00:00Z');
const session: Session = {
  userId: 'u-ben', userName: 'Ben Ortiz', email: 'ben@rebound.example', serverUrl: 'http://127.0.0.1:9', permissions: [],
  accounts: [{ id: 'acc', name: 'Acc' }], settings: { sclEnabled: false, sclColdDays: 3 },
  accountSettings: [{ accountId: 'acc', timeZone: 'America/Chicago', acwMinutes: 2, callbackHours: { startMinute: 480, endMinute: 1200 }, speedTargetMinutes: 5, callbackNumber: null, sclEnabled: false }],
  telephony: 'simulated',
};
const lead = (id: string, over: Partial<SyncLead> = {}): SyncLead => ({
  id, kind: 'abandoned', status: 'new', accountId: 'acc', accountName: 'Acc', customerName: null, phone: '+13125550100',
  queueId: null, queueName: null, campaignId: null, campaignName: null, endedAt: new Date(T0 - 3_600_000).toISOString(), durationSeconds: 5,
  attempts: 1, callType: null, reason: null, agentId: null, agentName: null, notes: 'from the server', claim: null, version: 1, ...over,
});

/**
 * A lead with edits the server has not acknowledged reads the same in the list as in the drawer:
 * both are the one "lead as shown" (pending edits laid over the server's row, each as of when it
 * was made), whenever they are read.
 */
describe('the lead as shown', () => {
  let dir: string;
  let desk: WorkstationServices | null = null;
  afterEach(async () => {
    await desk?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A desk reopened offline from a cache holding these leads (its server never answers). */
  function offlineDesk(leads: SyncLead[], clock: () => Date): WorkstationServices {
    dir = mkdtempSync(path.join(tmpdir(), 'rebound-shown-'));
    const db = openCache(cacheFileFor(dir, session.userId));
    const store = new LeadStore(db);
    store.setMeta('session', JSON.stringify(session));
    store.setMeta('token', 'offline-token');
    store.setMeta('jobTypes', JSON.stringify([{ id: 'jt-1', accountId: 'acc', name: 'Furnace repair' }]));
    store.applyPull({ leads: leads.map((l) => ({ lead: l, calls: [], history: [] })), cursor: 1, reset: false, scope: { accountIds: ['acc'], kinds: ['abandoned'] } }, { userId: session.userId, userName: session.userName });
    db.close();
    writeFileSync(path.join(dir, 'last-session.json'), JSON.stringify({ userId: session.userId }));
    desk = new WorkstationServices({ dataDir: dir, defaultServerUrl: session.serverUrl, clock, sync: { backoffBaseMs: 600_000, backoffMaxMs: 600_000, pullEveryMs: 600_000 } });
    expect(desk.restore()?.userId).toBe(session.userId);
    return desk;
  }

  it('reads a lead with unsent edits the same through the list and the single-lead path, however much later', async () => {
    let now = T0;
    const d = offlineDesk([lead('claimed'), lead('booked'), lead('untouched')], () => new Date(now));
    const api = d.handlers;
    await api.claimLead({ leadId: 'claimed' });
    await api.setLeadStatus({ leadId: 'claimed', to: 'follow_up_needed', note: 'Call after 5' });
    await api.addNote({ leadId: 'claimed', text: 'Left a message.' });
    await api.bookJob({ leadId: 'booked', jobTypeId: 'jt-1', windowStart: new Date(T0 + 30 * 60_000).toISOString(), windowEnd: new Date(T0 + 90 * 60_000).toISOString(), customerName: 'Riley Quinn', address: '1 Main St' });

    const list = async (tab: 'open' | 'done') => (await api.listLeads({ tab, filterSet: { kind: 'abandoned', filters: {} }, sort: { column: 'age', direction: 'asc' }, offset: 0, limit: 50 })).rows;
    const readBoth = async () => {
      const rows = [...(await list('open')), ...(await list('done'))];
      return Promise.all(['claimed', 'booked', 'untouched'].map(async (id) => ({ listed: rows.find((r) => r.id === id), single: (await api.getLead({ leadId: id })).lead })));
    };

    const atOnce = await readBoth();
    for (const { listed, single } of atOnce) expect(listed).toEqual(single);
    const [claimed, booked] = atOnce;
    expect(claimed!.single).toMatchObject({ status: 'follow_up_needed', pending: true, claim: { userId: 'u-ben', expiresAt: new Date(T0 + 5 * 60_000).toISOString() } });
    expect(booked!.single).toMatchObject({ status: 'resolved', customerName: 'Riley Quinn', tab: 'done', pending: true });

    // An hour later, still offline: the claim made at noon still says when it runs out, and the
    // booking (its window begun by now) still shows, in both places.
    now = T0 + 60 * 60_000;
    const later = await readBoth();
    for (const { listed, single } of later) expect(listed).toEqual(single);
    expect(later.map((x) => x.single)).toEqual(atOnce.map((x) => x.single));
    // The drawer's history dates each unsent edit when it was made, not when it is read.
    const history = (await api.getLead({ leadId: 'claimed' })).history;
    expect(history.map((h) => [h.action, h.at])).toEqual([
      ['claimed', new Date(T0).toISOString()],
      ['status', new Date(T0).toISOString()],
      ['note', new Date(T0).toISOString()],
    ]);
  });
});
