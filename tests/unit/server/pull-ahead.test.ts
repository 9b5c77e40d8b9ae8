import { describe, expect, it } from 'vitest';
import type { PullResponse } from '../../../shared';
import type { Principal } from '../../../server/auth/principal';
import { PullAhead } from '../../../server/sync/pull-ahead';

const ben: Principal = {
  userId: 'u-ben', userName: 'Ben', email: 'ben@example.com', permissions: new Set(['followups.all'] as never[]),
  accounts: [{ id: 'acc-north', name: 'North' }, { id: 'acc-south', name: 'South' }], kinds: ['abandoned', 'second_chance'],
};

/** A server with 12 changes, read 5 at a time; every read is recorded with the scope it read under. */
function server() {
  const reads: { cursor: number; limit: number; accounts: string[] }[] = [];
  const failing = new Set<number>();
  const read = async (p: Principal, cursor: number, limit: number): Promise<PullResponse> => {
    reads.push({ cursor, limit, accounts: p.accounts.map((a) => a.id) });
    if (failing.has(reads.length)) throw new Error('database went away');
    const end = Math.min(cursor + limit, 12);
    return {
      reset: false, cursor: end, hasMore: end < 12, scope: { accountIds: p.accounts.map((a) => a.id), kinds: p.kinds }, jobTypes: [],
      session: null as never,
      leads: Array.from({ length: end - cursor }, (_, i) => ({ lead: { id: `lead-${cursor + i + 1}` } }) as never),
    };
  };
  return { reads, read, failRead: (n: number) => failing.add(n) };
}

const ids = (page: PullResponse) => page.leads.map((l) => l.lead.id);

describe('the next page of a catch-up, read while the desk stores this one', () => {
  it('is read as soon as this page is answered, and answers the desk without a second read', async () => {
    const s = server();
    const ahead = new PullAhead(s.read);
    const first = await ahead.pull(ben, 'desk-1', 0, 2, 5);
    expect(ids(first)).toEqual(['lead-1', 'lead-2']);
    // The desk has not asked yet; the server is already reading what it will ask for.
    expect(s.reads.map((r) => [r.cursor, r.limit])).toEqual([[0, 2], [2, 5]]);
    const second = await ahead.pull(ben, 'desk-1', 2, 5, 5);
    expect(ids(second)).toEqual(['lead-3', 'lead-4', 'lead-5', 'lead-6', 'lead-7']);
    const third = await ahead.pull(ben, 'desk-1', 7, 5, 5);
    expect(ids(third)).toEqual(['lead-8', 'lead-9', 'lead-10', 'lead-11', 'lead-12']);
    // Each page read once; nothing read beyond the last page, and nothing left waiting.
    expect(s.reads.map((r) => r.cursor)).toEqual([0, 2, 7]);
    expect(ahead.waiting).toBe(0);
  });

  it('is never handed to a user whose accounts changed meanwhile: it is read again under the new scope', async () => {
    const s = server();
    const ahead = new PullAhead(s.read);
    await ahead.pull(ben, 'desk-1', 0, 2, 5);
    const narrowed = { ...ben, accounts: [{ id: 'acc-north', name: 'North' }] };
    const page = await ahead.pull(narrowed, 'desk-1', 2, 5);
    expect(page.scope.accountIds).toEqual(['acc-north']);
    expect(s.reads.at(-1)).toEqual({ cursor: 2, limit: 5, accounts: ['acc-north'] });
  });

  it('is only for the desk that asked, and only while it is fresh', async () => {
    const s = server();
    let now = 0;
    const ahead = new PullAhead(s.read, () => now);
    await ahead.pull(ben, 'desk-1', 0, 2, 5);
    await ahead.pull(ben, 'desk-2', 2, 5);
    expect(s.reads).toHaveLength(3); // another desk of the same user reads its own
    await ahead.pull(ben, 'desk-3', 0, 2, 5);
    now = 60_000;
    await ahead.pull(ben, 'desk-3', 2, 5);
    expect(s.reads).toHaveLength(6); // a minute later the prepared page is gone and read again
  });

  it('reads again when preparing failed, so the desk gets an answer of its own', async () => {
    const s = server();
    s.failRead(2); // the read made ahead of the desk's second request
    const ahead = new PullAhead(s.read);
    await ahead.pull(ben, 'desk-1', 0, 2, 5);
    const second = await ahead.pull(ben, 'desk-1', 2, 5);
    expect(ids(second)).toEqual(['lead-3', 'lead-4', 'lead-5', 'lead-6', 'lead-7']);
    expect(s.reads.map((r) => r.cursor)).toEqual([0, 2, 2]);
  });
});
