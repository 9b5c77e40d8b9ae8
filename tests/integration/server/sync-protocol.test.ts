import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import { BACKENDS } from '../../support/backends';
import { startTestServer, type Desk, type TestServer } from '../../support/test-server';

let n = 0;
const caller = () => `+1312555${String(4000 + ++n).padStart(4, '0')}`;

describe.each(BACKENDS)('sync protocol on $name', (backend) => {
  let t: TestServer;
  let ben: Desk;

  beforeAll(async () => {
    t = await startTestServer(backend);
    ben = await t.signIn('ben@rebound.example');
  });
  afterAll(() => t?.close());

  async function newLead(): Promise<string> {
    const from = caller();
    await t.carrier.abandon({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 25 });
    ben.cursor = 0;
    return (await ben.pullAll()).find((l) => l.lead.phone === from)!.lead.id;
  }

  it('pulls only what changed after the cursor', async () => {
    await ben.pullAll();
    const from = caller();
    await t.carrier.abandon({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 25 });
    const page = await ben.pull();
    expect(page.leads.map((l) => l.lead.phone)).toEqual([from]);
    expect((await ben.pull()).leads).toEqual([]);
  });

  it.each([
    ['page by page', {}],
    ['with the next page read while the desk stores this one', { nextLimit: 3 }],
  ])('pages a long catch-up without losing or repeating a lead (%s)', async (_, ahead) => {
    const phones = Array.from({ length: 7 }, caller);
    for (const from of phones) await t.carrier.abandon({ from, to: DEMO_NUMBERS.northWeb, queueSeconds: 5 });
    ben.cursor = 0;
    const seen: string[] = [];
    for (;;) {
      const r = await ben.request('POST', '/api/sync/pull', { clientId: ben.clientId, cursor: ben.cursor, limit: 3, ...ahead });
      seen.push(...r.json.leads.map((l: { lead: { id: string } }) => l.lead.id));
      ben.cursor = r.json.cursor;
      if (!r.json.hasMore) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    const ids = (await t.db.query<{ id: string }>("select id from leads where account_id in ('acc-north','acc-south')")).map((r) => r.id);
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it('tells a desk whose cursor is from another database to start over', async () => {
    const r = await ben.pull(10_000_000);
    expect(r.reset).toBe(true);
  });

  it('applies a mutation pushed twice exactly once', async () => {
    const id = await newLead();
    const m = { id: 1, name: 'addNote' as const, args: { leadId: id, text: 'Left a voicemail, expect a call on the main line' } };
    const first = await ben.push([m]);
    const again = await ben.push([m]);
    expect(first.results[0]!.status).toBe('applied');
    expect(again.results[0]!.status).toBe('duplicate');
    const notes = await t.db.query('select * from lead_notes where lead_id = $1', [id]);
    expect(notes).toHaveLength(1);
  });

  it('refuses a disallowed transition with the reason and the authoritative row', async () => {
    const id = await newLead();
    const r = await ben.push([
      { id: 10, name: 'setStatus', args: { leadId: id, to: 'dismissed' } },
      { id: 11, name: 'setStatus', args: { leadId: id, to: 'reviewed_not_a_lead' } },
      { id: 12, name: 'setStatus', args: { leadId: id, to: 'dismissed' } },
    ]);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'refused', 'refused']);
    expect(r.results[1]!.error).toBe('Reviewed - not a lead is not a status of this queue.');
    expect(r.results[2]!.error).toBe('The lead is already Dismissed.');
    expect(r.results[2]!.lead!.status).toBe('dismissed');
  });

  it('records who changed what in the history', async () => {
    const id = await newLead();
    await ben.push([{ id: 20, name: 'setStatus', args: { leadId: id, to: 'follow_up_needed', note: 'Voicemail: gave the main line' } }]);
    ben.cursor = 0;
    const detail = (await ben.pullAll()).find((l) => l.lead.id === id)!;
    expect(detail.history.at(-1)).toMatchObject({ action: 'status', from: 'new', to: 'follow_up_needed', actor: { kind: 'user', name: 'Ben Ortiz' }, why: 'Voicemail: gave the main line' });
  });

  it('lets two desks edit at once: notes both land, the status follows the state machine', async () => {
    const id = await newLead();
    const cora = await t.signIn('ben@rebound.example');
    const [a, b] = await Promise.all([
      ben.push([
        { id: 30, name: 'addNote', args: { leadId: id, text: 'from desk A' } },
        { id: 31, name: 'setStatus', args: { leadId: id, to: 'resolved' } },
      ]),
      cora.push([
        { id: 1, name: 'addNote', args: { leadId: id, text: 'from desk B' } },
        { id: 2, name: 'setStatus', args: { leadId: id, to: 'resolved' } },
      ]),
    ]);
    const statuses = [a.results[1]!.status, b.results[1]!.status].sort();
    expect(statuses).toEqual(['applied', 'refused']);
    const notes = await t.db.query<{ text: string }>('select text from lead_notes where lead_id = $1 order by text', [id]);
    expect(notes.map((x) => x.text)).toEqual(['from desk A', 'from desk B']);
  });

  it('books a job and resolves the lead in one step, only with the account’s own job types', async () => {
    const id = await newLead();
    const tomorrow = t.clock.now().getTime() + 86_400_000;
    const window = { windowStart: new Date(tomorrow).toISOString(), windowEnd: new Date(tomorrow + 7_200_000).toISOString() };
    const foreign = await ben.push([{ id: 32, name: 'bookJob', args: { leadId: id, jobId: '7f0c6c1e-5a8e-4a43-9d2a-0b0f3c1b2a10', jobTypeId: 'jt-south-tuneup', customerName: 'Dana', address: '1 Main St', ...window } }]);
    expect(foreign.results[0]).toMatchObject({ status: 'refused', error: 'That job type is not offered by this account.' });
    const booked = await ben.push([{ id: 33, name: 'bookJob', args: { leadId: id, jobId: '7f0c6c1e-5a8e-4a43-9d2a-0b0f3c1b2a11', jobTypeId: 'jt-north-drain', customerName: 'Dana Whitfield', address: '12 Elm St, Chicago', ...window } }]);
    expect(booked.results[0]).toMatchObject({ status: 'applied', lead: { status: 'resolved' } });
    const jobs = await t.db.query<{ customer_name: string; job_type_id: string }>('select customer_name, job_type_id from jobs where lead_id = $1', [id]);
    expect(jobs).toEqual([{ customer_name: 'Dana Whitfield', job_type_id: 'jt-north-drain' }]);
    ben.cursor = 0;
    const detail = (await ben.pullAll()).find((l) => l.lead.id === id)!;
    expect(detail.history.slice(-2).map((h) => h.action)).toEqual(['booked', 'status']);
    // The history says when, in the account's zone, as people write it (no ISO text).
    expect(detail.history.at(-2)!.why).toMatch(/^Booked Drain cleaning for [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M – \d{1,2}:\d\d [AP]M CT\.$/);
    const inverted = await ben.request('POST', '/api/sync/push', { clientId: ben.clientId, mutations: [{ id: 34, name: 'bookJob', args: { leadId: id, jobId: '7f0c6c1e-5a8e-4a43-9d2a-0b0f3c1b2a12', jobTypeId: 'jt-north-drain', customerName: 'D', address: 'A', windowStart: window.windowEnd, windowEnd: window.windowStart } }] });
    expect(inverted.status).toBe(400);
    expect(inverted.json.message).toMatch(/must end after it starts/);
    // A window that has already begun (a typo, a past year) is refused, and nothing is booked.
    const fresh = await newLead();
    const past = await ben.push([{ id: 35, name: 'bookJob', args: { leadId: fresh, jobId: '7f0c6c1e-5a8e-4a43-9d2a-0b0f3c1b2a09', jobTypeId: 'jt-north-drain', customerName: 'Dana', address: '1 Main St', windowStart: '2020-05-01T14:00:00.000Z', windowEnd: '2020-05-01T16:00:00.000Z' } }]);
    expect(past.results[0]).toMatchObject({ status: 'refused', error: 'The appointment window must start in the future.' });
    expect(await t.db.query('select 1 from jobs where lead_id = $1', [fresh])).toEqual([]);
  });

  it('lets only one desk hold a claim at a time, until it expires', async () => {
    const id = await newLead();
    const other = await t.signIn('sam@rebound.example');
    expect((await ben.push([{ id: 40, name: 'claim', args: { leadId: id } }])).results[0]!.lead!.claim!.userName).toBe('Ben Ortiz');
    const refused = await other.push([{ id: 1, name: 'claim', args: { leadId: id } }]);
    expect(refused.results[0]).toMatchObject({ status: 'refused', error: 'Ben Ortiz is working this lead right now.' });
    t.clock.advanceMinutes(6);
    expect((await other.push([{ id: 2, name: 'claim', args: { leadId: id } }])).results[0]!.status).toBe('applied');
  });

  it('pokes a connected desk within a second of a new abandoned call, with enough to notify', async () => {
    const sock = await ben.socket();
    const from = caller();
    const started = Date.now();
    const next = sock.next();
    await t.carrier.abandon({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 25, callerName: 'PAT LEE' });
    const poke = await next;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(poke.created).toEqual([expect.objectContaining({ kind: 'abandoned', accountId: 'acc-north', customer: 'PAT LEE' })]);
    sock.close();
  });

  it('refuses a bad push body with 400 and a reason, and an unknown token with 401', async () => {
    const r = await ben.request('POST', '/api/sync/push', { clientId: ben.clientId, mutations: [{ id: 0, name: 'explode', args: {} }] });
    expect(r.status).toBe(400);
    expect(r.json.message).toMatch(/mutations/);
    const nul = await ben.request('POST', '/api/sync/push', { clientId: ben.clientId, mutations: [{ id: 99, name: 'addNote', args: { leadId: 'x', text: 'a\u0000b' } }] });
    expect(nul.status).toBe(400);
    expect(nul.json.message).toMatch(/NUL/);
    const anon = await fetch(`${t.url}/api/sync/pull`, { method: 'POST', headers: { authorization: 'Bearer nope', 'content-type': 'application/json' }, body: '{}' });
    expect(anon.status).toBe(401);
  });
});
