import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CALL_TYPES,
  deriveTab,
  matchesFilters,
  STATUSES_BY_KIND,
  REASON_FILTER_VALUES,
  UNBOOKED_REASONS,
  type FilterSet,
  type SyncLead,
  type Tab,
  type TabSettings,
} from '../../../shared';
import { LeadStore } from '../../../main/cache/lead-store';
import { openCache, type CacheDb } from '../../../main/cache/open-cache';
import { LeadQueries } from '../../../main/queries/lead-queries';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const settings: TabSettings = { sclColdDays: 2 };
/** Accounts with Cold Leads days of their own: each lead turns Cold by its own account's. */
const perAccount: TabSettings = { sclColdDays: 1, sclColdDaysByAccount: { 'acc-a': 2, 'acc-b': 1, 'acc-c': 3 } };
const settingsArb = fc.constantFrom(settings, perAccount);
const actor = { userId: 'u-ben', userName: 'Ben Ortiz' };
const ACCOUNTS = ['acc-a', 'acc-b', 'acc-c'];
const QUEUES = ['q-1', 'q-2'];
const CAMPAIGNS = ['c-1', 'c-2', 'c-3'];
const AGENTS = ['u-1', 'u-2'];
const NAMES = ['Dana Whitfield', 'Pat Lee', 'Morgan Hale', null];

const leadArb = (i: number) =>
  fc.record({
    kind: fc.constantFrom('abandoned' as const, 'second_chance' as const),
    statusPick: fc.nat(5),
    // Ages cluster on the boundaries that matter: filter edges and the Cold thresholds (1 and 2 days).
    ageMinutes: fc.oneof(fc.constantFrom(0, 1, 59, 60, 61, 1439, 1440, 1441, 2879, 2880, 2881, 4319, 4320, 4321), fc.integer({ min: 0, max: 5 * 24 * 60 })),
    ageOffsetMs: fc.constantFrom(0, 1, 17_000, 59_999),
    duration: fc.integer({ min: 0, max: 600 }),
    account: fc.constantFrom(...ACCOUNTS),
    name: fc.constantFrom(...NAMES),
    phoneTail: fc.integer({ min: 1000, max: 9999 }),
    queue: fc.option(fc.constantFrom(...QUEUES)),
    campaign: fc.option(fc.constantFrom(...CAMPAIGNS)),
    callType: fc.option(fc.constantFrom(...CALL_TYPES)),
    reason: fc.option(fc.constantFrom(...UNBOOKED_REASONS)),
    agent: fc.option(fc.constantFrom(...AGENTS)),
    notes: fc.constantFrom('', 'Wants a furnace quote', 'call after 5pm'),
  }).map((r): SyncLead => {
    const statuses = STATUSES_BY_KIND[r.kind];
    return {
      id: `lead-${i}`,
      kind: r.kind,
      status: statuses[r.statusPick % statuses.length]!,
      accountId: r.account,
      accountName: r.account.toUpperCase(),
      customerName: r.name,
      phone: `+1312555${r.phoneTail}`,
      queueId: r.queue,
      queueName: r.queue,
      campaignId: r.campaign,
      campaignName: r.campaign,
      endedAt: new Date(NOW - r.ageMinutes * 60_000 - r.ageOffsetMs).toISOString(),
      durationSeconds: r.duration,
      attempts: 1,
      callType: r.callType,
      reason: r.reason,
      agentId: r.agent,
      agentName: r.agent,
      notes: r.notes,
      claim: null,
      version: i + 1,
    };
  });

const leadsArb = fc.integer({ min: 0, max: 60 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => leadArb(i))));

const edge = fc.oneof(fc.constantFrom(0, 1, 59, 60, 61, 1439, 1440, 1441, 2880), fc.nat(4000));
const range = fc.option(fc.record({ min: fc.option(edge, { nil: undefined }), max: fc.option(edge, { nil: undefined }) }), { nil: undefined })
  .filter((r) => r === undefined || ((r.min !== undefined || r.max !== undefined) && (r.min === undefined || r.max === undefined || r.min <= r.max)));
const subset = <T,>(xs: readonly T[]) => fc.option(fc.subarray([...xs], { minLength: 1 }), { nil: undefined });
// Three characters or more go through the text index; shorter ones, and a quote, must agree too.
const text = fc.option(fc.constantFrom('dana', 'LEE', '555', '312', 'furnace', 'zzz', '(312) 555', 'pa', 'e', '55', 'le"', ' quote'), { nil: undefined });

const filterArb: fc.Arbitrary<FilterSet> = fc.oneof(
  fc.record({ status: subset(STATUSES_BY_KIND.abandoned), age: range, duration: range, account: subset(ACCOUNTS), customer: text, queue: subset(QUEUES), campaign: subset(CAMPAIGNS) }, { requiredKeys: [] })
    .map((filters) => ({ kind: 'abandoned' as const, filters: JSON.parse(JSON.stringify(filters)) })),
  fc.record({ status: subset(STATUSES_BY_KIND.second_chance), notes: text, age: range, account: subset(ACCOUNTS), customer: text, type: subset(CALL_TYPES), reason: subset(REASON_FILTER_VALUES), agent: subset(AGENTS) }, { requiredKeys: [] })
    .map((filters) => ({ kind: 'second_chance' as const, filters: JSON.parse(JSON.stringify(filters)) })),
);

describe('desk queries against the shared filter and tab rules', () => {
  let db: CacheDb;
  beforeEach(() => {
    db = openCache(':memory:');
  });
  afterEach(() => db.close());

  /** The cache holds exactly these leads (a reset pull: every row before is gone). */
  function load(leads: SyncLead[], store = new LeadStore(db)) {
    store.applyPull({ leads: leads.map((lead) => ({ lead, calls: [], history: [] })), cursor: leads.length, reset: true, scope: { accountIds: ACCOUNTS, kinds: ['abandoned', 'second_chance'] } }, actor);
  }

  it('returns exactly the rows the reference rules select, for any filters and tab', () => {
    const q = new LeadQueries(db);
    fc.assert(
      fc.property(leadsArb, filterArb, fc.constantFrom<Tab>('open', 'cold', 'done'), settingsArb, (leads, set, tab, settings) => {
        load(leads);
        const expected = leads
          .filter((l) => l.kind === set.kind)
          .filter((l) => matchesFilters(set, { ...l, endedAtMs: Date.parse(l.endedAt) }, NOW))
          .filter((l) => deriveTab({ kind: l.kind, status: l.status, endedAtMs: Date.parse(l.endedAt), accountId: l.accountId }, NOW, settings) === tab)
          .map((l) => l.id)
          .sort();
        const got = q.list({ tab, filterSet: set, sort: { column: 'age', direction: 'asc' }, offset: 0, limit: 500 }, NOW, settings);
        expect(got.rows.map((r) => r.id).sort()).toEqual(expected);
        expect(got.total).toBe(expected.length);
        const counts = q.counts(set, NOW, settings);
        expect(counts[tab]).toBe(expected.length);
      }),
      { numRuns: 500 },
    );
  });

  const SORTS = ['age', 'customer', 'duration', 'account', 'status', 'queue', 'campaign', 'type', 'reason', 'agent', 'attempts'] as const;
  const sortKey = (l: SyncLead, column: (typeof SORTS)[number]): string | number | null =>
    ({
      age: -Date.parse(l.endedAt), customer: (l.customerName ?? l.phone).toLowerCase(), duration: l.durationSeconds, account: l.accountName,
      status: l.status, queue: l.queueName, campaign: l.campaignName, type: l.callType, reason: l.reason, agent: l.agentName, attempts: l.attempts,
    })[column];

  it('pages through any filter, tab and sort in order, whichever way it reaches the rows, and keeps counts right as the clock moves and rows change', () => {
    const store = new LeadStore(db);
    const q = new LeadQueries(db, () => store.revision, null, (r) => store.writtenSince(r));
    const reference = new LeadQueries(db);
    fc.assert(
      // No filter at all is the commonest screen, and takes its own path (the per-status tally).
      fc.property(leadsArb, leadsArb, fc.oneof(filterArb, fc.constantFrom<FilterSet>({ kind: 'abandoned', filters: {} }, { kind: 'second_chance', filters: {} })), fc.constantFrom<Tab>('open', 'cold', 'done'), fc.constantFrom(...SORTS), fc.boolean(), fc.integer({ min: 0, max: 3 * 86_400_000 }), settingsArb,
        (leads, changed, set, tab, column, asc, later, settings) => {
          load(leads, store);
          // The same ids again with other values: the update path of the cache's triggers.
          store.applyPull({ leads: changed.map((lead) => ({ lead, calls: [], history: [] })), cursor: 1, reset: false, scope: { accountIds: ACCOUNTS, kinds: ['abandoned', 'second_chance'] } }, actor);
          const now = [...new Map([...leads, ...changed].map((l) => [l.id, l])).values()];
          const expected = now
            .filter((l) => l.kind === set.kind && matchesFilters(set, { ...l, endedAtMs: Date.parse(l.endedAt) }, NOW))
            .filter((l) => deriveTab({ kind: l.kind, status: l.status, endedAtMs: Date.parse(l.endedAt), accountId: l.accountId }, NOW, settings) === tab);
          const pages: SyncLead[] = [];
          for (let offset = 0; offset <= expected.length; offset += 7) {
            pages.push(...q.list({ tab, filterSet: set, sort: { column, direction: asc ? 'asc' : 'desc' }, offset, limit: 7 }, NOW, settings).rows);
          }
          expect(pages.map((r) => r.id).sort()).toEqual(expected.map((l) => l.id).sort());
          const keys = pages.map((l) => sortKey(l, column));
          const inOrder = keys.every((k, i) => i === 0 || cmp(keys[i - 1]!, k) * (asc ? 1 : -1) <= 0);
          expect(inOrder, `sorted by ${column} ${asc ? 'asc' : 'desc'}: ${JSON.stringify(keys)}`).toBe(true);
          expect(q.counts(set, NOW, settings)[tab]).toBe(expected.length);
          // Counts carried from the earlier clock reading equal counts made afresh at the later one.
          expect(q.counts(set, NOW + later, settings)).toEqual(reference.counts(set, NOW + later, settings));
        }),
      { numRuns: 300 },
    );
  });

  it("tells two accounts' queues of one name apart in the Queue filter, and leaves a name used once as it is", () => {
    const q = new LeadQueries(db, () => 0);
    const base = fc.sample(leadArb(0), 1)[0]!;
    const lead = (id: string, accountId: string, queueId: string, queueName: string): SyncLead => ({
      ...base, id, kind: 'abandoned', accountId, accountName: accountId === 'acc-a' ? 'Northside Plumbing' : 'Southside Heating & Air', queueId, queueName,
    });
    load([lead('l1', 'acc-a', 'q-north-service', 'Service'), lead('l2', 'acc-b', 'q-south-service', 'Service'), lead('l3', 'acc-a', 'q-sales', 'Sales'), lead('l4', 'acc-a', 'q-north-service', 'Service')]);
    expect(q.filterOptions('abandoned').queues).toEqual([
      { id: 'q-sales', name: 'Sales' },
      { id: 'q-north-service', name: 'Service · Northside Plumbing' },
      { id: 'q-south-service', name: 'Service · Southside Heating & Air' },
    ]);
  });

  it('finds a lead by the name an offline edit gave it, before the server has heard of the edit', () => {
    const store = new LeadStore(db);
    const q = new LeadQueries(db, () => store.revision, (id) => store.localState(id, actor)?.lead ?? null);
    const base = fc.sample(leadArb(0), 1)[0]!;
    load([{ ...base, id: 'nameless', kind: 'abandoned', status: 'new', customerName: null, endedAt: new Date(NOW - 60_000).toISOString() }]);
    const find = () => q.list({ tab: 'done', filterSet: { kind: 'abandoned', filters: { customer: 'Quinn' } }, sort: { column: 'age', direction: 'asc' }, offset: 0, limit: 10 }, NOW, settings);
    expect(find().total).toBe(0);
    const booked = store.enqueue(
      { name: 'bookJob', args: { leadId: 'nameless', jobId: '5b0c6f0e-8a51-4c47-9d0a-7f7e8e3c2b11', jobTypeId: 'jt-1', windowStart: new Date(NOW + 3_600_000).toISOString(), windowEnd: new Date(NOW + 7_200_000).toISOString(), customerName: 'Riley Quinn', address: '1 Main St' } },
      actor,
      new Date(NOW),
    );
    expect(booked.ok).toBe(true);
    expect(find().rows.map((r) => [r.id, r.customerName, r.pending])).toEqual([['nameless', 'Riley Quinn', true]]);
  });

  it('keeps a text filter exact through syncs that change, add and purge leads, looking again only at the leads written', () => {
    const store = new LeadStore(db);
    const q = new LeadQueries(db, () => store.revision, null, (r) => store.writtenSince(r));
    const base = fc.sample(leadArb(0), 1)[0]!;
    const scl = (id: string, notes: string, accountId = ACCOUNTS[0]!): SyncLead => ({ ...base, id, kind: 'second_chance', status: 'new', accountId, notes, endedAt: new Date(NOW - 60_000).toISOString() });
    const pull = (leads: SyncLead[], accountIds = ACCOUNTS) => store.applyPull({ leads: leads.map((lead) => ({ lead, calls: [], history: [] })), cursor: 1, reset: false, scope: { accountIds, kinds: ['abandoned', 'second_chance'] } }, actor);
    const quoted = () => q.list({ tab: 'open', filterSet: { kind: 'second_chance', filters: { notes: 'quote' } }, sort: { column: 'age', direction: 'asc' }, offset: 0, limit: 50 }, NOW, settings).rows.map((r) => r.id).sort();
    pull([scl('a', 'wants a quote'), scl('b', 'call back after 5'), scl('c', 'QUOTE for a new unit', ACCOUNTS[1]!)]);
    expect(quoted()).toEqual(['a', 'c']);
    pull([scl('a', 'booked already'), scl('b', 'asked for a quote by email')]); // one loses the word, one gains it
    expect(quoted()).toEqual(['b', 'c']);
    pull([scl('d', 'Quote, then call')]); // a new lead
    expect(quoted()).toEqual(['b', 'c', 'd']);
    pull([], [ACCOUNTS[0]!]); // the second account left the user's scope: its lead is purged
    expect(quoted()).toEqual(['b', 'd']);
    // A purged lead's place taken by a new lead without the word is not matched by the old row's hit.
    pull([scl('e', 'no match here'), scl('f', 'no match either')], [ACCOUNTS[0]!]);
    expect(quoted()).toEqual(['b', 'd']);
    // A change the store did not record (here, a revision moved by hand) finds all matches afresh.
    db.prepare("update leads set notes = 'a quote after all' where id = 'e'").run();
    db.prepare("insert into lead_text (rowid, name, phone, notes) select rowid, '', phone, notes from leads where id = 'e'").run();
    store.revision++;
    expect(quoted()).toEqual(['b', 'd', 'e']);
  });

  it('treats the age filter as inclusive whole minutes and turns New abandoned calls Cold only past 24 h', () => {
    const q = new LeadQueries(db);
    const base = fc.sample(leadArb(0), 1)[0]!;
    const at = (id: string, ms: number, status: SyncLead['status'] = 'new') => ({ ...base, id, kind: 'abandoned' as const, status, endedAt: new Date(NOW - ms).toISOString() });
    load([at('60m', 60 * 60_000), at('60m59s', 61 * 60_000 - 1), at('61m', 61 * 60_000), at('59m59s', 60 * 60_000 - 1), at('24h', 24 * 3_600_000), at('24h+1ms', 24 * 3_600_000 + 1)]);
    const ids = (tab: Tab, age: { min?: number; max?: number }) =>
      q.list({ tab, filterSet: { kind: 'abandoned', filters: { age } }, sort: { column: 'age', direction: 'asc' }, offset: 0, limit: 50 }, NOW, settings).rows.map((r) => r.id);
    expect(ids('open', { min: 60, max: 60 })).toEqual(['60m', '60m59s']);
    expect(ids('open', { min: 61 })).toEqual(['61m', '24h']);
    expect(ids('cold', { min: 0 })).toEqual(['24h+1ms']);
  });

  it('turns each Second Chance Lead Cold by its own account’s Cold Leads days, not the smallest of the user’s accounts', () => {
    const q = new LeadQueries(db);
    const base = fc.sample(leadArb(0), 1)[0]!;
    const scl = (id: string, accountId: string, days: number) => ({ ...base, id, kind: 'second_chance' as const, status: 'new' as const, accountId, endedAt: new Date(NOW - days * 86_400_000 - 60_000).toISOString() });
    // North keeps Cold for 7 days, South after 2: a lead 3 days old is Open in North and Cold in South.
    load([scl('north-3d', 'acc-a', 3), scl('south-3d', 'acc-b', 3), scl('north-8d', 'acc-a', 8)]);
    const mixed: TabSettings = { sclColdDays: 2, sclColdDaysByAccount: { 'acc-a': 7, 'acc-b': 2 } };
    const ids = (tab: Tab) => q.list({ tab, filterSet: { kind: 'second_chance', filters: {} }, sort: { column: 'age', direction: 'asc' }, offset: 0, limit: 50 }, NOW, mixed).rows.map((r) => r.id);
    expect(ids('open')).toEqual(['north-3d']);
    expect(ids('cold')).toEqual(['south-3d', 'north-8d']);
    expect(q.counts({ kind: 'second_chance', filters: {} }, NOW, mixed)).toEqual({ open: 1, cold: 2, done: 0 });
    const [tile] = q.tiles(NOW - 86_400_000, NOW, mixed).filter((t) => t.accountId === 'acc-a');
    expect(tile).toMatchObject({ open: 1, cold: 1 });
  });

  it('sorts by age, youngest first, and pages without overlap', () => {
    const q = new LeadQueries(db);
    const leads = fc.sample(leadArb(0), 1)[0]!;
    const many = Array.from({ length: 25 }, (_, i) => ({ ...leads, id: `l-${i}`, kind: 'abandoned' as const, status: 'contact_attempted' as const, endedAt: new Date(NOW - i * 60_000).toISOString() }));
    load(many);
    const page = (offset: number) => q.list({ tab: 'open', filterSet: { kind: 'abandoned', filters: {} }, sort: { column: 'age', direction: 'asc' }, offset, limit: 10 }, NOW, settings).rows.map((r) => r.id);
    expect([...page(0), ...page(10), ...page(20)]).toEqual(many.map((l) => l.id));
  });
});

/** SQLite's order: NULL first, numbers by value, text by code unit. */
function cmp(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
