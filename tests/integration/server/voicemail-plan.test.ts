import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import { newSid } from '../../../server/demo/simulated-carrier';
import { BACKENDS } from '../../support/backends';
import { startTestServer, type Desk, type TestServer } from '../../support/test-server';

/*
 * Issue 20 item 1, the voicemail plan: admins set per account the caller ID callbacks show, the
 * callback number agents leave, and whether a customer calling back is offered first to the agent
 * who left the voicemail (for a set time) or to anyone at once.
 */
describe.each(BACKENDS)('voicemail plan on $name', (backend) => {
  let t: TestServer;
  let admin: Desk;
  let ava: Desk;
  let ben: Desk;
  let m = 0;
  const plan = (over: Record<string, unknown> = {}) => ({ callerId: 'tracking', callbackNumber: null, callbackRouting: 'any_agent', originalAgentSeconds: 60, ...over });
  const save = (desk: Desk, accountId: string, over: Record<string, unknown> = {}) => desk.request('PUT', `/api/admin/voicemail-plans/${accountId}`, plan(over));

  beforeAll(async () => {
    t = await startTestServer(backend, { acwMinutes: 2, callSpeed: 100 });
    await t.db.query('update account_settings set callback_start_minute = 0, callback_end_minute = 1440');
    admin = await t.signIn('admin@rebound.example');
    ava = await t.signIn('ava@northside.example');
    ben = await t.signIn('ben@rebound.example');
  });
  afterAll(() => t?.close());

  async function leadFor(phone: string) {
    await t.carrier.abandon({ from: phone, to: DEMO_NUMBERS.northRadio, queueSeconds: 40 });
    return (await t.db.query<{ id: string }>("select id from leads where phone = $1 and kind = 'abandoned'", [phone]))[0]!.id;
  }

  it('is set by those with Phone settings, for their own accounts, with a caller ID among the account’s numbers', async () => {
    expect((await save(ava, 'acc-north')).status).toBe(403);
    const foreign = await save(admin, 'acc-north', { callerId: DEMO_NUMBERS.southTv });
    expect(foreign.status).toBe(409);
    expect(foreign.json.message).toContain('own numbers');
    expect((await save(admin, 'acc-north', { originalAgentSeconds: 5, callbackRouting: 'original_agent' })).status).toBe(400);
    expect((await save(admin, 'acc-north', { callbackNumber: '312-555' })).status).toBe(400);
    const ok = await save(admin, 'acc-north', { callerId: DEMO_NUMBERS.northWeb, callbackNumber: '+13125550100' });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ accountId: 'acc-north', callerId: DEMO_NUMBERS.northWeb, callbackNumber: '+13125550100' });
    const list = await admin.request('GET', '/api/admin/voicemail-plans');
    expect(list.json.find((p: { accountId: string }) => p.accountId === 'acc-north').numbers.map((n: { e164: string }) => n.e164)).toContain(DEMO_NUMBERS.northWeb);
    // The desks of the account carry the callback number to leave.
    const session = await ava.request('GET', '/api/session');
    expect(session.json.accountSettings.find((a: { accountId: string }) => a.accountId === 'acc-north').callbackNumber).toBe('+13125550100');
  });

  it('callbacks show the caller ID the plan chose', async () => {
    await save(admin, 'acc-north', { callerId: DEMO_NUMBERS.northWeb });
    const leadId = await leadFor('+13125558720'); // …7xx never answers
    const socket = await ava.socket();
    const r = await ava.request('POST', '/api/voice/simulated/calls', { leadId });
    expect(r.status).toBe(200);
    const closed = await socket.nextVoice((e) => e.type === 'progress' && e.callSid === r.json.callSid && e.state === 'closed');
    expect(closed).toMatchObject({ callerId: DEMO_NUMBERS.northWeb });
    await save(admin, 'acc-north', { callerId: 'tracking' });
    const again = await ava.request('POST', '/api/voice/simulated/calls', { leadId });
    expect(await socket.nextVoice((e) => e.type === 'progress' && e.callSid === again.json.callSid && e.state === 'closed')).toMatchObject({ callerId: DEMO_NUMBERS.northRadio });
    socket.close();
  });

  it('with "original agent", the customer calling back is offered to the agent who left the voicemail first, then to anyone', async () => {
    await save(admin, 'acc-north', { callbackRouting: 'original_agent', originalAgentSeconds: 10 });
    const phone = '+13125558910';
    const leadId = await leadFor(phone);
    const left = await ava.push([{ id: ++m, name: 'setStatus', args: { leadId, to: 'follow_up_needed', note: 'Left a voicemail.', voicemail: true } }]);
    expect(left.results[0]!.status).toBe('applied');

    const avaSocket = await ava.socket();
    const benSocket = await ben.socket();
    const sid = newSid('CA');
    await t.carrier.ring(sid, { from: phone, to: DEMO_NUMBERS.northRadio, queueSeconds: 0 });
    const offer = await avaSocket.nextVoice((e) => e.type === 'offer' && e.callSid === sid);
    expect(offer).toMatchObject({ from: phone });
    expect(offer.type === 'offer' && offer.reservedUntil).toBeTruthy();
    // Ben is not offered the caller yet, and cannot take them.
    await new Promise((r) => setTimeout(r, 500));
    expect(benSocket.voice.some((e) => e.type === 'offer' && e.callSid === sid)).toBe(false);
    const taken = await ben.request('POST', `/api/voice/simulated/offers/${sid}/answer`);
    expect(taken.status).toBe(409);
    expect(taken.json.message).toContain('offered to them first');
    // A desk of Ben's that connects now is not offered them either.
    const late = await ben.socket();
    await new Promise((r) => setTimeout(r, 300));
    expect(late.voice.filter((e) => e.type === 'offer' && e.callSid === sid)).toEqual([]);
    late.close();

    // Ten seconds on, everyone may take the caller.
    const toAll = await benSocket.nextVoice((e) => e.type === 'offer' && e.callSid === sid, 15_000);
    expect(toAll.type === 'offer' && toAll.reservedUntil).toBeFalsy();
    expect((await ben.request('POST', `/api/voice/simulated/offers/${sid}/answer`)).status).toBe(200);
    await ben.request('POST', `/api/voice/simulated/calls/${sid}/hang-up`);
    await benSocket.nextVoice((e) => e.type === 'progress' && e.callSid === sid && e.state === 'closed');
    avaSocket.close();
    benSocket.close();
  });

  it('with "any agent", the same call-back is offered to everyone at once', async () => {
    await save(admin, 'acc-north', { callbackRouting: 'any_agent' });
    const phone = '+13125558911';
    const leadId = await leadFor(phone);
    await ava.push([{ id: ++m, name: 'setStatus', args: { leadId, to: 'follow_up_needed', voicemail: true } }]);
    const benSocket = await ben.socket();
    const sid = newSid('CA');
    await t.carrier.ring(sid, { from: phone, to: DEMO_NUMBERS.northRadio, queueSeconds: 0 });
    const offer = await benSocket.nextVoice((e) => e.type === 'offer' && e.callSid === sid, 3000);
    expect(offer.type === 'offer' && offer.reservedUntil).toBeFalsy();
    expect((await ben.request('POST', `/api/voice/simulated/offers/${sid}/answer`)).status).toBe(200);
    benSocket.close();
  });
});
