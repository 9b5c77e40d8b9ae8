import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import { newSid } from '../../../server/demo/simulated-carrier';
import { signTwilioRequest } from '../../../server/telephony/signature';
import { BACKENDS } from '../../support/backends';
import { startTestServer, TEST_AUTH_TOKEN, type Desk, type TestServer } from '../../support/test-server';

let n = 0;
/** A fresh, valid US number per test so tests in one file never share a caller. */
const caller = () => `+1312555${String(2000 + ++n).padStart(4, '0')}`;

describe.each(BACKENDS)('telephony ingest on $name', (backend) => {
  let t: TestServer;
  let ben: Desk;

  beforeAll(async () => {
    t = await startTestServer(backend);
    ben = await t.signIn('ben@rebound.example');
  });
  afterAll(() => t?.close());

  async function leadsFor(phone: string) {
    return (await ben.pullAll()).filter((l) => l.lead.phone === phone);
  }
  async function allLeadsFor(phone: string) {
    ben.cursor = 0;
    return leadsFor(phone);
  }
  async function count(table: string) {
    const [r] = await t.db.query<{ n: unknown }>(`select count(*) as n from ${table}`);
    return Number(r!.n);
  }

  describe('signatures', () => {
    const params = () => ({ CallSid: newSid('CA'), AccountSid: newSid('AC'), From: caller(), To: DEMO_NUMBERS.northRadio, CallStatus: 'ringing', Direction: 'inbound' });

    it('accepts a correctly signed webhook and answers with TwiML that enqueues the caller', async () => {
      const r = await t.carrier.post('/twilio/voice/incoming', params());
      expect(r.status).toBe(200);
      expect(r.body).toContain('<Enqueue');
      expect(r.body).toContain('q-north-service');
    });

    it('refuses an unsigned, a tampered and a wrongly keyed request with 403 and writes nothing', async () => {
      const before = await count('calls');
      const p = params();
      expect((await t.carrier.post('/twilio/voice/incoming', p, { signature: '' })).status).toBe(403);
      const good = signTwilioRequest(TEST_AUTH_TOKEN, `${t.url}/twilio/voice/incoming`, p);
      expect((await t.carrier.post('/twilio/voice/incoming', { ...p, From: '+13125559999' }, { signature: good })).status).toBe(403);
      const otherKey = signTwilioRequest('not-our-token', `${t.url}/twilio/voice/incoming`, p);
      expect((await t.carrier.post('/twilio/voice/incoming', p, { signature: otherKey })).status).toBe(403);
      expect(await count('calls')).toBe(before);
    });

    it('rejects a well-signed request with malformed parameters with a 400 that names the field', async () => {
      const r = await t.carrier.post('/twilio/voice/enqueue-action', { ...params(), QueueResult: 'exploded' });
      expect(r.status).toBe(400);
      expect(r.body).toMatch(/QueueResult/);
    });

    it('disconnects a call to a number with no active routing workflow', async () => {
      const r = await t.carrier.post('/twilio/voice/incoming', { ...params(), To: DEMO_NUMBERS.northUnrouted });
      expect(r.status).toBe(200);
      expect(r.body).toContain('<Hangup/>');
      expect(r.body).not.toContain('<Enqueue');
    });
  });

  describe('abandoned calls', () => {
    it('files a caller who hung up in queue, tied to account, queue, campaign and customer', async () => {
      const from = caller();
      await t.carrier.abandon({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 47, callerName: 'DANA WHITFIELD' });
      const [detail] = await leadsFor(from);
      expect(detail?.lead).toMatchObject({
        kind: 'abandoned',
        status: 'new',
        accountId: 'acc-north',
        accountName: 'Northside Plumbing',
        queueName: 'Service',
        campaignName: 'Spring Radio',
        customerName: 'DANA WHITFIELD',
        durationSeconds: 47,
        attempts: 1,
      });
      expect(detail!.calls).toHaveLength(1);
      expect(detail!.calls[0]!.outcome).toBe('abandoned');
      expect(detail!.history[0]).toMatchObject({ action: 'created', actor: { kind: 'system' }, to: 'new' });
    });

    it('never files a voicemail', async () => {
      const vm = caller();
      await t.carrier.voicemail({ from: vm, to: DEMO_NUMBERS.northRadio, queueSeconds: 30, messageSeconds: 20 });
      expect(await allLeadsFor(vm)).toEqual([]);
    });

    it('files a carrier-forwarded caller who hangs up in queue: ForwardedFrom is the business forwarding its main line to us', async () => {
      const fwd = caller();
      await t.carrier.abandon({ from: fwd, to: DEMO_NUMBERS.northRadio, queueSeconds: 30, forwardedFrom: '+13125550111' });
      const leads = await allLeadsFor(fwd);
      expect(leads).toHaveLength(1);
      expect(leads[0]!.lead).toMatchObject({ kind: 'abandoned', status: 'new', durationSeconds: 30 });
    });

    it('collapses a repeat caller into one entry with every call listed', async () => {
      const from = caller();
      await t.carrier.abandon({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 20 });
      await t.carrier.abandon({ from, to: DEMO_NUMBERS.northWeb, queueSeconds: 65 });
      await t.carrier.abandon({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 12 });
      const leads = await allLeadsFor(from);
      expect(leads).toHaveLength(1);
      expect(leads[0]!.lead.attempts).toBe(3);
      expect(leads[0]!.calls).toHaveLength(3);
      expect(leads[0]!.history.map((h) => h.action)).toEqual(['created', 'call_joined', 'call_joined']);
    });

    it('keeps repeat callers apart across accounts', async () => {
      const from = caller();
      await t.carrier.abandon({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 20 });
      await t.carrier.abandon({ from, to: DEMO_NUMBERS.southTv, queueSeconds: 20 });
      const leads = await allLeadsFor(from);
      expect(leads.map((l) => l.lead.accountId).sort()).toEqual(['acc-north', 'acc-south']);
    });

    it('ignores a duplicate delivery of every webhook', async () => {
      const from = caller();
      const sid = await t.carrier.abandon({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 33 });
      const before = { leads: await count('leads'), changes: await count('changes'), audit: await count('audit_events') };
      const common = { CallSid: sid, AccountSid: t.carrier.accountSid, From: from, To: DEMO_NUMBERS.northRadio, Direction: 'inbound' };
      await t.carrier.post('/twilio/voice/incoming', { ...common, CallStatus: 'ringing' });
      await t.carrier.post('/twilio/voice/enqueue-action', { ...common, QueueResult: 'hangup', QueueTime: '33' });
      await t.carrier.post('/twilio/voice/status', { ...common, CallStatus: 'completed', CallDuration: '33' });
      await t.carrier.post('/twilio/voice/status', { ...common, CallStatus: 'ringing' });
      expect({ leads: await count('leads'), changes: await count('changes'), audit: await count('audit_events') }).toEqual(before);
      expect((await allLeadsFor(from))[0]!.lead.attempts).toBe(1);
    });

    it('files the call whatever order the status callback and the Enqueue action arrive in', async () => {
      const from = caller();
      const sid = newSid('CA');
      const common = { CallSid: sid, AccountSid: t.carrier.accountSid, From: from, To: DEMO_NUMBERS.northRadio, Direction: 'inbound' };
      expect((await t.carrier.post('/twilio/voice/status', { ...common, CallStatus: 'completed', CallDuration: '40' })).status).toBe(200);
      expect((await t.carrier.post('/twilio/voice/enqueue-action', { ...common, QueueResult: 'hangup', QueueTime: '40' })).status).toBe(200);
      expect((await t.carrier.post('/twilio/voice/incoming', { ...common, CallStatus: 'ringing' })).status).toBe(200);
      const leads = await allLeadsFor(from);
      expect(leads).toHaveLength(1);
      expect(leads[0]!.lead).toMatchObject({ accountId: 'acc-north', campaignName: 'Spring Radio' });
    });
  });

  describe('auto-resolve', () => {
    it('resolves an abandoned entry when the caller later talks to an agent for 45 s, naming the call', async () => {
      const from = caller();
      await t.carrier.abandon({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 30 });
      t.clock.advanceMinutes(10);
      const sid = await t.carrier.answer({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 90, talkSeconds: 45, agentId: 'u-ava' });
      const [detail] = await allLeadsFor(from);
      expect(detail!.lead.status).toBe('resolved');
      const last = detail!.history.at(-1)!;
      expect(last).toMatchObject({ action: 'status', from: 'new', to: 'resolved', actor: { kind: 'system' } });
      expect(last.why).toContain(sid);
      expect(last.why).toContain('talked to an agent for 0:45');
    });

    it('does not resolve after exactly 30 s of talk, nor count queue time as talk', async () => {
      const from = caller();
      await t.carrier.abandon({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 30 });
      t.clock.advanceMinutes(10);
      await t.carrier.answer({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 300, talkSeconds: 30, agentId: 'u-ava' });
      expect((await allLeadsFor(from))[0]!.lead.status).toBe('new');
    });

    it('resolves from an answered callback over 30 s, but not from a no-answer or a 20 s one', async () => {
      const from = caller();
      await t.carrier.abandon({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 30 });
      t.clock.advanceMinutes(5);
      await t.carrier.callback({ callerId: DEMO_NUMBERS.northRadio, customer: from, answered: false, talkSeconds: 0 });
      await t.carrier.callback({ callerId: DEMO_NUMBERS.northRadio, customer: from, answered: true, talkSeconds: 20 });
      expect((await allLeadsFor(from))[0]!.lead.status).toBe('new');
      await t.carrier.callback({ callerId: DEMO_NUMBERS.northRadio, customer: from, answered: true, talkSeconds: 45 });
      expect((await allLeadsFor(from))[0]!.lead.status).toBe('resolved');
    });

    it('does not resolve an entry in another account', async () => {
      const from = caller();
      await t.carrier.abandon({ from, to: DEMO_NUMBERS.southTv, queueSeconds: 30 });
      t.clock.advanceMinutes(5);
      await t.carrier.answer({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 5, talkSeconds: 120, agentId: 'u-ava' });
      expect((await allLeadsFor(from))[0]!.lead.status).toBe('new');
    });
  });
});
