import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type Mutation, type PullResponse, type PushResponse, type SyncLead } from '../../../shared';
import { LeadStore } from '../../../main/cache/lead-store';
import { openCache, type CacheDb } from '../../../main/cache/open-cache';
import type { ServerApi } from '../../../main/sync/server-api';
import { SyncClient } from '../../../main/sync/sync-client';

const actor = { userId: 'u-ben', userName: 'Ben' };
const now = () => new Date('2026-11-26T12:00:00Z');
const lead = (id: string): SyncLead => ({
  id, kind: 'abandoned', status: 'new', accountId: 'acc', accountName: 'Acc', customerName: null, phone: '+13125550100',
  queueId: null, queueName: null, campaignId: null, campaignName: null, endedAt: '2026-11-26T11:00:00.000Z', durationSeconds: 5,
  attempts: 1, callType: null, reason: null, agentId: null, agentName: null, notes: '', claim: null, version: 1,
});

describe('sync client push', () => {
  let db: CacheDb;
  afterEach(() => db?.close());

  it('when the server cannot read a batch, rejects only the edit it cannot read and lands the rest', async () => {
    db = openCache(':memory:');
    const store = new LeadStore(db);
    store.applyPull({ leads: ['a', 'b', 'c'].map((id) => ({ lead: lead(id), calls: [], history: [] })), cursor: 3, reset: false, scope: { accountIds: ['acc'], kinds: ['abandoned'] } }, actor);
    for (const id of ['a', 'b', 'c']) expect(store.enqueue({ name: 'addNote', args: { leadId: id, text: `note ${id}` } }, actor, now()).ok).toBe(true);

    const applied: string[] = [];
    // A server that refuses the whole request whenever it contains the edit to lead b.
    const api = {
      async push(_t: string, _c: string, mutations: (Mutation & { id: number })[]): Promise<PushResponse> {
        if (mutations.some((m) => m.args.leadId === 'b')) throw new ApiError('invalid_request', 'mutations.0.args.text: unreadable');
        applied.push(...mutations.map((m) => m.args.leadId));
        return { cursor: 9, caughtUp: false, results: mutations.map((m) => ({ id: m.id, status: 'applied' as const, error: null, lead: lead(m.args.leadId) })) };
      },
      async pull(): Promise<PullResponse> {
        return { reset: false, cursor: 3, hasMore: false, scope: { accountIds: ['acc'], kinds: ['abandoned'] }, session: { userId: 'u-ben', userName: 'Ben', email: 'b@x.io', permissions: [], accounts: [], settings: { sclEnabled: false, sclColdDays: 3 }, accountSettings: [], telephony: 'simulated' }, leads: [], jobTypes: [] };
      },
      socketUrl: () => 'ws://127.0.0.1:9/never',
    } as unknown as ServerApi;
    const rejected: { leadId: string; reason: string }[] = [];
    const client = new SyncClient({
      api, token: 't', clientId: 'desk-test', store, actor, clock: now,
      events: { state() {}, changed() {}, created() {}, rejected: (r) => rejected.push(r), session() {}, signedOut() {}, voice() {} },
    });
    await client.kick();
    client.stop();
    expect(applied.sort()).toEqual(['a', 'c']);
    expect(rejected).toEqual([{ leadId: 'b', reason: 'mutations.0.args.text: unreadable' }]);
    expect(store.pendingCount()).toBe(0);
  });

  it('a request the server cannot read rolls back only that edit and keeps the lead, with the edits still waiting', async () => {
    db = openCache(':memory:');
    const store = new LeadStore(db);
    store.applyPull({ leads: [{ lead: { ...lead('b'), notes: 'from the server' }, calls: [], history: [] }], cursor: 1, reset: false, scope: { accountIds: ['acc'], kinds: ['abandoned'] } }, actor);
    expect(store.enqueue({ name: 'addNote', args: { leadId: 'b', text: 'unreadable' } }, actor, now()).ok).toBe(true);
    expect(store.enqueue({ name: 'setStatus', args: { leadId: 'b', to: 'follow_up_needed' } }, actor, now()).ok).toBe(true);

    let online = true;
    const api = {
      async push(_t: string, _c: string, mutations: (Mutation & { id: number })[]): Promise<PushResponse> {
        if (mutations.some((m) => m.name === 'addNote')) throw new ApiError('invalid_request', 'mutations.0.args.text: unreadable');
        // The status edit waits for a server that answers again.
        online = false;
        throw new ApiError('offline', 'Cannot reach the server');
      },
      async pull(): Promise<PullResponse> {
        throw new ApiError('offline', 'Cannot reach the server');
      },
      socketUrl: () => 'ws://127.0.0.1:9/never',
    } as unknown as ServerApi;
    const rejected: { leadId: string; reason: string }[] = [];
    const client = new SyncClient({
      api, token: 't', clientId: 'desk-test', store, actor, clock: now, backoffBaseMs: 60_000,
      events: { state() {}, changed() {}, created() {}, rejected: (r) => rejected.push(r), session() {}, signedOut() {}, voice() {} },
    });
    await client.kick();
    client.stop();
    expect(online).toBe(false);
    expect(rejected).toEqual([{ leadId: 'b', reason: 'mutations.0.args.text: unreadable' }]);
    // The lead is still here: the refused note is gone from its history, the waiting status edit is still shown.
    const shown = store.localState('b', actor);
    expect(shown).not.toBeNull();
    expect(shown!.lead.notes).toBe('from the server');
    expect(shown!.lead.status).toBe('follow_up_needed');
    expect(shown!.history.map((h) => h.action)).toEqual(['status']);
    expect(shown!.pending).toBe(true);
    expect(store.pendingCount()).toBe(1);
    expect(db.prepare("select count(*) as n from leads where id = 'b'").get()).toEqual({ n: 1 });
  });
});
