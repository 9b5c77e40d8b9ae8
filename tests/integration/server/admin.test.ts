import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_VOICE_AGENT_SETTINGS, tabSettingsOf, type VoiceAgentSettings } from '../../../shared';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import { BACKENDS } from '../../support/backends';
import { startTestServer, type Desk, type TestServer } from '../../support/test-server';

describe.each(BACKENDS)('admin settings on $name', (backend) => {
  let t: TestServer;
  let admin: Desk;
  let ava: Desk;
  let n = 0;
  const caller = () => `+1312555${String(8100 + ++n)}`;
  const scl = async (phone: string) => t.db.query("select id from leads where phone = $1 and kind = 'second_chance'", [phone]);

  beforeAll(async () => {
    t = await startTestServer(backend, { acwMinutes: 5 });
    admin = await t.signIn('admin@rebound.example');
    ava = await t.signIn('ava@northside.example');
  });
  afterAll(() => t?.close());

  describe('Second Chance Leads settings', () => {
    it('needs both feature-management permissions', async () => {
      expect((await ava.request('GET', '/api/admin/scl-settings')).status).toBe(403);
      expect((await ava.request('PUT', '/api/admin/scl-settings/acc-north', { enabled: false, acwMinutes: 5, coldDays: 3 })).status).toBe(403);
      const r = await admin.request('GET', '/api/admin/scl-settings');
      expect(r.status).toBe(200);
      expect(r.json).toEqual([
        { accountId: 'acc-north', accountName: 'Northside Plumbing', enabled: true, acwMinutes: 5, coldDays: 3, threshold: 50 },
        { accountId: 'acc-south', accountName: 'Southside Heating & Air', enabled: false, acwMinutes: 5, coldDays: 3, threshold: 50 },
      ]);
    });

    it('refuses values out of range with a reason and changes nothing', async () => {
      const bad = await admin.request('PUT', '/api/admin/scl-settings/acc-north', { enabled: true, acwMinutes: 0, coldDays: 91 });
      expect(bad.status).toBe(400);
      expect(bad.json.message).toContain('After Call Work Time must be at least 1 minute.');
      expect(bad.json.message).toContain('Cold Leads may be at most 90 days.');
      const [row] = await t.db.query<{ acw_minutes: number }>("select acw_minutes from account_settings where account_id = 'acc-north'");
      expect(row!.acw_minutes).toBe(5);
    });

    it('turned off, an unbooked call makes no SCL', async () => {
      expect((await admin.request('PUT', '/api/admin/scl-settings/acc-north', { enabled: false, acwMinutes: 5, coldDays: 3 })).status).toBe(200);
      const from = caller();
      await t.carrier.answer({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 5, talkSeconds: 90, agentId: 'u-ava' });
      t.clock.advanceMinutes(6);
      await t.server.sweep();
      expect(await scl(from)).toEqual([]);
    });

    it('with After Call Work Time at 10 minutes, the SCL appears after 10, not 5', async () => {
      const r = await admin.request('PUT', '/api/admin/scl-settings/acc-north', { enabled: true, acwMinutes: 10, coldDays: 3 });
      expect(r.json).toMatchObject({ enabled: true, acwMinutes: 10 });
      const from = caller();
      await t.carrier.answer({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 5, talkSeconds: 90, agentId: 'u-ava' });
      t.clock.advanceMinutes(6);
      await t.server.sweep();
      expect(await scl(from)).toEqual([]);
      t.clock.advanceMinutes(5);
      await t.server.sweep();
      expect(await scl(from)).toHaveLength(1);
    });

    it('tells connected desks of the account at once', async () => {
      const socket = await ava.socket();
      await admin.request('PUT', '/api/admin/scl-settings/acc-north', { enabled: true, acwMinutes: 10, coldDays: 7 });
      // The settings poke (cursor 0, nothing created): no lead changed, only what the desk may see.
      await expect.poll(() => socket.pokes.some((p) => p.cursor === 0 && p.created.length === 0)).toBe(true);
      const pulled = await ava.pull(0);
      expect(pulled.session.settings.sclColdDays).toBe(7); // Ava works North only, so North's Cold Leads days
      socket.close();
      // Ben works North (7 days) and South (3): each account's leads go Cold by their own days.
      const ben = await t.signIn('ben@rebound.example');
      const both = await ben.pull(0);
      expect(Object.fromEntries(both.session.accountSettings.map((a) => [a.accountId, a.sclColdDays]))).toEqual({ 'acc-north': 7, 'acc-south': 3 });
      expect(tabSettingsOf(both.session)).toEqual({ sclColdDays: 3, sclColdDaysByAccount: { 'acc-north': 7, 'acc-south': 3 } });
    });
  });

  describe('users and roles', () => {
    it('is for admins with Manage Users and Roles', async () => {
      expect((await ava.request('GET', '/api/admin/users-and-roles')).status).toBe(403);
      expect((await ava.request('POST', '/api/admin/roles', { name: 'Sneaky', permissions: ['admin.users_roles'] })).status).toBe(403);
      const r = await admin.request('GET', '/api/admin/users-and-roles');
      expect(r.json.roles.map((x: { name: string }) => x.name)).toContain('CSR');
      expect(r.json.users.find((u: { id: string }) => u.id === 'u-ava')).toEqual({ id: 'u-ava', name: 'Ava Chen', email: 'ava@northside.example', roleIds: ['role-csr'], accountIds: ['acc-north'], active: true });
    });

    it('creates a role, refuses a duplicate name and a bad permission', async () => {
      const r = await admin.request('POST', '/api/admin/roles', { name: 'SCL Reviewer', permissions: ['followups.scl.edit', 'followups.abandoned.edit'] });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ name: 'SCL Reviewer', permissions: ['followups.abandoned.edit', 'followups.scl.edit'], users: 0 });
      expect((await admin.request('POST', '/api/admin/roles', { name: 'scl reviewer', permissions: [] })).status).toBe(409);
      const bad = await admin.request('POST', '/api/admin/roles', { name: 'X', permissions: ['root'] });
      expect(bad.status).toBe(400);
    });

    it('a role given to a connected CSR takes effect at once, and taking it away purges SCL from her scope', async () => {
      const roles = (await admin.request('GET', '/api/admin/users-and-roles')).json.roles as { id: string; name: string }[];
      const reviewer = roles.find((r) => r.name === 'SCL Reviewer')!;
      const socket = await ava.socket();
      const r = await admin.request('PUT', '/api/admin/users/u-ava/access', { roleIds: [reviewer.id], accountIds: ['acc-north'] });
      expect(r.status).toBe(200);
      await expect.poll(() => socket.pokes.some((p) => p.cursor === 0 && p.created.length === 0)).toBe(true);
      expect((await ava.pull(0)).scope.kinds).toEqual(['abandoned', 'second_chance']);

      // Edit the role itself: without SCL, her scope shrinks back.
      await admin.request('POST', '/api/admin/roles', { id: reviewer.id, name: 'SCL Reviewer', permissions: ['followups.abandoned.edit'] });
      expect((await ava.pull(0)).scope.kinds).toEqual(['abandoned']);
      expect((await admin.request('DELETE', `/api/admin/roles/${reviewer.id}`)).status).toBe(409); // still held
      await admin.request('PUT', '/api/admin/users/u-ava/access', { roleIds: ['role-csr'], accountIds: ['acc-north'] });
      expect((await admin.request('DELETE', `/api/admin/roles/${reviewer.id}`)).status).toBe(200);
      socket.close();
    });

    it('an admin cannot lock themselves out, nor hand out accounts they do not hold', async () => {
      const self = await admin.request('PUT', '/api/admin/users/u-admin/access', { roleIds: ['role-csr'], accountIds: ['acc-north', 'acc-south'] });
      expect(self.status).toBe(409);
      expect(self.json.message).toContain('your own Manage Users and Roles');
      const [still] = await t.db.query<{ role_id: string }>("select role_id from user_roles where user_id = 'u-admin'");
      expect(still!.role_id).toBe('role-admin');
      const foreign = await admin.request('PUT', '/api/admin/users/u-ava/access', { roleIds: ['role-csr'], accountIds: ['acc-elsewhere'] });
      expect(foreign.status).toBe(404);
    });
  });

  describe('Voice Agent settings', () => {
    const withAgent = (name: string, over: Partial<VoiceAgentSettings['transcript']> = {}): VoiceAgentSettings => ({
      ...DEFAULT_VOICE_AGENT_SETTINGS,
      persona: { ...DEFAULT_VOICE_AGENT_SETTINGS.persona, agentName: name },
      transcript: { ...DEFAULT_VOICE_AGENT_SETTINGS.transcript, ...over },
    });
    const overview = async () => (await admin.request('GET', '/api/admin/voice-agent')).json;

    it('is only for Edit Voice Agent Settings', async () => {
      const sam = await t.signIn('sam@rebound.example');
      expect((await sam.request('GET', '/api/admin/voice-agent')).status).toBe(403);
      expect((await sam.request('PUT', '/api/admin/voice-agent', { scope: 'global', settings: withAgent('Mallory') })).status).toBe(403);
    });

    it('refuses a message with an unknown bracket variable, naming it', async () => {
      const r = await admin.request('PUT', '/api/admin/voice-agent', { scope: 'global', settings: withAgent('Riley', { opening: 'Hi, this is [Acount Name].' }) });
      expect(r.status).toBe(400);
      expect(r.json.message).toContain('The opening message uses an unknown variable: [Acount Name].');
    });

    it('an account customised keeps its values when Global changes later; reset makes it follow Global again', async () => {
      expect((await admin.request('PUT', '/api/admin/voice-agent', { scope: 'acc-north', settings: withAgent('Nora') })).status).toBe(200);
      expect((await admin.request('PUT', '/api/admin/voice-agent', { scope: 'global', settings: withAgent('Gus') })).status).toBe(200);
      let o = await overview();
      expect(o.global.persona.agentName).toBe('Gus');
      const byId = (id: string) => o.accounts.find((a: { accountId: string }) => a.accountId === id);
      expect(byId('acc-north')).toMatchObject({ custom: true, settings: { persona: { agentName: 'Nora' } } });
      expect(byId('acc-south')).toMatchObject({ custom: false, settings: { persona: { agentName: 'Gus' } } });
      expect((await admin.request('DELETE', '/api/admin/voice-agent/accounts/acc-north')).status).toBe(200);
      o = await overview();
      expect(byId('acc-north')).toMatchObject({ custom: false, settings: { persona: { agentName: 'Gus' } } });
    });

    it('edits an account’s job types and fees, which desks receive, and keeps those with booked jobs', async () => {
      const sam = await t.signIn('sam@rebound.example');
      expect((await sam.request('PUT', '/api/admin/accounts/acc-north/job-types', { jobTypes: [{ name: 'X', dispatchFeeCents: 0 }] })).status).toBe(403);
      const bad = await admin.request('PUT', '/api/admin/accounts/acc-north/job-types', { jobTypes: [{ name: 'Drain', dispatchFeeCents: -5 }] });
      expect(bad.status).toBe(400);
      expect(bad.json.message).toContain('A dispatch fee cannot be negative.');
      const r = await admin.request('PUT', '/api/admin/accounts/acc-north/job-types', {
        jobTypes: [
          { id: 'jt-north-drain', name: 'Drain cleaning', dispatchFeeCents: 9500 },
          { id: 'jt-north-heater', name: 'Water heater repair', dispatchFeeCents: null },
          { id: 'jt-north-estimate', name: 'Replacement estimate', dispatchFeeCents: 0 },
          { name: 'Sump pump install', dispatchFeeCents: 0 },
        ],
      });
      expect(r.status).toBe(200);
      expect(r.json.map((j: { name: string }) => j.name)).toEqual(['Drain cleaning', 'Replacement estimate', 'Sump pump install', 'Water heater repair']);
      const ben = await t.signIn('ben@rebound.example');
      const pulled = await ben.pull(0);
      expect(pulled.jobTypes.find((j) => j.id === 'jt-north-drain')?.dispatchFeeCents).toBe(9500);
      expect(pulled.jobTypes.some((j) => j.name === 'Sump pump install')).toBe(true);

      // A type with a booked job stays: leaving Drain cleaning out of the list is refused.
      const phone = caller();
      await t.carrier.abandon({ from: phone, to: DEMO_NUMBERS.northRadio, queueSeconds: 30 });
      const [lead] = await t.db.query<{ id: string }>("select id from leads where phone = $1 and kind = 'abandoned'", [phone]);
      const booked = await ben.push([{
        id: 1, name: 'bookJob',
        args: { leadId: lead!.id, jobId: '6f1c1c1e-0000-4000-8000-000000000001', jobTypeId: 'jt-north-drain', windowStart: new Date(t.clock.now().getTime() + 86_400_000).toISOString(), windowEnd: new Date(t.clock.now().getTime() + 93_600_000).toISOString(), customerName: 'Kim', address: '1 Elm St' },
      }]);
      expect(booked.results[0]!.status).toBe('applied');
      const drop = await admin.request('PUT', '/api/admin/accounts/acc-north/job-types', { jobTypes: r.json.filter((j: { name: string }) => j.name !== 'Drain cleaning') });
      expect(drop.status).toBe(409);
      expect(drop.json.message).toBe('“Drain cleaning” has booked jobs and cannot be removed; rename or reprice it instead.');
      expect((await t.db.query("select 1 from job_types where id = 'jt-north-drain'"))).toHaveLength(1);
    });

    it('turning the AI disclosure off needs an explicit confirmation', async () => {
      const off = withAgent('Gus', { aiDisclosure: false });
      const refused = await admin.request('PUT', '/api/admin/voice-agent', { scope: 'global', settings: off });
      expect(refused.status).toBe(409);
      expect(refused.json.message).toContain('needs an explicit confirmation');
      expect((await overview()).global.transcript.aiDisclosure).toBe(true);
      expect((await admin.request('PUT', '/api/admin/voice-agent', { scope: 'global', settings: off, confirmDisclosureRemoval: true })).status).toBe(200);
      expect((await overview()).global.transcript.aiDisclosure).toBe(false);
    });
  });

  describe('campaigns, queues, routing workflows and tracking numbers', () => {
    const leadsFor = (phone: string) => t.db.query("select id from leads where phone = $1 and kind = 'abandoned'", [phone]);

    it('need the Phone settings permission', async () => {
      const ben = await t.signIn('ben@rebound.example');
      expect((await ben.request('GET', '/api/admin/routing')).status).toBe(403);
      expect((await ben.request('POST', '/api/admin/tracking-numbers/search', { kind: 'local', areaCode: '312' })).status).toBe(403);
    });

    it('creates campaigns, queues and workflows, refusing duplicates, foreign queues and an overflow wait without seconds', async () => {
      const c = await admin.request('POST', '/api/admin/campaigns', { accountId: 'acc-north', name: 'Fall Mailer' });
      expect(c.status).toBe(200);
      expect((await admin.request('POST', '/api/admin/campaigns', { accountId: 'acc-north', name: 'fall mailer' })).status).toBe(409);
      const q = await admin.request('POST', '/api/admin/queues', { accountId: 'acc-north', name: 'After Hours' });
      const base = { accountId: 'acc-north', name: 'Mailer line', queueId: q.json.id, active: true, overflowRule: 'wait', overflowWaitSeconds: null };
      const noSeconds = await admin.request('POST', '/api/admin/workflows', base);
      expect(noSeconds.status).toBe(400);
      expect(noSeconds.json.message).toContain('after how many seconds');
      expect((await admin.request('POST', '/api/admin/workflows', { ...base, queueId: 'q-south-service', overflowWaitSeconds: 90 })).status).toBe(404);
      const w = await admin.request('POST', '/api/admin/workflows', { ...base, overflowWaitSeconds: 90 });
      expect(w.json).toMatchObject({ name: 'Mailer line', overflowRule: 'wait', overflowWaitSeconds: 90, active: true });
      const routing = (await admin.request('GET', '/api/admin/routing')).json;
      expect(routing.workflows.map((x: { name: string }) => x.name)).toContain('Mailer line');
    });

    it('searches available numbers by area code, ZIP, toll-free and digits, with Load More', async () => {
      const first = (await admin.request('POST', '/api/admin/tracking-numbers/search', { kind: 'local', areaCode: '312' })).json;
      expect(first.numbers).toHaveLength(20);
      expect(first.numbers.every((n: { e164: string }) => n.e164.startsWith('+1312'))).toBe(true);
      const more = (await admin.request('POST', '/api/admin/tracking-numbers/search', { kind: 'local', areaCode: '312', after: first.next })).json;
      expect(more.numbers.filter((n: { e164: string }) => first.numbers.some((f: { e164: string }) => f.e164 === n.e164))).toEqual([]);
      const zip = (await admin.request('POST', '/api/admin/tracking-numbers/search', { kind: 'local', zip: '30301' })).json;
      expect(zip.numbers[0]).toMatchObject({ locality: 'Atlanta', region: 'GA' });
      const digits = (await admin.request('POST', '/api/admin/tracking-numbers/search', { kind: 'local', areaCode: '312', contains: '77' })).json;
      expect(digits.numbers.length).toBeGreaterThan(0);
      expect(digits.numbers.every((n: { e164: string }) => n.e164.slice(2).includes('77'))).toBe(true);
      const tollFree = (await admin.request('POST', '/api/admin/tracking-numbers/search', { kind: 'toll_free' })).json;
      expect(tollFree.numbers.every((n: { tollFree: boolean }) => n.tollFree)).toBe(true);
      const bad = await admin.request('POST', '/api/admin/tracking-numbers/search', { kind: 'local', areaCode: '012' });
      expect(bad.status).toBe(400);
      expect((await admin.request('POST', '/api/admin/tracking-numbers/search', { kind: 'local' })).json.message).toContain('area code or ZIP');
    });

    it('a bought number routes from the next day; one without an active workflow disconnects callers and files nothing', async () => {
      const routing = (await admin.request('GET', '/api/admin/routing')).json;
      const wf = routing.workflows.find((x: { name: string }) => x.name === 'Mailer line');
      const [number] = (await admin.request('POST', '/api/admin/tracking-numbers/search', { kind: 'local', areaCode: '312' })).json.numbers;
      const bought = await admin.request('POST', '/api/admin/tracking-numbers', {
        e164: number.e164, accountId: 'acc-north', type: 'tracking', campaignId: null, workflowId: wf.id, employeeId: null, forwardingE164: null, receiveTexts: true,
      });
      expect(bought.status).toBe(200);
      expect(bought.json.warning).toMatch(/^Not usable yet/);
      const early = caller();
      await t.carrier.abandon({ from: early, to: number.e164, queueSeconds: 30 });
      expect(await leadsFor(early)).toEqual([]);

      t.clock.advanceMinutes(24 * 60);
      admin = await t.signIn('admin@rebound.example'); // sessions last 12 hours
      const listed = (await admin.request('GET', '/api/admin/tracking-numbers')).json.find((n: { e164: string }) => n.e164 === number.e164);
      // No forwarding number: with no desk signed in, a caller still waits in the queue (one is forwarded otherwise).
      expect(listed).toMatchObject({ warning: null, receiveTexts: true, forwardingE164: null });
      const onTime = caller();
      await t.carrier.abandon({ from: onTime, to: number.e164, queueSeconds: 30 });
      expect(await leadsFor(onTime)).toHaveLength(1);

      await admin.request('POST', '/api/admin/workflows', { ...wf, active: false });
      const inactive = (await admin.request('GET', '/api/admin/tracking-numbers')).json.find((n: { e164: string }) => n.e164 === number.e164);
      expect(inactive.warning).toBe('Its routing workflow is not active: calls to this number are disconnected.');
      const late = caller();
      const answer = await t.carrier.ring('CA' + 'f'.repeat(32), { from: late, to: number.e164, queueSeconds: 0 });
      expect(answer.body).toContain('not in service');
      await t.carrier.abandon({ from: late, to: number.e164, queueSeconds: 30 });
      expect(await leadsFor(late)).toEqual([]);
    });

    it('a direct-dial number offers its callers to its employee only', async () => {
      const [number] = (await admin.request('POST', '/api/admin/tracking-numbers/search', { kind: 'local', areaCode: '773' })).json.numbers;
      const r = await admin.request('POST', '/api/admin/tracking-numbers', {
        e164: number.e164, accountId: 'acc-north', type: 'direct', campaignId: null, workflowId: null, employeeId: 'u-ava', forwardingE164: null, receiveTexts: false,
      });
      expect(r.status).toBe(200);
      t.clock.advanceMinutes(24 * 60);
      admin = await t.signIn('admin@rebound.example');
      ava = await t.signIn('ava@northside.example');
      const ben = await t.signIn('ben@rebound.example');
      const avaSocket = await ava.socket();
      const benSocket = await ben.socket();
      const sid = 'CA' + 'd'.repeat(32);
      const answer = await t.carrier.ring(sid, { from: caller(), to: number.e164, queueSeconds: 0 });
      expect(answer.body).toContain('>direct:u-ava</Enqueue>');
      await avaSocket.nextVoice((e) => e.type === 'offer' && e.callSid === sid);
      await new Promise((res) => setTimeout(res, 200));
      expect(benSocket.voice.filter((e) => 'callSid' in e && e.callSid === sid)).toEqual([]);
      expect((await ben.request('POST', `/api/voice/simulated/offers/${sid}/answer`)).json.message).toBe('That caller dialled someone else directly.');
      expect((await ava.request('POST', `/api/voice/simulated/offers/${sid}/answer`)).status).toBe(200);
      await ava.request('POST', `/api/voice/simulated/calls/${sid}/hang-up`);
      avaSocket.close();
      benSocket.close();
    });

    it('refuses a tracking number without a workflow, and a number of another account', async () => {
      const r = await admin.request('POST', '/api/admin/tracking-numbers', {
        e164: '+13125550199', accountId: 'acc-north', type: 'tracking', campaignId: null, workflowId: null, employeeId: null, forwardingE164: null, receiveTexts: false,
      });
      expect(r.status).toBe(400);
      expect(r.json.message).toContain('assigned to a routing workflow');
      const other = await admin.request('POST', '/api/admin/tracking-numbers', {
        e164: DEMO_NUMBERS.southTv, accountId: 'acc-north', type: 'unassigned', campaignId: null, workflowId: null, employeeId: null, forwardingE164: null, receiveTexts: false,
      });
      expect(other.status).toBe(409);
    });
  });
});
