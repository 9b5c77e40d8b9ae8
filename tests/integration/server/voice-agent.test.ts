import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AI_DISCLOSURE_LINE, DEFAULT_VOICE_AGENT_SETTINGS, reportCells, reportRange, type ReportRow } from '../../../shared';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import { newSid } from '../../../server/demo/simulated-carrier';
import { signTwilioRequest } from '../../../server/telephony/signature';
import { BACKENDS } from '../../support/backends';
import { startTestServer, TEST_AUTH_TOKEN, type Desk, type TestServer } from '../../support/test-server';

let n = 0;
const caller = () => `+1312555${String(6000 + ++n).padStart(4, '0')}`;

const BOOKS_A_DRAIN_JOB = [
  { say: 'Hi, my kitchen sink is clogged and backing up' },
  { say: 'My name is Dana Whitfield' },
  { say: "It's 1420 Elm Street" },
  { say: 'tomorrow morning' },
  { say: 'Yes please' },
];

describe.each(BACKENDS)('Voice Agent on $name', (backend) => {
  let t: TestServer;
  let ben: Desk;

  beforeAll(async () => {
    t = await startTestServer(backend);
    ben = await t.signIn('ben@rebound.example');
    // North service overflows after 30 s of waiting, South service when nobody is free; North sales never.
    await t.db.query("update routing_workflows set overflow_rule = 'wait', overflow_wait_seconds = 30 where id = 'wf-north-service'");
    await t.db.query("update routing_workflows set overflow_rule = 'no_agent' where id = 'wf-south-service'");
  });
  afterAll(() => t?.close());

  const session = async (sid: string) => (await t.db.query<Record<string, any>>('select * from voice_agent_sessions where call_sid = $1', [sid]))[0]; // eslint-disable-line @typescript-eslint/no-explicit-any -- rows read back by column
  const leadsFor = async (phone: string) => {
    ben.cursor = 0;
    return (await ben.pullAll()).filter((l) => l.lead.phone === phone);
  };

  describe('routing executes the overflow rule', () => {
    it('wait: the caller waits, and once the wait passes the Voice Agent answers with the disclosure first', async () => {
      const from = caller();
      const out = await t.carrier.overflowCall({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: [{ hangUp: true }] });
      expect(out.toAgent).toBe(true);
      expect(out.twiml).toContain('<Connect action=');
      expect(out.twiml).toMatch(/<ConversationRelay url="ws:\/\/127\.0\.0\.1:\d+\/twilio\/voice-agent\/relay"/);
      expect(out.twiml).toContain(`welcomeGreeting="${AI_DISCLOSURE_LINE} Thanks for calling Northside Plumbing, this is Riley.`);
      expect(out.twiml).toContain('<Parameter name="accountId" value="acc-north"/>');
      expect((await session(out.sid))?.reason).toBe('wait');
    });

    it('wait: a caller asked before the wait passes keeps waiting', async () => {
      const sid = newSid('CA');
      await t.carrier.ring(sid, { from: caller(), to: DEMO_NUMBERS.northRadio, queueSeconds: 0 });
      const common = { CallSid: sid, AccountSid: t.carrier.accountSid, From: caller(), To: DEMO_NUMBERS.northRadio, CallStatus: 'in-progress' };
      const early = await t.carrier.post('/twilio/voice/wait?agentAfter=30', { ...common, QueueTime: '12' });
      expect(early.body).not.toContain('<Leave');
      expect(early.body).toContain('<Gather');
      expect(await session(sid)).toBeUndefined();
    });

    it('no_agent: with nobody signed in and free, the call goes straight to the Voice Agent', async () => {
      const out = await t.carrier.overflowCall({ from: caller(), to: DEMO_NUMBERS.southTv, queueSeconds: 0, script: [{ hangUp: true }] });
      expect(out.toAgent).toBe(true);
      expect(out.twiml).not.toContain('<Enqueue');
      expect((await session(out.sid))?.reason).toBe('no_agent');
    });

    it('no_agent: with a free desk of the account signed in, the caller is queued as before', async () => {
      const cora = await t.signIn('cora@southside.example');
      const socket = await cora.socket();
      try {
        const out = await t.carrier.overflowCall({ from: caller(), to: DEMO_NUMBERS.southTv, queueSeconds: 0, script: [] });
        expect(out.toAgent).toBe(false);
        expect(out.twiml).toContain('<Enqueue');
      } finally {
        socket.close();
      }
      await new Promise((r) => setTimeout(r, 50));
    });

    it('no overflow: the caller is queued exactly as before, with no Voice Agent wait', async () => {
      const out = await t.carrier.overflowCall({ from: caller(), to: DEMO_NUMBERS.northWeb, queueSeconds: 0, script: [] });
      expect(out.toAgent).toBe(false);
      expect(out.twiml).toContain('<Enqueue');
      expect(out.twiml).not.toContain('agentAfter');
    });

    it('an account with the Voice Agent switched off queues callers even on an overflow workflow', async () => {
      const admin = await t.signIn('admin@rebound.example');
      const overview = (await admin.request('GET', '/api/admin/voice-agent')).json;
      const south = overview.accounts.find((a: { accountId: string }) => a.accountId === 'acc-south').settings;
      expect((await admin.request('PUT', '/api/admin/voice-agent', { scope: 'acc-south', settings: { ...south, enabled: false } })).status).toBe(200);
      try {
        const out = await t.carrier.overflowCall({ from: caller(), to: DEMO_NUMBERS.southTv, queueSeconds: 0, script: [] });
        expect(out.toAgent).toBe(false);
        expect(out.twiml).toContain('<Enqueue');
      } finally {
        await admin.request('DELETE', '/api/admin/voice-agent/accounts/acc-south');
      }
    });
    it('a change another server process makes to the settings reaches this one’s next caller', async () => {
      // The setup is kept in memory; the routing trigger's NOTIFY empties it from any process.
      const before = await t.carrier.overflowCall({ from: caller(), to: DEMO_NUMBERS.southTv, queueSeconds: 0, script: [] });
      expect(before.toAgent).toBe(true);
      const [global] = await t.db.query<{ settings: unknown }>("select settings from voice_agent_settings where scope = 'global'");
      const settings = !global ? DEFAULT_VOICE_AGENT_SETTINGS : typeof global.settings === 'string' ? JSON.parse(global.settings) : global.settings;
      await t.db.query("insert into voice_agent_settings (scope, settings, updated_at, updated_by) values ('account:acc-south', $1, now(), 'u-admin')", [JSON.stringify({ ...settings, enabled: false })]);
      try {
        await expect.poll(async () => (await t.carrier.overflowCall({ from: caller(), to: DEMO_NUMBERS.southTv, queueSeconds: 0, script: [] })).toAgent, { timeout: 3000 }).toBe(false);
      } finally {
        await t.db.query("delete from voice_agent_settings where scope = 'account:acc-south'");
      }
      await expect.poll(async () => (await t.carrier.overflowCall({ from: caller(), to: DEMO_NUMBERS.southTv, queueSeconds: 0, script: [] })).toAgent, { timeout: 3000 }).toBe(true);
    });
  });

  describe('the conversation and its outcomes', () => {
    it('books a job through the CSR booking path: job row, resolved lead in the Voice Agent queue, meter row', async () => {
      const from = caller();
      const out = await t.carrier.overflowCall({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: BOOKS_A_DRAIN_JOB, sessionSeconds: 75 });
      const replies = out.run!.replies;
      expect(replies[0]).toMatch(/Drain cleaning.*name/);
      expect(replies[3]).toContain('The dispatch fee for Drain cleaning is $89.');
      expect(replies[3]).toMatch(/tomorrow between 8 AM and 12 PM, at 1420 Elm Street\?/);
      expect(replies[4]).toContain('Thanks for calling Northside Plumbing. Have a great day!');
      expect(JSON.parse(out.run!.handoffData!)).toMatchObject({ reasonCode: 'booked' });
      expect(out.after).toContain('<Hangup/>');
      await t.server.drain();

      const [job] = await t.db.query<{ job_type_id: string; window_start: Date; customer_name: string; address: string; created_by: string }>(
        'select j.* from jobs j join voice_agent_sessions s on s.job_id = j.id where s.call_sid = $1', [out.sid],
      );
      const tomorrow8 = DateTime.fromJSDate(t.clock.now(), { zone: 'America/Chicago' }).plus({ days: 1 }).set({ hour: 8, minute: 0, second: 0, millisecond: 0 });
      expect(job).toMatchObject({ job_type_id: 'jt-north-drain', customer_name: 'Dana Whitfield', address: '1420 Elm Street', created_by: 'voice-agent' });
      expect(new Date(job!.window_start).toISOString()).toBe(tomorrow8.toUTC().toISO());
      const [lead] = await leadsFor(from);
      expect(lead?.lead).toMatchObject({ kind: 'abandoned', status: 'resolved', queueName: 'Voice Agent', customerName: 'Dana Whitfield' });
      expect(lead?.history.map((h) => h.actor.name)).toContain('Voice Agent');
      expect(lead?.calls[0]?.notes).toContain('Caller: Hi, my kitchen sink is clogged');
      expect(await session(out.sid)).toMatchObject({ outcome: 'booked', duration_seconds: 75 });
      const [usage] = await t.db.query<{ sessions: number; connected_seconds: number }>("select * from voice_agent_usage where account_id = 'acc-north'");
      expect(usage!.connected_seconds).toBeGreaterThanOrEqual(75);
      // The manager's report lists it by job dates, booked by the Voice Agent.
      const sam = await t.signIn('sam@rebound.example');
      for (const dateType of ['job_creation', 'job_scheduled']) {
        const today = DateTime.fromJSDate(t.clock.now(), { zone: 'America/Chicago' });
        const range = { preset: 'custom', from: today.minus({ days: 1 }).toISODate(), to: today.plus({ days: 2 }).toISODate() };
        const report = await sam.request('POST', '/api/reports/unbooked-abandoned', { ...range, dateType, accountId: 'acc-north' });
        expect(report.status).toBe(200);
        expect(report.json.rows.find((r: { id: string }) => r.id === out.sid)).toMatchObject({ callType: 'voice_agent', name: 'Voice Agent', outcome: 'recovered' });
      }
    });

    it('hand-off: the caller goes back to the front of the queue and the CSR sees why and the transcript', async () => {
      const socket = await ben.socket();
      try {
        const from = caller();
        const out = await t.carrier.overflowCall({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: [{ say: 'My water heater is leaking everywhere' }, { say: 'Can I talk to a real person please' }] });
        expect(JSON.parse(out.run!.handoffData!)).toMatchObject({ reasonCode: 'live-agent-handoff', reason: 'The caller asked for a person.' });
        expect(out.after).toContain('<Enqueue');
        expect(out.after).toContain('q-north-service');
        expect(out.after).not.toContain('agentAfter');
        const offer = await socket.nextVoice((e) => e.type === 'offer' && e.callSid === out.sid && Boolean(e.handoff));
        expect(offer).toMatchObject({ type: 'offer', handoff: { reason: 'The caller asked for a person.' } });
        expect(offer.type === 'offer' && offer.handoff?.transcript).toContain('Caller: My water heater is leaking everywhere');
        // A desk that signs in now is offered this caller first, with the same reason.
        const late = await ben.socket();
        try {
          // Offers reach a new socket a moment after it opens: wait for the first one, not read at once.
          const first = await late.nextVoice((e) => e.type === 'offer');
          expect(first).toMatchObject({ callSid: out.sid, handoff: { reason: 'The caller asked for a person.' } });
        } finally {
          late.close();
        }
        // If they hang up waiting now, it is an ordinary abandoned call in the workflow's queue.
        await t.carrier.hangUpWaiting(out.sid, { from, to: DEMO_NUMBERS.northRadio, queueSeconds: 20 });
        const [lead] = await leadsFor(from);
        expect(lead?.lead).toMatchObject({ kind: 'abandoned', status: 'new', queueName: 'Service' });
        expect(await session(out.sid)).toMatchObject({ outcome: 'handed_off' });
      } finally {
        socket.close();
      }
    });

    it('the name a caller gave the agent names their lead, whether they hang up on it or while waiting after a hand-off', async () => {
      const handedOff = caller();
      const out = await t.carrier.overflowCall({
        from: handedOff, to: DEMO_NUMBERS.northRadio, queueSeconds: 30,
        script: [{ say: 'Hi, my kitchen sink is clogged and backing up' }, { say: 'Pat Lee' }, { say: 'Can I talk to a real person please' }],
      });
      expect(JSON.parse(out.run!.handoffData!)).toMatchObject({ reasonCode: 'live-agent-handoff' });
      await t.server.drain();
      await t.carrier.hangUpWaiting(out.sid, { from: handedOff, to: DEMO_NUMBERS.northRadio, queueSeconds: 20 });
      const [waited] = await leadsFor(handedOff);
      expect(waited?.lead).toMatchObject({ kind: 'abandoned', queueName: 'Service', customerName: 'Pat Lee' });

      const hungUp = caller();
      await t.carrier.overflowCall({ from: hungUp, to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: [{ say: 'Hi, my kitchen sink is clogged and backing up' }, { say: 'Dana Whitfield' }, { hangUp: true }] });
      await t.server.drain();
      const [left] = await leadsFor(hungUp);
      expect(left?.lead).toMatchObject({ kind: 'abandoned', queueName: 'Voice Agent', customerName: 'Dana Whitfield' });
    });

    it('hung up before booking: filed in Abandoned Calls under the Voice Agent with the transcript, metered even at 3 s', async () => {
      const from = caller();
      const before = await t.db.query<{ n: number }>("select coalesce(sum(sessions), 0)::int as n from voice_agent_usage where account_id = 'acc-north'");
      const out = await t.carrier.overflowCall({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 30, sessionSeconds: 3, script: [{ say: 'My toilet is clogged' }, { hangUp: true }] });
      expect(out.after).toContain('<Hangup/>');
      await t.server.drain();
      const [lead] = await leadsFor(from);
      expect(lead?.lead).toMatchObject({ kind: 'abandoned', status: 'new', queueName: 'Voice Agent' });
      expect(lead?.calls[0]?.notes).toContain('Caller: My toilet is clogged');
      expect(lead?.history[0]?.why).toContain('Wanted: My toilet is clogged');
      const after = await t.db.query<{ n: number }>("select coalesce(sum(sessions), 0)::int as n from voice_agent_usage where account_id = 'acc-north'");
      expect(after[0]!.n).toBe(before[0]!.n + 1);
      expect(await session(out.sid)).toMatchObject({ outcome: 'hung_up', duration_seconds: 3 });
    });

    it('a caller who hung up on the Voice Agent reads alike in the list and the drawer: hung up, after the seconds connected', async () => {
      const from = caller();
      // 30 s waiting for a person, then 12 s with the Voice Agent: the carrier's call lasted 42 s.
      const out = await t.carrier.overflowCall({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 30, sessionSeconds: 12, script: [{ say: 'My toilet is clogged' }, { hangUp: true }] });
      await t.server.drain();
      const [lead] = await leadsFor(from);
      expect(lead?.lead.durationSeconds).toBe(12);
      const call = lead?.calls.find((c) => c.callSid === out.sid);
      expect(call).toMatchObject({ outcome: 'hung_up', durationSeconds: 12 });
    });

    it('a call the Voice Agent booked reads as answered in the drawer, for the seconds connected', async () => {
      const from = caller();
      const out = await t.carrier.overflowCall({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: BOOKS_A_DRAIN_JOB, sessionSeconds: 75 });
      await t.server.drain();
      const [lead] = await leadsFor(from);
      expect(lead?.lead.durationSeconds).toBe(75);
      expect(lead?.calls.find((c) => c.callSid === out.sid)).toMatchObject({ outcome: 'answered', durationSeconds: 75 });
    });

    it('asks again when it did not understand, and hands off after two misses', async () => {
      const out = await t.carrier.overflowCall({ from: caller(), to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: [{ say: 'blue elephants' }, { say: 'purple giraffes' }] });
      expect(out.run!.replies[0]).toMatch(/^Sorry, I did not quite understand/);
      expect(JSON.parse(out.run!.handoffData!)).toMatchObject({ reasonCode: 'live-agent-handoff' });
    });
  });

  describe('what supervisors and admins read', () => {
    it('the board counts today per account, lists sessions with transcripts, and only for the reader’s accounts and permission', async () => {
      const sam = await t.signIn('sam@rebound.example');
      const dayStart = new Date(t.clock.now().getTime() - 3_600_000).toISOString();
      const board = await sam.request('POST', '/api/voice-agent/activity', { dayStart });
      expect(board.status).toBe(200);
      const north = board.json.tiles.find((x: { accountId: string }) => x.accountId === 'acc-north');
      expect(north.booked).toBeGreaterThanOrEqual(1);
      expect(north.handedOff).toBeGreaterThanOrEqual(1);
      expect(north.hungUp).toBeGreaterThanOrEqual(1);
      expect(north.handled).toBe(north.booked + north.handedOff + north.hungUp);
      const booked = board.json.sessions.find((x: { outcome: string }) => x.outcome === 'booked');
      expect(booked.transcript[0]).toMatchObject({ who: 'agent' });
      expect(booked.transcript.some((x: { who: string; text: string }) => x.who === 'caller' && /clogged/.test(x.text))).toBe(true);
      // A handed-off session carries the summary its desk got, and only a handed-off one does.
      const sessions = board.json.sessions as { outcome: string | null; handoffSummary: string | null }[];
      expect(sessions.filter((x) => x.outcome === 'handed_off').some((x) => /^Wants: /.test(x.handoffSummary ?? ''))).toBe(true);
      expect(sessions.filter((x) => x.outcome === 'booked').every((x) => x.handoffSummary === null)).toBe(true);
      // A CSR has no board; a supervisor of one account sees only that account.
      const ava = await t.signIn('ava@northside.example');
      expect((await ava.request('POST', '/api/voice-agent/activity', { dayStart })).status).toBe(403);
    });

    it('the tile’s bookings today are the report’s Booked by Voice Agent calls of Today by Job Creation Date', async () => {
      // A booking in each account's own zone (Chicago and New York).
      const south = [{ say: 'My furnace needs a tune-up' }, { say: 'My name is Lee Park' }, { say: "It's 12 Oak Avenue" }, { say: 'tomorrow morning' }, { say: 'Yes please' }];
      for (const [to, script] of [[DEMO_NUMBERS.northRadio, BOOKS_A_DRAIN_JOB], [DEMO_NUMBERS.southTv, south]] as const) {
        const out = await t.carrier.overflowCall({ from: caller(), to, queueSeconds: 30, script: [...script] });
        expect(JSON.parse(out.run!.handoffData!)).toMatchObject({ reasonCode: 'booked' });
      }
      await t.server.drain();
      const sam = await t.signIn('sam@rebound.example');
      for (const accountId of ['acc-north', 'acc-south']) {
        const [zone] = await t.db.query<{ time_zone: string }>('select time_zone from accounts where id = $1', [accountId]);
        // The board's "today" as the desk asks for it: the day of the account's zone.
        const dayStart = reportRange({ preset: 'today' }, t.clock.now(), zone!.time_zone).start.toISOString();
        const board = await sam.request('POST', '/api/voice-agent/activity', { dayStart });
        const tile = board.json.tiles.find((x: { accountId: string }) => x.accountId === accountId);
        const report = await sam.request('POST', '/api/reports/unbooked-abandoned', { preset: 'today', dateType: 'job_creation', accountId });
        const byAgent = report.json.rows.filter((r: { callType: string }) => r.callType === 'voice_agent');
        expect(tile.booked, accountId).toBeGreaterThanOrEqual(1);
        expect(byAgent, accountId).toHaveLength(tile.booked);
        for (const r of byAgent) expect(reportCells(r, zone!.time_zone)[3]).toBe('Booked by Voice Agent');
      }
    });

    it('a caller who hung up on the Voice Agent is an abandoned call in the report and its CSV, named Voice Agent, as many as the tile’s Hung up', async () => {
      // Both ways to the agent: after the wait (North) and at once with nobody free (South); and
      // an ordinary caller who hangs up in a queue the Voice Agent does not take (North sales).
      const north = await t.carrier.overflowCall({ from: caller(), to: DEMO_NUMBERS.northRadio, queueSeconds: 30, sessionSeconds: 12, script: [{ say: 'My toilet is clogged' }, { hangUp: true }] });
      const south = await t.carrier.overflowCall({ from: caller(), to: DEMO_NUMBERS.southTv, queueSeconds: 0, script: [{ hangUp: true }] });
      expect([north.toAgent, south.toAgent]).toEqual([true, true]);
      const inQueue = await t.carrier.abandon({ from: caller(), to: DEMO_NUMBERS.northWeb, queueSeconds: 20 });
      await t.server.drain();
      const sam = await t.signIn('sam@rebound.example');
      for (const [accountId, out] of [['acc-north', north], ['acc-south', south]] as const) {
        const [zone] = await t.db.query<{ time_zone: string }>('select time_zone from accounts where id = $1', [accountId]);
        const report = await sam.request('POST', '/api/reports/unbooked-abandoned', { preset: 'today', accountId, limit: 500 });
        expect(report.status).toBe(200);
        const rows = report.json.rows as ReportRow[];
        const row = rows.find((r) => r.id === out.sid);
        expect(row, accountId).toMatchObject({ callType: 'abandoned', name: 'Voice Agent', outcome: 'open' });
        expect(reportCells(row!, zone!.time_zone).slice(3, 6)).toEqual(['Abandoned', 'Inbound', 'Voice Agent']);
        // The campaign comparison counts it with the abandoned calls.
        const abandoned = rows.filter((r) => r.callType === 'abandoned').length;
        expect((report.json.campaigns as { abandoned: number }[]).reduce((a, c) => a + c.abandoned, 0), accountId).toBe(abandoned);
        // The supervisor's Voice Agent tile counts the same callers as Hung up.
        const dayStart = reportRange({ preset: 'today' }, t.clock.now(), zone!.time_zone).start.toISOString();
        const board = await sam.request('POST', '/api/voice-agent/activity', { dayStart });
        const tile = board.json.tiles.find((x: { accountId: string }) => x.accountId === accountId);
        expect(rows.filter((r) => r.callType === 'abandoned' && r.name === 'Voice Agent'), accountId).toHaveLength(tile.hungUp);

        const res = await fetch(`${t.url}/api/reports/unbooked-abandoned/csv`, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${sam.token}` }, body: JSON.stringify({ preset: 'today', accountId }),
        });
        expect(res.status).toBe(200);
        const records = parse(await res.text(), { bom: true }) as string[][];
        expect(records.find((r) => r[0] === out.sid)).toEqual(reportCells(row!, zone!.time_zone));
      }
      // Told apart from a caller who hung up waiting for a person, and sorted by Name with the people.
      const byName = await sam.request('POST', '/api/reports/unbooked-abandoned', { preset: 'today', accountId: 'acc-north', sort: { column: 'name', direction: 'asc' }, limit: 500 });
      const rows = byName.json.rows as ReportRow[];
      expect(rows.find((r) => r.id === inQueue)).toMatchObject({ callType: 'abandoned', name: null });
      const names = rows.map((r) => r.name);
      expect(names).toEqual([...names].sort((a, b) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : a.localeCompare(b))));
    });

    it('usage: admins read sessions, connected seconds and billed minutes per account and day, and export them as CSV', async () => {
      const admin = await t.signIn('admin@rebound.example');
      const today = DateTime.fromJSDate(t.clock.now(), { zone: 'America/Chicago' }).toISODate()!;
      const range = { from: DateTime.fromISO(today).minus({ days: 1 }).toISODate(), to: DateTime.fromISO(today).plus({ days: 1 }).toISODate() };
      const usage = await admin.request('POST', '/api/admin/voice-agent/usage', range);
      expect(usage.status).toBe(200);
      const north = usage.json.find((r: { accountId: string }) => r.accountId === 'acc-north');
      const [meter] = await t.db.query<{ sessions: number; connected_seconds: number; billed_minutes: number }>("select sum(sessions)::int as sessions, sum(connected_seconds)::int as connected_seconds, sum(billed_minutes)::int as billed_minutes from voice_agent_usage where account_id = 'acc-north'");
      expect(north).toMatchObject({ sessions: meter!.sessions, connectedSeconds: meter!.connected_seconds, billedMinutes: meter!.billed_minutes });
      const csv = await admin.request('POST', '/api/admin/voice-agent/usage/csv', range);
      expect(csv.json.csv).toContain('Account,Day,Sessions,Connected seconds,Billed minutes');
      expect(csv.json.csv).toContain(`Northside Plumbing,${north.day},${north.sessions},${north.connectedSeconds},${north.billedMinutes}`);
      const sam = await t.signIn('sam@rebound.example');
      expect((await sam.request('POST', '/api/admin/voice-agent/usage', range)).status).toBe(403);
      expect((await admin.request('POST', '/api/admin/voice-agent/usage', { from: 'yesterday', to: today })).status).toBe(400);
    });
  });

  describe('settings the caller hears', () => {
    it('uses a customised account’s persona and messages, and Global for the others; no disclosure only once an admin removed it', async () => {
      const admin = await t.signIn('admin@rebound.example');
      const overview = (await admin.request('GET', '/api/admin/voice-agent')).json;
      const custom = {
        ...overview.global,
        persona: { agentName: 'Sunny', businessName: 'Southside Comfort' },
        transcript: { ...overview.global.transcript, aiDisclosure: false, opening: 'You reached [Customer-Facing Business Name], [Voice Agent Name] speaking.' },
        dispatchFee: { ...overview.global.dispatchFee, specificAmount: 'Our trip charge for [Job Type] is [Dispatch Fee].' },
      };
      expect((await admin.request('PUT', '/api/admin/voice-agent', { scope: 'acc-south', settings: custom, confirmDisclosureRemoval: true })).status).toBe(200);
      try {
        const south = await t.carrier.overflowCall({ from: caller(), to: DEMO_NUMBERS.southTv, queueSeconds: 0, script: [{ say: 'How much do you charge when the AC is blowing warm air?' }, { say: 'no thanks, just checking prices' }] });
        expect(south.twiml).toContain('welcomeGreeting="You reached Southside Comfort, Sunny speaking."');
        expect(south.twiml).not.toContain(AI_DISCLOSURE_LINE);
        expect(south.run!.replies[0]).toContain('Our trip charge for AC repair is $129.');
        expect(JSON.parse(south.run!.handoffData!)).toMatchObject({ reasonCode: 'not-booked' });
        const north = await t.carrier.overflowCall({ from: caller(), to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: [{ hangUp: true }] });
        expect(north.twiml).toContain(`welcomeGreeting="${AI_DISCLOSURE_LINE} Thanks for calling Northside Plumbing, this is Riley.`);
      } finally {
        await admin.request('DELETE', '/api/admin/voice-agent/accounts/acc-south');
      }
    });

    it('with booking off in Skills, the agent refuses to book, takes a message and hands off', async () => {
      const admin = await t.signIn('admin@rebound.example');
      const overview = (await admin.request('GET', '/api/admin/voice-agent')).json;
      const noBooking = { ...overview.global, skills: { ...overview.global.skills, bookJobs: false } };
      expect((await admin.request('PUT', '/api/admin/voice-agent', { scope: 'acc-north', settings: noBooking })).status).toBe(200);
      try {
        const out = await t.carrier.overflowCall({ from: caller(), to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: [{ say: 'My drain is clogged, can you book someone tomorrow morning?' }, { say: 'Pat Lee' }] });
        expect(out.run!.replies[0]).toContain("I'm not able to book that myself");
        const data = JSON.parse(out.run!.handoffData!);
        expect(data).toMatchObject({ reasonCode: 'live-agent-handoff' });
        expect(data.reason).toMatch(/Booking is off/);
        expect(data.summary).toContain('Name: Pat Lee');
        expect(out.after).toContain('<Enqueue');
        expect(await t.db.query('select 1 from jobs j join voice_agent_sessions s on s.job_id = j.id where s.call_sid = $1', [out.sid])).toHaveLength(0);
      } finally {
        await admin.request('DELETE', '/api/admin/voice-agent/accounts/acc-north');
      }
    });
  });

  describe('the relay socket', () => {
    it('ignores partial prompts until the last one, takes digits, and stops a reply the caller talks over', async () => {
      const out = await t.carrier.overflowCall({
        from: caller(), to: DEMO_NUMBERS.northRadio, queueSeconds: 30,
        script: [{ say: 'my water heater is broken', fragments: true }, { say: 'Jamie Ross', interruptAfter: 2 }, { press: '0' }],
      });
      // One reply per whole prompt: the fragments before it were not answered.
      expect(out.run!.replies[0]).toMatch(/^I can help with that: Water heater repair\./);
      expect(JSON.parse(out.run!.handoffData!)).toMatchObject({ reason: 'The caller pressed 0 for a person.' });
      const row = await session(out.sid);
      const turns = row!.transcript as { who: string; text: string }[];
      expect(turns.filter((x) => x.who === 'caller').map((x) => x.text)).toEqual(['my water heater is broken', 'Jamie Ross', '[pressed 0]']);
    });

    it('a caller who presses 0 before saying anything is handed off with nothing claimed as gathered', async () => {
      // Was "Nothing gathered yet." as the summary, which the supervisor's board then showed as
      // what the caller wanted, after the conversation had ended.
      const out = await t.carrier.overflowCall({ from: caller(), to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: [{ press: '0' }] });
      const data = JSON.parse(out.run!.handoffData!);
      expect(data).toMatchObject({ reasonCode: 'live-agent-handoff', reason: 'The caller pressed 0 for a person.' });
      expect(data.summary).toBeUndefined();
      const row = await session(out.sid);
      expect(row).toMatchObject({ outcome: 'handed_off', wanted: null, handoff_summary: null });
    });

    it('skips malformed and out-of-order messages with the session going on, and never crashes the server', async () => {
      const raw = async (ws: WebSocket) => {
        ws.send('not json at all');
        ws.send(JSON.stringify({ type: 'prompt' }));
        ws.send(JSON.stringify({ type: 'dtmf', digit: 'xyz' }));
        ws.send(JSON.stringify({ type: 'mystery', payload: 1 }));
        ws.send(JSON.stringify({ type: 'setup', sessionId: 'VX1', accountSid: 'AC1', callSid: newSid('CA') }));
        ws.send(JSON.stringify({ type: 'interrupt', utteranceUntilInterrupt: 'Thanks for', durationUntilInterruptMs: 460 }));
        ws.send(JSON.stringify({ type: 'error', description: 'Invalid message received: 64107' }));
      };
      const out = await t.carrier.overflowCall({ from: caller(), to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: [{ say: 'my drain is clogged' }], raw });
      expect(out.run!.replies[0]).toMatch(/Drain cleaning/);
      expect((await fetch(`${t.url}/health`)).status).toBe(200);
    });

    it('a prompt before setup is skipped, not answered', async () => {
      const url = `${t.url.replace('http', 'ws')}/twilio/voice-agent/relay`;
      const ws = new WebSocket(url, { headers: { 'x-twilio-signature': signTwilioRequest(TEST_AUTH_TOKEN, url, {}) } });
      await new Promise((r) => ws.on('open', r));
      const got: string[] = [];
      ws.on('message', (d) => got.push(String(d)));
      ws.send(JSON.stringify({ type: 'prompt', voicePrompt: 'hello?', last: true }));
      await new Promise((r) => setTimeout(r, 200));
      expect(got).toEqual([]);
      expect(ws.readyState).toBe(ws.OPEN);
      ws.close();
    });

    it('refuses an upgrade with a wrong or missing signature before any message', async () => {
      const url = `${t.url.replace('http', 'ws')}/twilio/voice-agent/relay`;
      for (const headers of [{ 'x-twilio-signature': signTwilioRequest('not-our-token', url, {}) }, {}]) {
        const status = await new Promise<number>((resolve) => {
          const ws = new WebSocket(url, { headers });
          ws.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
          ws.on('open', () => resolve(101));
        });
        expect(status).toBe(403);
      }
    });
  });
});
