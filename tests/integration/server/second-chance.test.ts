import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import { BACKENDS } from '../../support/backends';
import { startTestServer, type Desk, type TestServer } from '../../support/test-server';

let n = 0;
const caller = () => `+1312555${String(3000 + ++n).padStart(4, '0')}`;

describe.each(BACKENDS)('second chance leads on $name', (backend) => {
  let t: TestServer;
  let ben: Desk;
  let ava: Desk;

  beforeAll(async () => {
    t = await startTestServer(backend, { acwMinutes: 5 });
    ben = await t.signIn('ben@rebound.example');
    ava = await t.signIn('ava@northside.example');
  });
  afterAll(() => t?.close());

  async function sclFor(phone: string) {
    ben.cursor = 0;
    return (await ben.pullAll()).filter((l) => l.lead.phone === phone && l.lead.kind === 'second_chance');
  }

  it('flags an unclassified answered call only once the After Call Work Time has passed', async () => {
    const from = caller();
    await t.carrier.answer({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 10, talkSeconds: 140, agentId: 'u-ava' });
    t.clock.advanceMinutes(4);
    await t.server.sweep();
    expect(await sclFor(from)).toEqual([]);
    t.clock.advanceMinutes(2);
    await t.server.sweep();
    const [lead] = await sclFor(from);
    expect(lead?.lead).toMatchObject({ status: 'new', callType: 'unbooked', agentName: 'Ava Chen', accountId: 'acc-north', durationSeconds: 140 });
    expect(lead!.history[0]!.why).toMatch(/not classified within 5 minutes/);
  });

  it('says "1 minute" when the After Call Work Time is one minute', async () => {
    await t.db.query("update account_settings set acw_minutes = 1 where account_id = 'acc-north'");
    try {
      const from = caller();
      await t.carrier.answer({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 10, talkSeconds: 140, agentId: 'u-ava' });
      t.clock.advanceMinutes(2);
      await t.server.sweep();
      const [lead] = await sclFor(from);
      expect(lead!.history[0]!.why).toMatch(/not classified within 1 minute of after-call work/);
    } finally {
      await t.db.query("update account_settings set acw_minutes = 5 where account_id = 'acc-north'");
    }
  });

  it('carries the agent’s reason and notes from classification', async () => {
    const from = caller();
    const sid = await t.carrier.answer({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 10, talkSeconds: 95, agentId: 'u-ava' });
    const r = await ava.request('POST', `/api/calls/${sid}/classify`, { outcome: 'not_booked', reason: 'price_shopping', notes: 'Wants a quote for a water heater' });
    expect(r.status).toBe(200);
    t.clock.advanceMinutes(6);
    await t.server.sweep();
    const [lead] = await sclFor(from);
    expect(lead?.lead).toMatchObject({ reason: 'price_shopping', notes: 'Wants a quote for a water heater' });
  });

  it('leaves out calls marked not a lead, excused or booked', async () => {
    const phones: string[] = [];
    for (const outcome of ['not_a_lead', 'excused', 'booked'] as const) {
      const from = caller();
      phones.push(from);
      const sid = await t.carrier.answer({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 10, talkSeconds: 95, agentId: 'u-ava' });
      expect((await ava.request('POST', `/api/calls/${sid}/classify`, { outcome })).status).toBe(200);
    }
    t.clock.advanceMinutes(6);
    await t.server.sweep();
    for (const p of phones) expect(await sclFor(p)).toEqual([]);
  });

  it('refuses classification after the ACW time, and a not-booked without a reason', async () => {
    const sid = await t.carrier.answer({ from: caller(), to: DEMO_NUMBERS.northRadio, queueSeconds: 10, talkSeconds: 95, agentId: 'u-ava' });
    expect((await ava.request('POST', `/api/calls/${sid}/classify`, { outcome: 'not_booked' })).status).toBe(409);
    t.clock.advanceMinutes(6);
    await t.server.sweep();
    const late = await ava.request('POST', `/api/calls/${sid}/classify`, { outcome: 'not_a_lead' });
    expect(late.status).toBe(409);
    expect(late.json.message).toMatch(/after-call work time/);
  });

  it('flags nothing for an account with SCL turned off', async () => {
    const from = caller();
    await t.carrier.answer({ from, to: DEMO_NUMBERS.southTv, queueSeconds: 10, talkSeconds: 200, agentId: 'u-cora' });
    t.clock.advanceMinutes(60);
    await t.server.sweep();
    expect(await sclFor(from)).toEqual([]);
  });

  it('never flags an abandoned call as a second chance lead', async () => {
    const from = caller();
    await t.carrier.abandon({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 50 });
    t.clock.advanceMinutes(60);
    await t.server.sweep();
    expect(await sclFor(from)).toEqual([]);
  });
});

describe.each([...BACKENDS, { name: 'pglite-worker' as const }])('a long second chance sweep on $name', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend, { acwMinutes: 5 });
  });
  afterAll(() => t?.close());

  it('lets webhooks be stored while it runs, and still reviews every due call', async () => {
    // A day's answered calls all due at once (the server was down, or SCL just switched on).
    const ended = new Date(t.clock.now().getTime() - 10 * 60_000);
    await t.db.query(
      `insert into calls (call_sid, account_id, direction, from_e164, to_e164, customer_e164, queue_id, started_at, ended_at, answered, talk_seconds, agent_id)
       select 'CAbulk' || g, 'acc-north', 'inbound', p, $2, p, 'q-north-service', $1::timestamptz - interval '3 minutes', $1, true, 120, 'u-ava'
         from generate_series(1, 400) g, lateral (select '+1312777' || lpad(g::text, 4, '0') as p) x`,
      [ended, DEMO_NUMBERS.northRadio],
    );
    let swept = false;
    const sweeping = t.server.sweep().then((created) => {
      swept = true;
      return created;
    });
    await new Promise((r) => setTimeout(r, 20));
    const sid = `CA${'f'.repeat(32)}`;
    const r = await t.carrier.post('/twilio/voice/status', { CallSid: sid, AccountSid: t.carrier.accountSid, From: caller(), To: DEMO_NUMBERS.northRadio, Direction: 'inbound', CallStatus: 'completed', CallDuration: '0' });
    expect(r.status).toBe(200);
    // Acknowledged (stored) before the sweep ended: Twilio is never kept waiting on it.
    expect(swept).toBe(false);
    const created = await sweeping;
    expect(created.length).toBeGreaterThan(0);
    const [left] = await t.db.query<{ n: number }>("select count(*)::int as n from calls where call_sid like 'CAbulk%' and not scl_checked");
    expect(left!.n).toBe(0);
    const [scored] = await t.db.query<{ n: number }>("select count(*)::int as n from call_scores where call_sid like 'CAbulk%'");
    expect(scored!.n).toBe(400);
  });
});
