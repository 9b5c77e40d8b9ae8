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
const booked = (at: number, jobId: string): AuditEvent => ({ at: iso(at), actor: who, action: 'booked', from: null, to: jobId, why: null });

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
          { lead: lead('d', { status: 'resolved', endedAt: iso(ended) }), calls: [], history: [status(ended + 180_000, 'new', 'contact_attempted'), booked(NOW - min(10), 'job-d'), status(NOW - min(10), 'contact_attempted', 'resolved')] },
          { lead: lead('e', { status: 'dismissed', endedAt: iso(ended) }), calls: [], history: [status(NOW - min(5), 'new', 'dismissed')] },
          // Yesterday's work does not count today.
          { lead: lead('f', { status: 'resolved', endedAt: iso(DAY_START - 86_400_000) }), calls: [], history: [status(DAY_START - min(60), 'new', 'contact_attempted'), status(DAY_START - min(30), 'contact_attempted', 'resolved')] },
          { lead: lead('g', { queueName: 'Sales', campaignName: null }), calls: [], history: [] },
        ],
      },
      actor,
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
      openSecondChance: 0,
      coldSecondChance: 0,
      oldestOpenEndedAt: iso(ended),
      medianSpeedToLeadSeconds: 120, // 60 s and 180 s
      recoveredToday: 1,
      resolvedWithoutJobToday: 0,
      dismissedToday: 1,
      repeatWaiting: 0,
      speedTargetMinutes: 5,
      // c (1 min) and d (3 min) reached within 5 min; a has waited 2 h unreached.
      inTargetToday: 2,
      missedTargetToday: 1,
      waitingPastTarget: 1,
      speedState: 'red',
    });
    expect(tiles.find((t) => t.queueName === 'Sales')).toMatchObject({ open: 1, campaignName: null, medianSpeedToLeadSeconds: null });
  });

  it('counts both Second Chance dismissals as dismissed today, never as recovered, and a Resolved without a job apart (#20 item 3)', () => {
    const ended = NOW - min(120);
    const scl = (id: string, st: SyncLead['status']) => ({
      lead: lead(id, { kind: 'second_chance', status: st, endedAt: iso(ended), queueName: 'Service', campaignName: 'Radio' }),
      calls: [],
      history: [status(NOW - min(5), 'new', st)],
    });
    new LeadStore(db).applyPull(
      { reset: false, cursor: 9, scope: { accountIds: ['acc-n'], kinds: ['abandoned', 'second_chance'] }, leads: [scl('s1', 'reviewed_not_a_lead'), scl('s2', 'lead_not_following_up'), scl('s3', 'resolved'), scl('s4', 'new')] },
      actor,
    );
    const [tile] = new LeadQueries(db).tiles(DAY_START, NOW, { sclColdDays: 3 });
    expect(tile).toMatchObject({ open: 1, recoveredToday: 0, resolvedWithoutJobToday: 1, dismissedToday: 2 });
  });

  it('says how many of a tile’s Open and Cold are Second Chance Leads, as the two lists count them apart', () => {
    const days = (n: number) => iso(NOW - n * 86_400_000);
    new LeadStore(db).applyPull(
      {
        reset: false,
        cursor: 9,
        scope: { accountIds: ['acc-n'], kinds: ['abandoned', 'second_chance'] },
        leads: [
          { lead: lead('a1', {}), calls: [], history: [] },
          { lead: lead('a2', {}), calls: [], history: [] },
          { lead: lead('a3', { endedAt: days(2) }), calls: [], history: [] }, // abandoned: Cold after a day
          { lead: lead('s1', { kind: 'second_chance' }), calls: [], history: [] },
          { lead: lead('s2', { kind: 'second_chance', endedAt: days(4) }), calls: [], history: [] }, // SCL: Cold after 3 days
          { lead: lead('s3', { kind: 'second_chance', endedAt: days(5) }), calls: [], history: [] },
        ],
      },
      actor,
    );
    const [tile] = new LeadQueries(db).tiles(DAY_START, NOW, { sclColdDays: 3 });
    expect(tile).toMatchObject({ open: 3, openSecondChance: 1, cold: 3, coldSecondChance: 2 });
  });

  it('a job the field-service system cancelled no longer counts as a recovery (#20 item 3)', () => {
    const ended = NOW - min(60);
    const cancelled: AuditEvent = { at: iso(NOW - min(5)), actor: { kind: 'system', id: 'field-service', name: 'Field service' }, action: 'job_cancelled', from: null, to: 'job-x', why: null };
    new LeadStore(db).applyPull(
      {
        reset: false, cursor: 9, scope: { accountIds: ['acc-n'], kinds: ['abandoned', 'second_chance'] },
        leads: [
          { lead: lead('x', { status: 'resolved', endedAt: iso(ended) }), calls: [], history: [booked(NOW - min(30), 'job-x'), status(NOW - min(30), 'new', 'resolved'), cancelled] },
          { lead: lead('y', { status: 'resolved', endedAt: iso(ended) }), calls: [], history: [booked(NOW - min(30), 'job-y'), status(NOW - min(30), 'new', 'resolved')] },
        ],
      },
      actor,
    );
    const [tile] = new LeadQueries(db).tiles(DAY_START, NOW, { sclColdDays: 3 });
    expect(tile).toMatchObject({ recoveredToday: 1, resolvedWithoutJobToday: 1 });
  });

  it('shows repeat callers waiting, and today’s share reached within the account’s speed target, red while one waits past it and amber after', () => {
    const scl = (id: string, over: Partial<SyncLead>, history: AuditEvent[] = []) => ({ lead: lead(id, over), calls: [], history });
    const store = new LeadStore(db);
    store.applyPull(
      {
        reset: false, cursor: 9, scope: { accountIds: ['acc-n'], kinds: ['abandoned', 'second_chance'] },
        leads: [
          // Reached 3 min after the call: within a 5-minute target.
          scl('fast', { status: 'contact_attempted', endedAt: iso(NOW - min(60)), attempts: 3 }, [status(NOW - min(57), 'new', 'contact_attempted')]),
          // Reached 9 min after: late.
          scl('slow', { status: 'contact_attempted', endedAt: iso(NOW - min(60)) }, [status(NOW - min(51), 'new', 'contact_attempted')]),
          // Waiting 8 min, never reached: past the target now.
          scl('waiting', { endedAt: iso(NOW - min(8)), attempts: 2 }),
          // Waiting 2 min: still within the target, not counted either way.
          scl('fresh', { endedAt: iso(NOW - min(2)) }),
          // A repeat caller already resolved is not waiting.
          scl('done', { status: 'resolved', endedAt: iso(NOW - min(30)), attempts: 4 }, [status(NOW - min(20), 'new', 'resolved')]),
        ],
      },
      actor,
    );
    const q = new LeadQueries(db);
    const [tile] = q.tiles(DAY_START, NOW, { sclColdDays: 3 }, new Map([['acc-n', 5]]));
    expect(tile).toMatchObject({ repeatWaiting: 2, speedTargetMinutes: 5, inTargetToday: 1, missedTargetToday: 2, waitingPastTarget: 1, speedState: 'red' });
    // With a 10-minute target the late one was on time and nobody waits past it.
    expect(q.tiles(DAY_START, NOW, { sclColdDays: 3 }, new Map([['acc-n', 10]]))[0]).toMatchObject({ inTargetToday: 2, missedTargetToday: 0, waitingPastTarget: 0, speedState: 'ok' });
    // Once the waiting caller is reached (late), the breach is over but the day was not on target: amber.
    store.applyPull({ reset: false, cursor: 10, scope: { accountIds: ['acc-n'], kinds: ['abandoned', 'second_chance'] }, leads: [scl('waiting', { status: 'contact_attempted', endedAt: iso(NOW - min(8)), attempts: 2, version: 2 }, [status(NOW - min(1), 'new', 'contact_attempted')])] }, actor);
    expect(q.tiles(DAY_START, NOW, { sclColdDays: 3 }, new Map([['acc-n', 5]]))[0]).toMatchObject({ inTargetToday: 1, missedTargetToday: 2, waitingPastTarget: 0, speedState: 'amber' });
  });
});
