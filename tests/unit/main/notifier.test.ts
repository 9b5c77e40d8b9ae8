import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Notifier } from '../../../main/notifications/notifier';

const created = (i: number, kind: 'abandoned' | 'second_chance' = 'abandoned', accountId = 'acc-north') => ({ leadId: `l${i}`, kind, accountId, customer: `Caller ${i}` });

describe('in-app notifications', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('announces a single new lead at once, naming the caller', () => {
    const seen: string[] = [];
    const n = new Notifier((x) => seen.push(x.title), () => true, () => new Date(), 2000);
    n.onCreated([created(1)]);
    expect(seen).toEqual(['New abandoned call from Caller 1']);
  });

  it('names a caller without a name by their number as people write it, never raw E.164', () => {
    const seen: string[] = [];
    const n = new Notifier((x) => seen.push(x.title), () => true, () => new Date(), 2000);
    n.onCreated([{ ...created(1), customer: '+14045553108' }]);
    expect(seen).toEqual(['New abandoned call from (404) 555-3108']);
  });

  it('gathers a spike into one count per queue instead of flooding', () => {
    const seen: { title: string; count: number }[] = [];
    const n = new Notifier((x) => seen.push({ title: x.title, count: x.count }), () => true, () => new Date(), 2000);
    for (let i = 0; i < 13; i++) n.onCreated([created(i)]);
    n.onCreated([created(99, 'second_chance')]);
    expect(seen.map((s) => s.title)).toEqual(['New abandoned call from Caller 0', 'New second chance lead from Caller 99']);
    vi.advanceTimersByTime(2000);
    expect(seen.at(-1)).toEqual({ title: '12 new abandoned calls', count: 12 });
    vi.advanceTimersByTime(10_000);
    expect(seen).toHaveLength(3);
  });

  it('tells nobody about a queue they may not work', () => {
    const seen: string[] = [];
    const n = new Notifier((x) => seen.push(x.title), (kind, acc) => kind === 'abandoned' && acc === 'acc-north', () => new Date(), 2000);
    n.onCreated([created(1, 'second_chance'), created(2, 'abandoned', 'acc-south')]);
    vi.advanceTimersByTime(5000);
    expect(seen).toEqual([]);
  });
});
