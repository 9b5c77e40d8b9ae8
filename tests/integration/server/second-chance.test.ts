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
