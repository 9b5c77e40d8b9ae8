import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterCallRefusal } from '../../../shared';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import { newSid } from '../../../server/demo/simulated-carrier';
import { identityFor } from '../../../server/voice/identity';
import { BACKENDS } from '../../support/backends';
import { startTestServer, type Desk, type TestServer } from '../../support/test-server';

const b64json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/** Waits until `read` returns something truthy (webhooks land through the inbox). */
async function eventually<T>(read: () => Promise<T>, timeoutMs = 5000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each(BACKENDS)('softphone server side on $name', (backend) => {
  let t: TestServer;
  let ava: Desk;
  let n = 0;
  // Simulated customers: the hundreds digit picks the behaviour, the last two the talk time.
  const number = (pattern: string) => `+1312555${String(++n)}${pattern}`;

  beforeAll(async () => {
    t = await startTestServer(backend, { acwMinutes: 2, callSpeed: 100 });
    ava = await t.signIn('ava@northside.example');
  });
  afterAll(() => t?.close());

  async function abandonedLead(phone: string) {
    await t.carrier.abandon({ from: phone, to: DEMO_NUMBERS.northRadio, queueSeconds: 40 });
    const [lead] = await t.db.query<{ id: string }>("select id from leads where phone = $1 and kind = 'abandoned'", [phone]);
    return lead!.id;
  }

  const leadState = async (id: string) =>
    (await t.db.query<{ status: string; resolved_by_call_sid: string | null }>('select status, resolved_by_call_sid from leads where id = $1', [id]))[0]!;

  it('mints a short-lived Voice token whose grants, identity and expiry Twilio would accept', async () => {
    const before = Math.floor(Date.now() / 1000);
    const r = await ava.request('POST', '/api/voice/token');
    expect(r.status).toBe(200);
    const [h, p, sig] = (r.json.token as string).split('.');
    const header = b64json(h!);
    const payload = b64json(p!);
    const creds = t.ctx.config.voice!;
    expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' });
    expect(payload.iss).toBe(creds.apiKeySid);
    expect(payload.sub).toBe(creds.accountSid);
    expect(payload.jti).toMatch(new RegExp(`^${creds.apiKeySid}-\\d+$`));
    expect(payload.grants).toEqual({ identity: identityFor('u-ava'), voice: { incoming: { allow: true }, outgoing: { application_sid: creds.twimlAppSid } } });
    expect(payload.exp - payload.iat).toBe(600);
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(Date.parse(r.json.expiresAt) / 1000).toBe(payload.exp);
    // Signed with the API key secret: a token altered by anyone else fails this check.
    const expected = createHmac('sha256', creds.apiKeySecret).update(`${h}.${p}`).digest('base64url');
    expect(sig).toBe(expected);
  });

  it('refuses a token to a user whose role places no calls', async () => {
    await t.db.query("insert into users (id, email, name, password_hash) select 'u-viewer', 'viewer@rebound.example', 'Vic Viewer', password_hash from users where id = 'u-ava' on conflict do nothing");
    await t.db.query("insert into user_accounts values ('u-viewer', 'acc-north') on conflict do nothing");
    const viewer = await t.signIn('viewer@rebound.example');
    expect((await viewer.request('POST', '/api/voice/token')).status).toBe(403);
  });

  it('answers the softphone’s outgoing call with <Dial callerId> to the lead’s number, from the number the customer called', async () => {
    const phone = number('010');
    const leadId = await abandonedLead(phone);
    const parent = newSid('CA');
    const from = `client:${identityFor('u-ava')}`;
    const r = await t.carrier.post('/twilio/voice/client', {
      CallSid: parent, AccountSid: t.carrier.accountSid, ApplicationSid: t.ctx.config.voice!.twimlAppSid, From: from, Caller: from,
      To: '', Called: '', CallStatus: 'ringing', Direction: 'inbound', ApiVersion: '2010-04-01', leadId,
    });
    expect(r.status).toBe(200);
    const base = t.url;
    expect(r.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        `<Dial callerId="${DEMO_NUMBERS.northRadio}" answerOnBridge="true" action="${base}/twilio/voice/dial-action" method="POST" timeout="30">` +
        `<Number statusCallback="${base}/twilio/voice/status" statusCallbackEvent="initiated ringing answered completed" statusCallbackMethod="POST">${phone}</Number>` +
        '</Dial></Response>',
    );
  });

  it('uses the account’s main number as caller ID when its voicemail plan says so', async () => {
    await t.db.query("update account_settings set callback_caller_id = 'main' where account_id = 'acc-south'");
    await t.carrier.abandon({ from: '+14045550777', to: DEMO_NUMBERS.southTv, queueSeconds: 40 });
    const [lead] = await t.db.query<{ id: string }>("select id from leads where phone = '+14045550777'");
    const from = `client:${identityFor('u-ben')}`;
    const r = await t.carrier.post('/twilio/voice/client', { CallSid: newSid('CA'), AccountSid: t.carrier.accountSid, From: from, CallStatus: 'ringing', Direction: 'inbound', leadId: lead!.id });
    expect(r.body).toContain(`callerId="${DEMO_NUMBERS.southMain}"`);
  });

  it('refuses to dial a lead outside the caller’s accounts, and an unsigned request changes nothing', async () => {
    await t.carrier.abandon({ from: '+14045550778', to: DEMO_NUMBERS.southTv, queueSeconds: 40 });
    const [south] = await t.db.query<{ id: string }>("select id from leads where phone = '+14045550778'");
    const from = `client:${identityFor('u-ava')}`;
    const r = await t.carrier.post('/twilio/voice/client', { CallSid: newSid('CA'), AccountSid: t.carrier.accountSid, From: from, CallStatus: 'ringing', Direction: 'inbound', leadId: south!.id });
    expect(r.body).not.toContain('<Dial');
    expect(r.body).toContain('You cannot call this lead.');
    const forged = await t.carrier.post('/twilio/voice/client', { CallSid: newSid('CA'), AccountSid: t.carrier.accountSid, From: from, leadId: south!.id }, { signature: 'AAAA' });
    expect(forged.status).toBe(403);
    // Refused like every lead outside one's scope: the same answer as for a lead that does not exist.
    const dial = await ava.request('POST', '/api/voice/simulated/calls', { leadId: south!.id });
    expect(dial.status).toBe(404);
    expect(dial.json.message).toBe('You cannot call this lead.');
  });

  it('refuses to call a lead another CSR is working, and of two desks dialling one lead at once only one gets through', async () => {
    const ben = await t.signIn('ben@rebound.example');
    const claimed = await abandonedLead(number('731'));
    const [claim] = (await ben.push([{ id: 1, name: 'claim', args: { leadId: claimed } }])).results;
    expect(claim).toMatchObject({ status: 'applied' });
    const refused = await ava.request('POST', '/api/voice/simulated/calls', { leadId: claimed });
    expect(refused.status).toBe(409);
    expect(refused.json.message).toBe('Ben Ortiz is working this lead right now.');
    // The TwiML App says the same to a Twilio softphone, and dials nobody.
    const from = `client:${identityFor('u-ava')}`;
    const twilio = await t.carrier.post('/twilio/voice/client', { CallSid: newSid('CA'), AccountSid: t.carrier.accountSid, From: from, CallStatus: 'ringing', Direction: 'inbound', leadId: claimed });
    expect(twilio.body).not.toContain('<Dial');
    expect(twilio.body).toContain('Ben Ortiz is working this lead right now.');

    // Neither desk holds the next lead yet (their claims are still in their outboxes): both dial at once.
    const open = await abandonedLead(number('732'));
    const sockets = { 'u-ava': await ava.socket(), 'u-ben': await ben.socket() };
    const [a, b] = await Promise.all([
      ava.request('POST', '/api/voice/simulated/calls', { leadId: open }),
      ben.request('POST', '/api/voice/simulated/calls', { leadId: open }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const winner = a.status === 200 ? 'u-ava' : 'u-ben';
    expect(loser.json.message).toBe(`${winner === 'u-ava' ? 'Ava Chen' : 'Ben Ortiz'} is working this lead right now.`);
    // The claim was taken with the call.
    const [row] = await t.db.query<{ claim_user_id: string | null }>('select claim_user_id from leads where id = $1', [open]);
    expect(row!.claim_user_id).toBe(winner);
    // The winner hangs up, so the next tests find both desks free.
    const call = (a.status === 200 ? a : b).json.callSid as string;
    await (winner === 'u-ava' ? ava : ben).request('POST', `/api/voice/simulated/calls/${call}/hang-up`);
    await sockets[winner].nextVoice((e) => e.type === 'progress' && e.callSid === call && e.state === 'closed');
    Object.values(sockets).forEach((s) => s.close());
  });

  it('records a no-answer callback on the lead and leaves it open', async () => {
    const phone = number('720');
    const leadId = await abandonedLead(phone);
    const socket = await ava.socket();
    const r = await ava.request('POST', '/api/voice/simulated/calls', { leadId });
    expect(r.status).toBe(200);
    const closed = await socket.nextVoice((e) => e.type === 'progress' && e.callSid === r.json.callSid && e.state === 'closed');
    expect(closed).toMatchObject({ outcome: 'no_answer', callerId: DEMO_NUMBERS.northRadio });
    const detail = await eventually(async () => {
      ava.cursor = 0;
      const d = (await ava.pullAll()).find((l) => l.lead.id === leadId);
      return d?.calls.some((c) => c.direction === 'outbound') ? d : null;
    });
    expect(detail.calls.find((c) => c.direction === 'outbound')).toMatchObject({ outcome: 'no_answer', durationSeconds: 0, agentName: 'Ava Chen' });
    expect(detail.history.at(-1)?.why).toMatch(/^Ava Chen called back: no answer/);
    expect((await leadState(leadId)).status).toBe('new');
    socket.close();
  });

  it('refuses a voicemail flagged after a busy or unanswered callback, in the shared rule’s words, and takes one after an answered call', async () => {
    const socket = await ava.socket();
    const callBack = async (leadId: string) => {
      const r = await ava.request('POST', '/api/voice/simulated/calls', { leadId });
      expect(r.status).toBe(200);
      await socket.nextVoice((e) => e.type === 'progress' && e.callSid === r.json.callSid && e.state === 'closed');
      // The carrier's last word on the call has landed: the callback is listed on the lead.
      await eventually(async () => (await t.db.query("select 1 from lead_calls lc join calls c on c.call_sid = lc.call_sid where lc.lead_id = $1 and c.direction = 'outbound'", [leadId])).length > 0);
    };
    const flagVoicemail = (leadId: string, id: number) =>
      ava.push([{ id, name: 'setStatus', args: { leadId, to: 'follow_up_needed', note: 'Left a voicemail.', voicemail: true } }]);
    const voicemailBy = async (leadId: string) => (await t.db.query<{ voicemail_by: string | null }>('select voicemail_by from leads where id = $1', [leadId]))[0]!.voicemail_by;

    let id = 0;
    // Numbers of their own (number() has room for nine): …8xx is busy, …7xx never answers, …9xx a voicemail box.
    for (const [phone, outcome] of [['+13125556810', 'busy'], ['+13125556730', 'no_answer']] as const) {
      const leadId = await abandonedLead(phone);
      await callBack(leadId);
      const r = await flagVoicemail(leadId, ++id);
      expect(r.results[0]).toMatchObject({ status: 'refused', error: afterCallRefusal(outcome, 'voicemail') });
      expect(r.results[0]!.error).toMatch(/^No voicemail can have been left/);
      expect((await leadState(leadId)).status).toBe('new');
      expect(await voicemailBy(leadId)).toBeNull();
    }

    // A voicemail box answers: the message was left.
    const machine = await abandonedLead('+13125556910');
    await callBack(machine);
    const ok = await flagVoicemail(machine, ++id);
    expect(ok.results[0]!.status).toBe('applied');
    expect((await leadState(machine)).status).toBe('follow_up_needed');
    expect(await voicemailBy(machine)).toBe('u-ava');
    socket.close();
  });

  it('a callback answered and talked through for 45 s resolves the abandoned entry; 20 s does not', async () => {
    const long = await abandonedLead(number('045'));
    const short = await abandonedLead(number('020'));
    const socket = await ava.socket();
    for (const leadId of [long, short]) {
      const r = await ava.request('POST', '/api/voice/simulated/calls', { leadId });
      const closed = await socket.nextVoice((e) => e.type === 'progress' && e.callSid === r.json.callSid && e.state === 'closed');
      expect(closed).toMatchObject({ outcome: 'answered' });
    }
    const resolved = await eventually(async () => ((await leadState(long)).status === 'resolved' ? leadState(long) : null));
    expect(resolved.resolved_by_call_sid).toMatch(/^CA/);
    await t.server.drain();
    expect((await leadState(short)).status).toBe('new');
    socket.close();
  });

  it('the agent hanging up ends the call with the time actually talked', async () => {
    const leadId = await abandonedLead(number('000'));
    const socket = await ava.socket();
    const r = await ava.request('POST', '/api/voice/simulated/calls', { leadId });
    await socket.nextVoice((e) => e.type === 'progress' && e.callSid === r.json.callSid && e.state === 'open');
    // A desk reloaded now asks what is still up: its own call, and nobody else's.
    const current = await ava.request('POST', '/api/voice/simulated/current', {});
    expect(current.json.call).toMatchObject({ callSid: r.json.callSid, direction: 'outbound', phase: 'open', leadId, customer: expect.stringMatching(/\S/) });
    expect(current.json.call.answeredAt).toEqual(expect.any(String));
    const ben = await t.signIn('ben@rebound.example');
    expect((await ben.request('POST', '/api/voice/simulated/current', {})).json).toEqual({ call: null });
    expect((await ava.request('POST', `/api/voice/simulated/calls/${r.json.callSid}/hang-up`)).status).toBe(200);
    const closed = await socket.nextVoice((e) => e.type === 'progress' && e.callSid === r.json.callSid && e.state === 'closed');
    expect(closed).toMatchObject({ outcome: 'answered' });
    await expect.poll(async () => (await ava.request('POST', '/api/voice/simulated/current', {})).json).toEqual({ call: null });
    socket.close();
  });

  it('offers every caller of a burst to every desk that takes them, each once', async () => {
    const ben = await t.signIn('ben@rebound.example');
    const desks = [await ava.socket(), await ava.socket(), await ben.socket()];
    const sids = Array.from({ length: 25 }, () => newSid('CA'));
    await Promise.all(sids.map((sid, i) => t.carrier.ring(sid, { from: `+1312555${String(7000 + i)}`, to: DEMO_NUMBERS.northRadio, queueSeconds: 0 })));
    for (const d of desks) {
      await d.nextVoice((e) => e.type === 'offer' && e.callSid === sids.at(-1));
      for (const sid of sids) await d.nextVoice((e) => e.type === 'offer' && e.callSid === sid);
      expect(d.voice.filter((e) => e.type === 'offer').length).toBe(sids.length);
      d.close();
    }
  });

  it('offers a queued caller to the account’s desks, bridges the one who takes it, and its wrap-up feeds SCL', async () => {
    const socket = await ava.socket();
    const sid = newSid('CA');
    const from = '+13125554321';
    await t.carrier.ring(sid, { from, to: DEMO_NUMBERS.northRadio, queueSeconds: 0 });
    const offer = await socket.nextVoice((e) => e.type === 'offer' && e.callSid === sid);
    expect(offer).toMatchObject({ accountId: 'acc-north', queueName: 'Service', from });

    // A desk that connects later is offered the waiting caller too.
    const late = await ava.socket();
    await late.nextVoice((e) => e.type === 'offer' && e.callSid === sid);
    late.close();

    expect((await ava.request('POST', `/api/voice/simulated/offers/${sid}/answer`)).status).toBe(200);
    await socket.nextVoice((e) => e.type === 'bridged' && e.callSid === sid && e.userId === 'u-ava');
    await socket.nextVoice((e) => e.type === 'offerEnded' && e.callSid === sid);
    // Nobody else can take it now.
    const ben = await t.signIn('ben@rebound.example');
    expect((await ben.request('POST', `/api/voice/simulated/offers/${sid}/answer`)).status).toBe(409);

    await new Promise((r) => setTimeout(r, 600)); // 60 simulated seconds of conversation
    await ava.request('POST', `/api/voice/simulated/calls/${sid}/hang-up`);
    await socket.nextVoice((e) => e.type === 'progress' && e.callSid === sid && e.state === 'closed');
    await t.server.drain();
    const c = await ava.request('POST', `/api/calls/${sid}/classify`, { outcome: 'not_booked', reason: 'price_shopping', notes: 'Comparing quotes' });
    expect(c.status).toBe(200);
    // The simulated customer says a random scripted conversation, so its score varies: with a
    // threshold of 0 every unbooked call is flagged, which is what this test is about.
    await t.db.query("update account_settings set scl_threshold = 0 where account_id = 'acc-north'");
    t.clock.advanceMinutes(3);
    await t.server.sweep();
    const [scl] = await t.db.query<{ reason: string; agent_id: string; notes: string }>("select reason, agent_id, notes from leads where phone = $1 and kind = 'second_chance'", [from]);
    expect(scl).toEqual({ reason: 'price_shopping', agent_id: 'u-ava', notes: 'Comparing quotes' });
    socket.close();
  });

  it('transcribes only as much of the conversation as the answered call lasted', async () => {
    const socket = await ava.socket();
    const sid = newSid('CA');
    await t.carrier.ring(sid, { from: '+13125554322', to: DEMO_NUMBERS.northRadio, queueSeconds: 0 });
    await socket.nextVoice((e) => e.type === 'offer' && e.callSid === sid);
    expect((await ava.request('POST', `/api/voice/simulated/offers/${sid}/answer`)).status).toBe(200);
    await ava.request('POST', `/api/voice/simulated/calls/${sid}/hang-up`); // a few simulated seconds
    await socket.nextVoice((e) => e.type === 'progress' && e.callSid === sid && e.state === 'closed');
    socket.close();
    const turns = async () => {
      await t.server.drain();
      return t.db.query<{ spoken_at: Date }>('select spoken_at from call_transcripts where call_sid = $1 order by spoken_at', [sid]);
    };
    await expect.poll(async () => (await turns()).length, { timeout: 5_000 }).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 300)); // the rest of the (short) transcript, if any
    const said = await turns();
    const [call] = await t.db.query<{ talk_seconds: number }>('select talk_seconds from calls where call_sid = $1', [sid]);
    const span = (new Date(said.at(-1)!.spoken_at).getTime() - new Date(said[0]!.spoken_at).getTime()) / 1000;
    // A scripted conversation runs 8 s to 7 min: the whole of one would (almost always) overrun this call.
    expect(call!.talk_seconds).toBeLessThan(40);
    expect(span).toBeLessThanOrEqual(call!.talk_seconds);
  });

  it('hides offers from desks outside the account', async () => {
    const cora = await t.signIn('cora@southside.example');
    const socket = await cora.socket();
    const sid = newSid('CA');
    await t.carrier.ring(sid, { from: '+13125554999', to: DEMO_NUMBERS.northRadio, queueSeconds: 0 });
    await t.server.drain();
    await new Promise((r) => setTimeout(r, 200));
    expect(socket.voice.filter((e) => 'callSid' in e && e.callSid === sid)).toEqual([]);
    socket.close();
  });
});
