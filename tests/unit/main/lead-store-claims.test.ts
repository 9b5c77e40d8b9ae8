import { afterEach, describe, expect, it } from 'vitest';
import type { SyncLead } from '../../../shared';
import { LeadStore } from '../../../main/cache/lead-store';
import { openCache, type CacheDb } from '../../../main/cache/open-cache';

const ava = { userId: 'u-ava', userName: 'Ava Chen' };
const now = new Date('2026-11-26T12:00:00Z');
const lead = (claim: SyncLead['claim']): SyncLead => ({
  id: 'l1', kind: 'abandoned', status: 'new', accountId: 'acc', accountName: 'Acc', customerName: null, phone: '+13125550100',
  queueId: null, queueName: null, campaignId: null, campaignName: null, endedAt: '2026-11-26T11:00:00.000Z', durationSeconds: 5,
  attempts: 1, callType: null, reason: null, agentId: null, agentName: null, notes: '', claim, version: 1,
});

/** The desk refuses, before queueing, the claim edits the server would refuse: a lead someone else is working. */
describe('claims on the desk', () => {
  let db: CacheDb;
  afterEach(() => db?.close());

  function storeWith(claim: SyncLead['claim']) {
    db = openCache(':memory:');
    const store = new LeadStore(db);
    store.applyPull({ leads: [{ lead: lead(claim), calls: [], history: [] }], cursor: 1, reset: false, scope: { accountIds: ['acc'], kinds: ['abandoned'] } }, ava);
    return store;
  }

  it('refuses to claim (and so to call) a lead another CSR holds, naming them, and queues nothing', () => {
    const store = storeWith({ userId: 'u-ben', userName: 'Ben Ortiz', expiresAt: '2026-11-26T12:03:00.000Z' });
    expect(store.enqueue({ name: 'claim', args: { leadId: 'l1' } }, ava, now)).toEqual({ ok: false, reason: 'Ben Ortiz is working this lead right now.' });
    expect(store.enqueue({ name: 'release', args: { leadId: 'l1' } }, ava, now)).toEqual({ ok: false, reason: 'The claim belongs to Ben Ortiz.' });
    expect(store.pendingCount()).toBe(0);
  });

  it('takes a lead whose claim has run out, or that is already its own', () => {
    expect(storeWith({ userId: 'u-ben', userName: 'Ben Ortiz', expiresAt: '2026-11-26T11:59:00.000Z' }).enqueue({ name: 'claim', args: { leadId: 'l1' } }, ava, now).ok).toBe(true);
    db.close();
    expect(storeWith({ userId: 'u-ava', userName: 'Ava Chen', expiresAt: '2026-11-26T12:03:00.000Z' }).enqueue({ name: 'claim', args: { leadId: 'l1' } }, ava, now).ok).toBe(true);
  });
});
