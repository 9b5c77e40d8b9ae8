import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDeskTick } from '../../../server/demo/demo-desk-work';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import { BACKENDS } from '../../support/backends';
import { startTestServer, type Desk, type TestServer } from '../../support/test-server';

describe.each(BACKENDS)('demo CSRs at work on $name', (backend) => {
  let t: TestServer;
  let ben: Desk;
  beforeAll(async () => {
    t = await startTestServer(backend);
    ben = await t.signIn('ben@rebound.example');
  });
  afterAll(() => t?.close());

  it('leave alone a lead the person trying the demo has claimed, and work the next one', async () => {
    // More open leads than the demo desk keeps (8), oldest first, ended ten minutes ago.
    const phones = Array.from({ length: 10 }, (_, i) => `+1312555${String(7100 + i)}`);
    t.clock.advanceMinutes(-10);
    for (const from of phones) {
      await t.carrier.abandon({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 20 });
      t.clock.advance(1000);
    }
    t.clock.advance(10 * 60_000 - phones.length * 1000);
    const idOf = async (phone: string) => (await t.db.query<{ id: string }>('select id from leads where phone = $1', [phone]))[0]!.id;
    const oldest = await idOf(phones[0]!);
    const next = await idOf(phones[1]!);
    const claimed = await ben.push([{ id: 1, name: 'claim', args: { leadId: oldest } }]);
    expect(claimed.results[0]!.status).toBe('applied');

    await demoDeskTick(t.db, t.url, () => {})();

    const state = async (id: string) => (await t.db.query<{ status: string; claim_user_id: string | null }>('select status, claim_user_id from leads where id = $1', [id]))[0]!;
    expect(await state(oldest)).toEqual({ status: 'new', claim_user_id: 'u-ben' });
    expect((await state(next)).status).toBe('contact_attempted');
    const history = async (id: string) => t.db.query<{ actor_name: string }>("select actor_name from audit_events where lead_id = $1 and action = 'status'", [id]);
    expect(await history(oldest)).toEqual([]);
    // The demo desk is a person of its own, never a sign-in the README offers to try the demo with.
    expect(await history(next)).toEqual([{ actor_name: 'Dana Reyes' }]);
    // As many as are open beyond the 8 a busy desk leaves (10 − 8), so the queues keep up with
    // the demo's calls; the rest wait.
    expect((await state(await idOf(phones[2]!))).status).toBe('contact_attempted');
    expect((await state(await idOf(phones[3]!))).status).toBe('new');
  });

  it('leave alone a lead that is only minutes old, and one the person trying the demo has just worked', async () => {
    // Older leads beyond the 8 a busy desk leaves, so the desk has room to work.
    const phones = Array.from({ length: 12 }, (_, i) => `+1312555${String(7200 + i)}`);
    t.clock.advanceMinutes(-10);
    for (const from of phones.slice(0, 10)) {
      await t.carrier.abandon({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 20 });
      t.clock.advance(1000);
    }
    t.clock.advance(10 * 60_000 - 10_000);
    // Two just now: the newest leads are the newcomer's to try.
    for (const from of phones.slice(10)) await t.carrier.abandon({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 20 });
    const idOf = async (phone: string) => (await t.db.query<{ id: string }>('select id from leads where phone = $1', [phone]))[0]!.id;
    // Ben works the oldest without a claim (a status from the drawer), then leaves it.
    const worked = await idOf(phones[0]!);
    const set = await ben.push([{ id: 2, name: 'setStatus', args: { leadId: worked, to: 'contact_attempted' } }]);
    expect(set.results[0]!.status).toBe('applied');
    // And only writes a note on the next.
    const noted = await ben.push([{ id: 3, name: 'addNote', args: { leadId: await idOf(phones[1]!), text: 'Left a message with the front desk.' } }]);
    expect(noted.results[0]!.status).toBe('applied');

    // Enough rounds to reach these past what the first test left open.
    const tick = demoDeskTick(t.db, t.url, () => {});
    for (let round = 0; round < 15; round++) await tick();

    const dana = async (phone: string) =>
      (await t.db.query<{ n: unknown }>("select count(*) as n from audit_events a join leads l on l.id = a.lead_id where l.phone = $1 and a.actor_name = 'Dana Reyes'", [phone]))[0]!.n;
    expect(Number(await dana(phones[0]!))).toBe(0);
    expect(Number(await dana(phones[1]!))).toBe(0);
    expect(Number(await dana(phones[10]!))).toBe(0);
    expect(Number(await dana(phones[11]!))).toBe(0);
    // The others older than a few minutes were worked.
    expect(Number(await dana(phones[2]!))).toBeGreaterThan(0);
  });
});
