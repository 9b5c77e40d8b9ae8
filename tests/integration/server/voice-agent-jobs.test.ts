import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import { playSpike, seedVoiceAgentDemo } from '../../../server/demo/voice-agent-spike';
import { findSlots } from '../../../server/voice-agent/time-window';
import { BACKENDS } from '../../support/backends';
import { startTestServer, type Desk, type TestServer } from '../../support/test-server';

/*
 * The Reschedule and Cancel skills over real HTTP and the real relay socket: a caller with a
 * visit booked calls again from the same number and the Voice Agent moves or cancels it through
 * the job path the field-service system uses (history, desks, report), or, with the skill off,
 * says it cannot and hands the caller to a person with why.
 */

const BOOKS = [{ say: 'Hi, my kitchen sink is clogged and backing up' }, { say: 'My name is Dana Whitfield' }, { say: "It's 1420 Elm Street" }, { say: 'tomorrow morning' }, { say: 'Yes please' }];

describe.each(BACKENDS)('Voice Agent reschedules and cancels on $name', (backend) => {
  let t: TestServer;
  let admin: Desk;
  let ben: Desk;
  let n = 0;
  const caller = () => `+1312555${String(7000 + ++n).padStart(4, '0')}`;

  beforeAll(async () => {
    t = await startTestServer(backend);
    admin = await t.signIn('admin@rebound.example');
    ben = await t.signIn('ben@rebound.example');
    await t.db.query("update routing_workflows set overflow_rule = 'wait', overflow_wait_seconds = 30 where id = 'wf-north-service'");
    await t.db.query("update routing_workflows set overflow_rule = 'no_agent' where id = 'wf-south-service'");
  });
  afterAll(() => t?.close());

  /** Northside's (or Southside's) own Voice Agent settings with these skills; Global again after. */
  async function withSkills(accountId: string, skills: { rescheduleJobs: boolean; cancelJobs: boolean }, run: () => Promise<void>) {
    const overview = (await admin.request('GET', '/api/admin/voice-agent')).json;
    const saved = await admin.request('PUT', '/api/admin/voice-agent', { scope: accountId, settings: { ...overview.global, skills: { ...overview.global.skills, ...skills } } });
    expect(saved.status).toBe(200);
    try {
      await run();
    } finally {
      await admin.request('DELETE', `/api/admin/voice-agent/accounts/${accountId}`);
    }
  }

  /** A caller who booked a drain cleaning for tomorrow morning with the agent: their job. */
  async function bookedCaller() {
    const from = caller();
    const out = await t.carrier.overflowCall({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: BOOKS });
    expect(JSON.parse(out.run!.handoffData!)).toMatchObject({ reasonCode: 'booked' });
    await t.server.drain();
    const [job] = await t.db.query<{ id: string; lead_id: string }>('select j.id, j.lead_id from jobs j join voice_agent_sessions s on s.job_id = j.id where s.call_sid = $1', [out.sid]);
    return { from, bookingSid: out.sid, jobId: job!.id, leadId: job!.lead_id };
  }

  const job = async (id: string) =>
    (
      await t.db.query<{ window_start: Date; window_end: Date; cancelled_at: Date | null; customer_name: string; job_type_name: string }>(
        'select j.window_start, j.window_end, j.cancelled_at, j.customer_name, t.name as job_type_name from jobs j join job_types t on t.id = j.job_type_id where j.id = $1',
        [id],
      )
    )[0]!;
  const session = async (sid: string) => (await t.db.query<{ outcome: string; changed_job_id: string | null; job_change: string | null; customer_name: string | null; transcript: { who: string; text: string }[] }>('select * from voice_agent_sessions where call_sid = $1', [sid]))[0]!;
  const leadsOf = async (phone: string) => {
    ben.cursor = 0;
    return (await ben.pullAll()).filter((l) => l.lead.phone === phone);
  };
  const reportOutcome = async (sid: string) => {
    const sam = await t.signIn('sam@rebound.example');
    const today = DateTime.fromJSDate(t.clock.now(), { zone: 'America/Chicago' });
    const r = await sam.request('POST', '/api/reports/unbooked-abandoned', { preset: 'custom', from: today.minus({ days: 1 }).toISODate(), to: today.plus({ days: 1 }).toISODate(), dateType: 'job_creation', accountId: 'acc-north' });
    expect(r.status).toBe(200);
    return r.json.rows.find((x: { id: string }) => x.id === sid)?.outcome;
  };

  it('with Reschedule on, a caller moves their booked visit: the job, its history, the session and no abandoned entry', async () => {
    const booked = await bookedCaller();
    const before = await job(booked.jobId);
    const monday = findSlots('next Monday afternoon', t.clock.now(), 'America/Chicago');
    if (!monday.ok) throw new Error('no window');
    const to = monday.slots[0]!;
    await withSkills('acc-north', { rescheduleJobs: true, cancelJobs: false }, async () => {
      const out = await t.carrier.overflowCall({ from: booked.from, to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: [{ say: 'Hi, I need to reschedule my appointment' }, { say: 'next Monday afternoon' }, { say: 'yes' }] });
      const replies = out.run!.replies;
      expect(replies[0]).toBe('I see your Drain cleaning visit tomorrow between 8 AM and 12 PM, at 1420 Elm Street. When would you like us to come instead?');
      expect(replies[1]).toBe(`Shall I move your Drain cleaning visit to ${to.label}?`);
      expect(replies[2]).toBe(`Done: your Drain cleaning visit is now ${to.label}. Thanks for calling Northside Plumbing. Have a great day!`);
      expect(JSON.parse(out.run!.handoffData!)).toMatchObject({ reasonCode: 'rescheduled' });
      expect(out.after).toContain('<Hangup/>');
      await t.server.drain();

      const after = await job(booked.jobId);
      expect(new Date(after.window_start).toISOString()).toBe(to.start);
      expect(new Date(after.window_end).toISOString()).toBe(to.end);
      expect(after.cancelled_at).toBeNull();
      const s = await session(out.sid);
      expect(s).toMatchObject({ outcome: 'rescheduled', changed_job_id: booked.jobId });
      expect(s.transcript.some((x) => x.who === 'caller' && x.text === 'Hi, I need to reschedule my appointment')).toBe(true);
      // The desk's lead shows the move in its history, told in the account's zone; nothing new to call back.
      const leads = await leadsOf(booked.from);
      expect(leads).toHaveLength(1);
      const moved = leads[0]!.history.find((h) => h.action === 'job_rescheduled');
      expect(moved).toMatchObject({ actor: { name: 'Voice Agent' }, to: booked.jobId });
      expect(moved!.why).toMatch(/^Moved Drain cleaning from .+ to .+ CT\. The caller asked the Voice Agent to move it\.$/);
      expect(new Date(before.window_start).getTime()).not.toBe(new Date(after.window_start).getTime());
      // The supervisor's tile counts it.
      const sam = await t.signIn('sam@rebound.example');
      const board = await sam.request('POST', '/api/voice-agent/activity', { dayStart: new Date(t.clock.now().getTime() - 3_600_000).toISOString() });
      const north = board.json.tiles.find((x: { accountId: string }) => x.accountId === 'acc-north');
      expect(north.changedJobs).toBe(1);
      expect(north.handled).toBe(north.booked + north.handedOff + north.hungUp + north.changedJobs);
    });
  });

  it('with Reschedule off, the agent says it cannot, hands off with why, and the visit stays', async () => {
    const booked = await bookedCaller();
    const before = await job(booked.jobId);
    const socket = await ben.socket();
    try {
      const out = await t.carrier.overflowCall({ from: booked.from, to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: [{ say: 'Can I move my appointment to Friday afternoon?' }] });
      expect(out.run!.replies[0]).toBe("I'm not able to change the time of a booked visit myself. Let me get you to a member of our team. Please hold; they'll see what we talked about.");
      const data = JSON.parse(out.run!.handoffData!);
      expect(data).toMatchObject({ reasonCode: 'live-agent-handoff', reason: 'Rescheduling is off for the Voice Agent; the caller wants to move their booked visit.' });
      expect(out.after).toContain('<Enqueue');
      const offer = await socket.nextVoice((e) => e.type === 'offer' && e.callSid === out.sid && Boolean(e.handoff));
      expect(offer.type === 'offer' && offer.handoff?.reason).toBe('Rescheduling is off for the Voice Agent; the caller wants to move their booked visit.');
      expect(offer.type === 'offer' && offer.handoff?.transcript).toContain('Caller: Can I move my appointment to Friday afternoon?');
      // The desk's offer says which visit and whose, not only why.
      expect(offer.type === 'offer' && offer.handoff?.summary).toContain(`Booked visit: ${before.job_type_name}`);
      expect(offer.type === 'offer' && offer.callerName).toBe(before.customer_name);
      // The CSR who takes the caller sees which visit it is, and whose.
      expect(data.summary).toContain(`Booked visit: ${before.job_type_name}`);
      expect(data.summary).toContain(`Name: ${before.customer_name}`);
      await t.server.drain();
      // A desk that opens while the caller still waits is offered them with the same summary.
      const late = await ben.socket();
      try {
        const again = await late.nextVoice((e) => e.type === 'offer' && e.callSid === out.sid);
        expect(again.type === 'offer' && again.handoff?.summary).toBe(offer.type === 'offer' ? offer.handoff?.summary : 'an offer');
      } finally {
        late.close();
      }
      expect((await job(booked.jobId)).window_start).toEqual(before.window_start);
      // Found for the CSR, not changed.
      expect(await session(out.sid)).toMatchObject({ outcome: 'handed_off', changed_job_id: booked.jobId, job_change: null, customer_name: before.customer_name });
    } finally {
      socket.close();
    }
  });

  it('with Cancel off, the agent hands off and the job is not cancelled', async () => {
    const booked = await bookedCaller();
    const out = await t.carrier.overflowCall({ from: booked.from, to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: [{ say: 'I need to cancel my appointment' }] });
    expect(out.run!.replies[0]).toMatch(/^I'm not able to cancel a booked visit myself\./);
    expect(JSON.parse(out.run!.handoffData!)).toMatchObject({ reasonCode: 'live-agent-handoff', reason: 'Cancelling is off for the Voice Agent; the caller wants to cancel their booked visit.' });
    await t.server.drain();
    expect((await job(booked.jobId)).cancelled_at).toBeNull();
    expect(await reportOutcome(booked.bookingSid)).toBe('recovered');
  });

  it('with Cancel on, a caller may keep their visit after all, or cancel it: the job, history, report and session say so', async () => {
    const booked = await bookedCaller();
    await withSkills('acc-north', { rescheduleJobs: true, cancelJobs: true }, async () => {
      const kept = await t.carrier.overflowCall({ from: booked.from, to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: [{ say: 'I want to cancel my visit' }, { say: 'no, keep it' }] });
      expect(kept.run!.replies[0]).toBe('I see your Drain cleaning visit tomorrow between 8 AM and 12 PM, at 1420 Elm Street. Shall I cancel it?');
      expect(kept.run!.replies[1]).toMatch(/^All right, your visit stays booked for tomorrow between 8 AM and 12 PM\./);
      expect(JSON.parse(kept.run!.handoffData!)).toMatchObject({ reasonCode: 'kept' });
      await t.server.drain();
      expect(await session(kept.sid)).toMatchObject({ outcome: 'kept' });
      expect((await job(booked.jobId)).cancelled_at).toBeNull();

      const out = await t.carrier.overflowCall({ from: booked.from, to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: [{ say: 'I need to cancel my appointment' }, { press: '1' }] });
      expect(out.run!.replies[1]).toBe('Your Drain cleaning visit tomorrow between 8 AM and 12 PM is cancelled. Thanks for calling Northside Plumbing. Have a great day!');
      expect(JSON.parse(out.run!.handoffData!)).toMatchObject({ reasonCode: 'cancelled' });
      await t.server.drain();
      expect((await job(booked.jobId)).cancelled_at).not.toBeNull();
      expect(await session(out.sid)).toMatchObject({ outcome: 'cancelled', changed_job_id: booked.jobId });
      // Neither call left anything for a CSR to call back; the booking no longer counts as recovered.
      const leads = await leadsOf(booked.from);
      expect(leads).toHaveLength(1);
      expect(leads[0]!.history.find((h) => h.action === 'job_cancelled')).toMatchObject({ actor: { name: 'Voice Agent' }, to: booked.jobId, why: 'The caller asked the Voice Agent to cancel it.' });
      expect(await reportOutcome(booked.bookingSid)).toBe('resolved_without_job');

      // Cancelled, there is nothing left to move: the agent says so and hands off.
      const again = await t.carrier.overflowCall({ from: booked.from, to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: [{ say: 'can I reschedule my appointment' }] });
      expect(again.run!.replies[0]).toMatch(/^I couldn't find an upcoming visit booked for the number you're calling from\./);
      expect(JSON.parse(again.run!.handoffData!)).toMatchObject({ reasonCode: 'live-agent-handoff', reason: "No upcoming visit is booked for the caller's number; they want to move their booked visit." });
    });
  });

  it("the demo's spike, with the demo's Northside settings, moves a visit booked in an earlier spike and hands a caller who cancels to a person", async () => {
    await seedVoiceAgentDemo(t.db);
    try {
      const [first] = await playSpike(t.carrier, { scripts: ['books'], staggerMs: 0, pauseMs: 0, log: () => {} });
      expect(first!.outcome).toContain('"booked"');
      const [again] = await playSpike(t.carrier, { scripts: ['reschedules'], staggerMs: 0, pauseMs: 0, log: () => {}, fromFor: () => first!.from });
      expect(again).toMatchObject({ from: first!.from, handedOff: false });
      expect(again!.outcome).toContain('"rescheduled"');
      // Cancel stays off in the demo (Global's default): the same caller is handed to a person with why.
      const [off] = await playSpike(t.carrier, { scripts: ['cancels'], staggerMs: 0, pauseMs: 0, log: () => {}, fromFor: () => first!.from });
      expect(off!.handedOff).toBe(true);
      expect(off!.outcome).toContain('Cancelling is off for the Voice Agent');
      // The admin sees Northside's settings as its own, apart from Global's.
      const overview = (await admin.request('GET', '/api/admin/voice-agent')).json;
      expect(overview.global.skills.rescheduleJobs).toBe(false);
      expect(overview.accounts.find((a: { accountId: string }) => a.accountId === 'acc-north').settings.skills.rescheduleJobs).toBe(true);
    } finally {
      await admin.request('DELETE', '/api/admin/voice-agent/accounts/acc-north');
    }
  });

  it("a demo spike's caller gives their own name, so one name is never said from several numbers", async () => {
    const [c] = await playSpike(t.carrier, { scripts: ['books'], staggerMs: 0, pauseMs: 0, log: () => {}, fromFor: () => '+17735550177', nameFor: () => 'Rowan Lindqvist' });
    expect(c!.outcome).toContain('"booked"');
    await t.server.drain();
    const [row] = await t.db.query<{ customer_name: string; job_name: string }>(
      'select s.customer_name, j.customer_name as job_name from voice_agent_sessions s join jobs j on j.id = s.job_id where s.call_sid = $1', [c!.sid],
    );
    expect(row).toEqual({ customer_name: 'Rowan Lindqvist', job_name: 'Rowan Lindqvist' });
  });

  it("finds the caller's visit only within the account they call: Southside does not see Northside's job", async () => {
    const booked = await bookedCaller();
    await withSkills('acc-south', { rescheduleJobs: true, cancelJobs: true }, async () => {
      const out = await t.carrier.overflowCall({ from: booked.from, to: DEMO_NUMBERS.southTv, queueSeconds: 0, script: [{ say: 'I need to cancel my appointment' }] });
      expect(out.toAgent).toBe(true);
      expect(out.run!.replies[0]).toMatch(/^I couldn't find an upcoming visit/);
      await t.server.drain();
      expect((await job(booked.jobId)).cancelled_at).toBeNull();
    });
  });
});
