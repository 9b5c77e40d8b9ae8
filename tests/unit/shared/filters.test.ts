import { describe, expect, it } from 'vitest';
import {
  FILTER_COLUMNS,
  filterSetSchema,
  matchesFilters,
  parseFilters,
  serializeFilters,
  type FilterableLead,
  type FilterSet,
} from '../../../shared';

const now = Date.UTC(2026, 10, 26, 12, 0, 0);
const lead: FilterableLead = {
  status: 'new',
  endedAtMs: now - 90 * 60_000,
  durationSeconds: 75,
  accountId: 'acc-north',
  customerName: 'Dana Whitfield',
  phone: '+14155550134',
  queueId: 'q-service',
  campaignId: 'cmp-radio',
  notes: 'Asked about a furnace tune-up price',
  callType: 'unbooked',
  reason: 'price_shopping',
  agentId: 'u-ava',
};

function abandoned(filters: Extract<FilterSet, { kind: 'abandoned' }>['filters']): FilterSet {
  return { kind: 'abandoned', filters };
}
function scl(filters: Extract<FilterSet, { kind: 'second_chance' }>['filters']): FilterSet {
  return { kind: 'second_chance', filters };
}
const hit = (set: FilterSet, row: Partial<FilterableLead> = {}) =>
  matchesFilters(set, { ...lead, ...row }, now);

describe('filter columns', () => {
  it('offers every column the workflow names, per screen', () => {
    expect(FILTER_COLUMNS.abandoned).toEqual(['status', 'age', 'duration', 'account', 'customer', 'queue', 'campaign']);
    expect(FILTER_COLUMNS.second_chance).toEqual(['status', 'notes', 'age', 'account', 'customer', 'type', 'reason', 'agent']);
  });

  it('matches everything with no filters', () => {
    expect(hit(abandoned({}))).toBe(true);
    expect(hit(scl({}))).toBe(true);
  });

  it('filters by status', () => {
    expect(hit(abandoned({ status: ['new', 'follow_up_needed'] }))).toBe(true);
    expect(hit(abandoned({ status: ['resolved'] }))).toBe(false);
  });

  it('filters by age in minutes since the call ended, inclusive', () => {
    expect(hit(abandoned({ age: { min: 90 } }))).toBe(true);
    expect(hit(abandoned({ age: { min: 91 } }))).toBe(false);
    expect(hit(abandoned({ age: { max: 90 } }))).toBe(true);
    expect(hit(scl({ age: { max: 89 } }))).toBe(false);
  });

  it('filters abandoned calls by duration', () => {
    expect(hit(abandoned({ duration: { min: 60, max: 120 } }))).toBe(true);
    expect(hit(abandoned({ duration: { max: 74 } }))).toBe(false);
  });

  it('filters by account, queue and campaign', () => {
    expect(hit(abandoned({ account: ['acc-north', 'acc-south'] }))).toBe(true);
    expect(hit(abandoned({ account: ['acc-south'] }))).toBe(false);
    expect(hit(abandoned({ queue: ['q-service'] }))).toBe(true);
    expect(hit(abandoned({ queue: ['q-sales'] }))).toBe(false);
    expect(hit(abandoned({ campaign: ['cmp-radio'] }))).toBe(true);
    expect(hit(abandoned({ campaign: ['cmp-radio'] }), { campaignId: null })).toBe(false);
  });

  it('matches customer by name or by phone digits', () => {
    expect(hit(abandoned({ customer: 'whit' }))).toBe(true);
    expect(hit(abandoned({ customer: '(415) 555' }))).toBe(true);
    expect(hit(abandoned({ customer: '0134' }))).toBe(true);
    expect(hit(abandoned({ customer: '9999' }))).toBe(false);
    expect(hit(abandoned({ customer: 'nobody' }))).toBe(false);
    expect(hit(abandoned({ customer: 'dana' }), { customerName: null })).toBe(false);
  });

  it('filters second chance leads by notes, type, reason and agent', () => {
    expect(hit(scl({ notes: 'FURNACE' }))).toBe(true);
    expect(hit(scl({ notes: 'boiler' }))).toBe(false);
    expect(hit(scl({ type: ['unbooked', 'short'] }))).toBe(true);
    expect(hit(scl({ type: ['short'] }))).toBe(false);
    expect(hit(scl({ reason: ['price_shopping'] }))).toBe(true);
    expect(hit(scl({ reason: ['no_availability'] }))).toBe(false);
    // "Not classified" picks the leads no reason was given for, alone or with reasons.
    expect(hit(scl({ reason: ['not_classified'] }))).toBe(false);
    expect(hit(scl({ reason: ['not_classified'] }), { reason: null })).toBe(true);
    expect(hit(scl({ reason: ['no_availability', 'not_classified'] }), { reason: null })).toBe(true);
    expect(hit(scl({ reason: ['no_availability', 'not_classified'] }))).toBe(false);
    expect(hit(scl({ reason: ['price_shopping', 'not_classified'] }))).toBe(true);
    expect(hit(scl({ agent: ['u-ava'] }))).toBe(true);
    expect(hit(scl({ agent: ['u-ben'] }))).toBe(false);
  });

  it('combines filters with AND', () => {
    const set = abandoned({ account: ['acc-north'], campaign: ['cmp-radio'], status: ['new'] });
    expect(hit(set)).toBe(true);
    expect(hit(set, { status: 'resolved' })).toBe(false);
    expect(hit(set, { campaignId: 'cmp-tv' })).toBe(false);
  });
});

describe('filter validation and serialisation', () => {
  it('round-trips and is stable whatever the key or value order', () => {
    const a = abandoned({ status: ['new', 'contact_attempted'], account: ['b', 'a'], age: { max: 60 } });
    const b = abandoned({ age: { max: 60 }, account: ['a', 'b'], status: ['contact_attempted', 'new'] });
    expect(serializeFilters(a)).toBe(serializeFilters(b));
    const parsed = parseFilters(serializeFilters(a));
    expect(parsed.ok && matchesFilters(parsed.value, lead, now)).toBe(false);
    expect(parsed.ok && parsed.value.kind).toBe('abandoned');
  });

  it('refuses a column the screen does not have', () => {
    const r = parseFilters(JSON.stringify({ kind: 'abandoned', filters: { agent: ['u-ava'] } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/agent/);
  });

  it('refuses a status the screen does not have', () => {
    const r = filterSetSchema.safeParse({ kind: 'abandoned', filters: { status: ['reviewed_not_a_lead'] } });
    expect(r.success).toBe(false);
  });

  it('refuses an empty or inverted range with a clear message', () => {
    const inverted = parseFilters(JSON.stringify({ kind: 'abandoned', filters: { duration: { min: 90, max: 10 } } }));
    expect(inverted).toEqual({ ok: false, error: 'The lowest duration in seconds is above the highest.' });
    const empty = parseFilters(JSON.stringify({ kind: 'second_chance', filters: { age: {} } }));
    expect(empty.ok).toBe(false);
  });

  it('refuses blank text, empty lists and text that is not JSON', () => {
    expect(parseFilters(JSON.stringify({ kind: 'second_chance', filters: { notes: '   ' } })).ok).toBe(false);
    expect(parseFilters(JSON.stringify({ kind: 'abandoned', filters: { account: [] } })).ok).toBe(false);
    expect(parseFilters('{not json')).toEqual({ ok: false, error: 'The saved filters are not readable (not JSON).' });
  });
});
