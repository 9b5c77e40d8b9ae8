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
    store.applyPull({ leads: ['a', 'b', 'c'].map((id) => ({ lead: lead(id), calls: [], history: [] })), cursor: 3, reset: false, scope: { accountIds: ['acc'], kinds: ['abandoned'] } }, actor, now());
    for (const id of ['a', 'b', 'c']) expect(store.enqueue({ name: 'addNote', args: { leadId: id, text: `note ${id}` } }, actor, now()).ok).toBe(true);

    const applied: string[] = [];
    // A server that refuses the whole request whenever it contains the edit to lead b.
    const api = {
      async push(_t: string, _c: string, mutations: (Mutation & { id: number })[]): Promise<PushResponse> {
        if (mutations.some((m) => m.args.leadId === 'b')) throw new ApiError('invalid_request', 'mutations.0.args.text: unreadable');
        applied.push(...mutations.map((m) => m.args.leadId));
        return { cursor: 9, results: mutations.map((m) => ({ id: m.id, status: 'applied' as const, error: null, lead: lead(m.args.leadId) })) };
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
});
