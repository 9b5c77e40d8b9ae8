import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent, SyncLead } from '../../../shared';
import { LeadStore } from '../../../main/cache/lead-store';
import { openCache, type CacheDb } from '../../../main/cache/open-cache';
import { LeadQueries } from '../../../main/queries/lead-queries';

const DAY_START = Date.UTC(2026, 10, 26, 6, 0, 0);
const NOW = DAY_START + 6 * 3_600_000;
const actor = { userId: 'u', userName: 'U' };
const min = (m: number) => m * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const who = { kind: 'user' as const, id: 'u-ben', name: 'Ben' };

function lead(id: string, over: Partial<SyncLead>): SyncLead {
  return {
    id, kind: 'abandoned', status: 'new', accountId: 'acc-n', accountName: 'North', customerName: null, phone: '+13125550100',
    queueId: 'q', queueName: 'Service', campaignId: 'c', campaignName: 'Radio', endedAt: iso(NOW - min(30)), durationSeconds: 10,
    attempts: 1, callType: null, reason: null, agentId: null, agentName: null, notes: '', claim: null, version: 1, ...over,
  };
}
const status = (at: number, from: string, to: string): AuditEvent => ({ at: iso(at), actor: who, action: 'status', from, to, why: null });

describe('queue tiles', () => {
  let db: CacheDb;
  beforeEach(() => {
    db = openCache(':memory:');
  });
  afterEach(() => db.close());

  it('counts open, cold, oldest, today’s median speed to lead, recoveries and dismissals per queue', () => {
    const ended = NOW - min(120);
    new LeadStore(db).applyPull(
      {
        reset: false,
        cursor: 9,
        scope: { accountIds: ['acc-n'], kinds: ['abandoned', 'second_chance'] },
        leads: [
          { lead: lead('a', { endedAt: iso(ended) }), calls: [], history: [] },
          { lead: lead('b', { endedAt: iso(NOW - 2 * 86_400_000) }), calls: [], history: [] }, // New for 2 days: Cold
          { lead: lead('c', { status: 'contact_attempted', endedAt: iso(ended) }), calls: [], history: [status(ended + 60_000, 'new', 'contact_attempted')] },
          { lead: lead('d', { status: 'resolved', endedAt: iso(ended) }), calls: [], history: [status(ended + 180_000, 'new', 'contact_attempted'), status(NOW - min(10), 'contact_attempted', 'resolved')] },
          { lead: lead('e', { status: 'dismissed', endedAt: iso(ended) }), calls: [], history: [status(NOW - min(5), 'new', 'dismissed')] },
          // Yesterday's work does not count today.
          { lead: lead('f', { status: 'resolved', endedAt: iso(DAY_START - 86_400_000) }), calls: [], history: [status(DAY_START - min(60), 'new', 'contact_attempted'), status(DAY_START - min(30), 'contact_attempted', 'resolved')] },
          { lead: lead('g', { queueName: 'Sales', campaignName: null }), calls: [], history: [] },
        ],
      },
      actor,
      new Date(NOW),
    );
    const tiles = new LeadQueries(db).tiles(DAY_START, NOW, { sclColdDays: 3 });
    expect(tiles).toHaveLength(2);
    expect(tiles.find((t) => t.queueName === 'Service')).toEqual({
      accountId: 'acc-n',
      accountName: 'North',
      queueName: 'Service',
      campaignName: 'Radio',
      open: 2,
      cold: 1,
      oldestOpenEndedAt: iso(ended),
      medianSpeedToLeadSeconds: 120, // 60 s and 180 s
      recoveredToday: 1,
      dismissedToday: 1,
    });
    expect(tiles.find((t) => t.queueName === 'Sales')).toMatchObject({ open: 1, campaignName: null, medianSpeedToLeadSeconds: null });
  });

  it('counts both Second Chance dismissals as dismissed today, never as recovered (failed before: they were not counted at all)', () => {
    const ended = NOW - min(120);
    const scl = (id: string, st: SyncLead['status']) => ({
      lead: lead(id, { kind: 'second_chance', status: st, endedAt: iso(ended), queueName: 'Service', campaignName: 'Radio' }),
      calls: [],
      history: [status(NOW - min(5), 'new', st)],
    });
    new LeadStore(db).applyPull(
      { reset: false, cursor: 9, scope: { accountIds: ['acc-n'], kinds: ['abandoned', 'second_chance'] }, leads: [scl('s1', 'reviewed_not_a_lead'), scl('s2', 'lead_not_following_up'), scl('s3', 'resolved'), scl('s4', 'new')] },
      actor,
      new Date(NOW),
    );
    const [tile] = new LeadQueries(db).tiles(DAY_START, NOW, { sclColdDays: 3 });
    expect(tile).toMatchObject({ open: 1, recoveredToday: 1, dismissedToday: 2 });
  });
});
