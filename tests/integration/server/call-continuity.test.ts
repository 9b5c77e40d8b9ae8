import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import { newSid } from '../../../server/demo/simulated-carrier';
import { BACKENDS } from '../../support/backends';
import { startTestServer, type TestServer } from '../../support/test-server';

const CONTINUITY = '+13125550777';
let n = 0;
const caller = () => `+1312555${String(7000 + ++n).padStart(4, '0')}`;

/*
 * Call Continuity: a number's forwarding number takes the calls routing cannot put through to
 * anyone, and those calls are forwarded — by us — so never abandoned; while a carrier's own
 * forwarding (ForwardedFrom) says nothing about that.
 */
describe.each(BACKENDS)('Call Continuity forwarding on $name', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
    // Set before any call reaches these numbers, so no route is cached without it.
    await t.db.query('update tracking_numbers set forwarding_e164 = $1 where e164 = any($2::text[])', [CONTINUITY, [DEMO_NUMBERS.northUnrouted, DEMO_NUMBERS.northWeb]]);
  });
  afterAll(() => t?.close());

  async function leadsOf(phone: string) {
    return t.db.query<{ id: string }>('select id from leads where phone = $1', [phone]);
  }
  async function callOf(sid: string) {
    const [c] = await t.db.query<{ forwarded: boolean; queue_id: string | null; report_type: string | null }>('select forwarded, queue_id, report_type from calls where call_sid = $1', [sid]);
    return c;
  }
  const ring = (sid: string, from: string, to: string, extra: Record<string, string> = {}) =>
    t.carrier.post('/twilio/voice/incoming', { CallSid: sid, AccountSid: t.carrier.accountSid, From: from, To: to, CallStatus: 'ringing', Direction: 'inbound', ...extra });

  it('forwards a call to a number with no active routing workflow, instead of disconnecting it, and never files it', async () => {
    const from = caller();
    const sid = newSid('CA');
    const r = await ring(sid, from, DEMO_NUMBERS.northUnrouted);
    expect(r.status).toBe(200);
    expect(r.body).toContain(`<Dial>${CONTINUITY}</Dial>`);
    expect(r.body).not.toContain('<Hangup');
    await t.carrier.post('/twilio/voice/status', { CallSid: sid, AccountSid: t.carrier.accountSid, From: from, To: DEMO_NUMBERS.northUnrouted, CallStatus: 'completed', CallDuration: '40' });
    expect(await callOf(sid)).toMatchObject({ forwarded: true, queue_id: null, report_type: null });
    expect(await leadsOf(from)).toEqual([]);
  });

  it('forwards when the number routes to a queue but no agent who may take its callers is signed in', async () => {
    const from = caller();
    const sid = newSid('CA');
    const r = await ring(sid, from, DEMO_NUMBERS.northWeb);
    expect(r.body).toContain(`<Dial>${CONTINUITY}</Dial>`);
    expect(r.body).not.toContain('<Enqueue');
    // Even an Enqueue action arriving for it (a retry, a misrouted callback) cannot make it abandoned.
    await t.carrier.post('/twilio/voice/enqueue-action', { CallSid: sid, AccountSid: t.carrier.accountSid, From: from, To: DEMO_NUMBERS.northWeb, QueueResult: 'hangup', QueueTime: '5' });
    expect(await callOf(sid)).toMatchObject({ forwarded: true });
    expect(await leadsOf(from)).toEqual([]);
  });

  it('queues the caller as usual when an agent is signed in, and files the one who hangs up in queue', async () => {
    const ben = await t.signIn('ben@rebound.example');
    const socket = await ben.socket();
    try {
      const from = caller();
      const sid = await t.carrier.abandon({ from, to: DEMO_NUMBERS.northWeb, queueSeconds: 25 });
      expect(await callOf(sid)).toMatchObject({ forwarded: false, report_type: 'abandoned' });
      expect(await leadsOf(from)).toHaveLength(1);
    } finally {
      socket.close();
    }
  });

  it('still disconnects an unrouted number that has no forwarding number', async () => {
    await t.db.query('update tracking_numbers set forwarding_e164 = null where e164 = $1', [DEMO_NUMBERS.northUnrouted]);
    await new Promise((r) => setTimeout(r, 200)); // the route cache empties on the NOTIFY
    const r = await ring(newSid('CA'), caller(), DEMO_NUMBERS.northUnrouted);
    expect(r.body).toContain('<Hangup/>');
  });

  it('a carrier-forwarded caller (ForwardedFrom) who hangs up in queue is abandoned, not forwarded', async () => {
    const ben = await t.signIn('ben@rebound.example');
    const socket = await ben.socket();
    try {
      const from = caller();
      const sid = await t.carrier.abandon({ from, to: DEMO_NUMBERS.northWeb, queueSeconds: 30, forwardedFrom: '+13125550111' });
      expect(await callOf(sid)).toMatchObject({ forwarded: false, report_type: 'abandoned' });
      expect(await leadsOf(from)).toHaveLength(1);
    } finally {
      socket.close();
    }
  });

  it('ignores a routing flag put in the webhook URL: only the server decides a call was forwarded', async () => {
    const ben = await t.signIn('ben@rebound.example');
    const socket = await ben.socket();
    try {
      const from = caller();
      const sid = newSid('CA');
      const common = { CallSid: sid, AccountSid: t.carrier.accountSid, From: from, To: DEMO_NUMBERS.northWeb, Direction: 'inbound' };
      const r = await t.carrier.post('/twilio/voice/incoming?reboundForwarded=1&voiceAgent=1', { ...common, CallStatus: 'ringing' });
      expect(r.body).toContain('<Enqueue');
      await t.carrier.post('/twilio/voice/enqueue-action', { ...common, QueueResult: 'hangup', QueueTime: '9' });
      expect(await callOf(sid)).toMatchObject({ forwarded: false, report_type: 'abandoned' });
    } finally {
      socket.close();
    }
  });
});
