import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import { formatPhone } from '../../../shared/format/format';
import { BACKENDS } from '../../support/backends';
import { startTestServer, type Desk, type TestServer } from '../../support/test-server';

/*
 * The admin actions the workflow asks for beyond the first build (issue 20, items 8-10): editing
 * a bought number, adding and deactivating users, renaming and retiring campaigns and queues.
 * Each is scoped to the acting admin's accounts: `northAdmin` holds the Administrator role for
 * Northside only.
 */
describe.each(BACKENDS)('workflow admin actions on $name', (backend) => {
  let t: TestServer;
  let admin: Desk;
  let northAdmin: Desk;

  beforeAll(async () => {
    t = await startTestServer(backend);
    await t.db.query(
      `insert into users (id, email, name, password_hash) select 'u-north-admin', 'nadia@northside.example', 'Nadia North', password_hash from users where id = 'u-admin'`,
    );
    await t.db.query(`insert into user_roles values ('u-north-admin', 'role-admin')`);
    await t.db.query(`insert into user_accounts values ('u-north-admin', 'acc-north')`);
    admin = await t.signIn('admin@rebound.example');
    northAdmin = await t.signIn('nadia@northside.example');
  });
  afterAll(() => t?.close());

  describe('tracking numbers are edited after purchase', () => {
    const north = { e164: DEMO_NUMBERS.northUnrouted, accountId: 'acc-north', campaignId: null, employeeId: null, forwardingE164: null, receiveTexts: false };

    it('changes campaign, routing workflow, forwarding number and type without buying anything, and the listing names the account', async () => {
      const r = await admin.request('PUT', `/api/admin/tracking-numbers/${encodeURIComponent(north.e164)}`, {
        ...north, type: 'tracking', campaignId: 'cmp-north-web', workflowId: 'wf-north-sales', forwardingE164: '+13125550177', receiveTexts: true,
      });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ campaignId: 'cmp-north-web', workflowId: 'wf-north-sales', forwardingE164: '+13125550177', receiveTexts: true, warning: null });
      // No desk is signed in, so a caller is forwarded to the Call Continuity number and filed nowhere.
      await t.carrier.abandon({ from: '+13125558300', to: north.e164, queueSeconds: 40 });
      expect(await t.db.query("select id from leads where phone = '+13125558300'")).toEqual([]);
      // Without a forwarding number it routes: a caller to it lands in the Sales queue of the Website campaign.
      const routed = await admin.request('PUT', `/api/admin/tracking-numbers/${encodeURIComponent(north.e164)}`, {
        ...north, type: 'tracking', campaignId: 'cmp-north-web', workflowId: 'wf-north-sales', forwardingE164: null, receiveTexts: true,
      });
      expect(routed.status).toBe(200);
      await t.carrier.abandon({ from: '+13125558301', to: north.e164, queueSeconds: 40 });
      const [lead] = await t.db.query<{ queue_id: string; campaign_id: string }>("select queue_id, campaign_id from leads where phone = '+13125558301'");
      expect(lead).toEqual({ queue_id: 'q-north-sales', campaign_id: 'cmp-north-web' });

      const unassigned = await admin.request('PUT', `/api/admin/tracking-numbers/${encodeURIComponent(north.e164)}`, { ...north, type: 'unassigned', workflowId: null });
      expect(unassigned.json).toMatchObject({ type: 'unassigned', workflowId: null, warning: 'Unassigned: calls to this number are disconnected.' });
      const listed = (await admin.request('GET', '/api/admin/tracking-numbers')).json as { e164: string; accountId: string }[];
      expect(listed.find((n) => n.e164 === north.e164)?.accountId).toBe('acc-north');
      expect(listed.find((n) => n.e164 === DEMO_NUMBERS.southTv)?.accountId).toBe('acc-south');
    });

    it('never buys: editing a number nobody owns is refused and buys nothing', async () => {
      const r = await admin.request('PUT', '/api/admin/tracking-numbers/%2B13125550666', { ...north, e164: '+13125550666', type: 'unassigned', workflowId: null });
      expect(r.status).toBe(404);
      expect(await t.db.query("select 1 from tracking_numbers where e164 = '+13125550666'")).toEqual([]);
    });

    it('keeps a number in its account and refuses targets of another account', async () => {
      const move = await admin.request('PUT', `/api/admin/tracking-numbers/${encodeURIComponent(north.e164)}`, { ...north, accountId: 'acc-south', type: 'unassigned', workflowId: null });
      expect(move.status).toBe(409);
      const foreign = await admin.request('PUT', `/api/admin/tracking-numbers/${encodeURIComponent(north.e164)}`, { ...north, type: 'tracking', workflowId: 'wf-south-service' });
      expect(foreign.status).toBe(404);
      expect(foreign.json.message).toBe('That routing workflow is not in this account.');
    });

    it("an admin of Northside only neither sees nor edits Southside's numbers", async () => {
      const listed = (await northAdmin.request('GET', '/api/admin/tracking-numbers')).json as { accountId: string }[];
      expect(new Set(listed.map((n) => n.accountId))).toEqual(new Set(['acc-north']));
      const r = await northAdmin.request('PUT', `/api/admin/tracking-numbers/${encodeURIComponent(DEMO_NUMBERS.southTv)}`, {
        ...north, e164: DEMO_NUMBERS.southTv, accountId: 'acc-south', type: 'unassigned', workflowId: null,
      });
      expect(r.status).toBe(404);
      const [row] = await t.db.query<{ number_type: string }>('select number_type from tracking_numbers where e164 = $1', [DEMO_NUMBERS.southTv]);
      expect(row!.number_type).toBe('tracking');
    });

    it('needs the Phone settings permission', async () => {
      const ben = await t.signIn('ben@rebound.example');
      expect((await ben.request('PUT', `/api/admin/tracking-numbers/${encodeURIComponent(north.e164)}`, { ...north, type: 'unassigned', workflowId: null })).status).toBe(403);
    });
  });

  describe('users are added and deactivated', () => {
    const signInRaw = async (body: object) => {
      const r = await fetch(`${t.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: r.status, json: (await r.json()) as { token?: string; message?: string } };
    };

    it('adds a user with roles and accounts who signs in once with the code and a password of their own; the code is then spent', async () => {
      const r = await admin.request('POST', '/api/admin/users', { name: 'Dana Lee', email: 'dana@northside.example', roleIds: ['role-csr'], accountIds: ['acc-north'], firstSignIn: 'link' });
      expect(r.status).toBe(200);
      expect(r.json.user).toMatchObject({ name: 'Dana Lee', email: 'dana@northside.example', roleIds: ['role-csr'], accountIds: ['acc-north'], active: true });
      expect(r.json.initialPassword).toBeNull();
      const code = r.json.signInCode as string;
      expect(code).toMatch(/^[A-Za-z0-9]{24}$/);
      // Only its hash is kept.
      expect(JSON.stringify(await t.db.query('select * from sign_in_codes'))).not.toContain(code);
      // Without the code nobody can sign in as her.
      expect((await signInRaw({ email: 'dana@northside.example', password: 'whatever-she-likes' })).status).toBe(401);
      expect((await signInRaw({ email: 'dana@northside.example', password: 'short', signInCode: code })).json.message).toContain('at least 10 characters');
      expect((await signInRaw({ email: 'ava@northside.example', password: 'dana-chose-this', signInCode: code })).status).toBe(401);
      const first = await signInRaw({ email: 'dana@northside.example', password: 'dana-chose-this', signInCode: code });
      expect(first.status).toBe(200);
      const again = await signInRaw({ email: 'dana@northside.example', password: 'another-password', signInCode: code });
      expect(again.status).toBe(401);
      expect(again.json.message).toContain('used already');
      const dana = await t.signIn('dana@northside.example', 'dana-chose-this');
      const pulled = await dana.pullAll();
      expect(pulled.every((l) => l.lead.accountId === 'acc-north' && l.lead.kind === 'abandoned')).toBe(true);
    });

    it('adds a user with an initial password, shown once, and refuses a duplicate e-mail, a missing role and a bad e-mail', async () => {
      const r = await admin.request('POST', '/api/admin/users', { name: 'Eli Moss', email: 'eli@rebound.example', roleIds: ['role-supervisor'], accountIds: ['acc-north', 'acc-south'], firstSignIn: 'password' });
      expect(r.json.signInCode).toBeNull();
      const eli = await t.signIn('eli@rebound.example', r.json.initialPassword);
      expect((await eli.request('GET', '/api/session')).json.accounts).toHaveLength(2);
      expect((await admin.request('POST', '/api/admin/users', { name: 'Eli Two', email: 'ELI@rebound.example', roleIds: ['role-csr'], accountIds: ['acc-north'], firstSignIn: 'link' })).status).toBe(409);
      expect((await admin.request('POST', '/api/admin/users', { name: 'X', email: 'x@rebound.example', roleIds: ['role-gone'], accountIds: ['acc-north'], firstSignIn: 'link' })).status).toBe(404);
      const bad = await admin.request('POST', '/api/admin/users', { name: 'X', email: 'not-an-email', roleIds: [], accountIds: ['acc-north'], firstSignIn: 'link' });
      expect(bad.status).toBe(400);
      expect(bad.json.message).toContain('at least one role');
    });

    it('an admin of Northside only adds people to Northside only', async () => {
      const r = await northAdmin.request('POST', '/api/admin/users', { name: 'Finn', email: 'finn@rebound.example', roleIds: ['role-csr'], accountIds: ['acc-north', 'acc-south'], firstSignIn: 'link' });
      expect(r.status).toBe(404);
      expect(await t.db.query("select 1 from users where email = 'finn@rebound.example'")).toEqual([]);
    });

    it("deactivating a user ends their sessions and socket at once and keeps them out; it is scoped to admins of all of the user's accounts", async () => {
      const ava = await t.signIn('ava@northside.example');
      const socket = await ava.socket();
      expect((await ava.request('GET', '/api/session')).status).toBe(200);
      // Ben works for Southside too: an admin of Northside only may not take him off both.
      const ben = (await northAdmin.request('PUT', '/api/admin/users/u-ben/active', { active: false }));
      expect(ben.status).toBe(403);
      expect(ben.json.message).toContain('accounts you do not manage');
      // Cora works for Southside only: to the Northside admin she does not exist.
      expect((await northAdmin.request('PUT', '/api/admin/users/u-cora/active', { active: false })).status).toBe(404);
      expect((await northAdmin.request('PUT', `/api/admin/users/u-north-admin/active`, { active: false })).status).toBe(409);

      const off = await northAdmin.request('PUT', '/api/admin/users/u-ava/active', { active: false });
      expect(off.status).toBe(200);
      expect(off.json).toMatchObject({ id: 'u-ava', active: false });
      expect((await ava.request('GET', '/api/session')).status).toBe(401);
      expect((await ava.request('POST', '/api/sync/pull', { clientId: ava.clientId, cursor: 0 })).status).toBe(401);
      // Her open desk's socket is closed by the server as "user removed".
      expect(await Promise.race([socket.closed, new Promise((r) => setTimeout(() => r('still open'), 5000))])).toBe(4401);
      expect(await t.db.query("select count(*)::int as n from sessions where user_id = 'u-ava'")).toEqual([{ n: 0 }]);
      await expect(t.signIn('ava@northside.example')).rejects.toThrow(/401/);
      const listed = (await admin.request('GET', '/api/admin/users-and-roles')).json.users.find((u: { id: string }) => u.id === 'u-ava');
      expect(listed.active).toBe(false);

      expect((await admin.request('PUT', '/api/admin/users/u-ava/active', { active: true })).json.active).toBe(true);
      expect((await (await t.signIn('ava@northside.example')).request('GET', '/api/session')).status).toBe(200);
    });
  });

  describe('campaigns and queues are renamed and retired', () => {
    it('a rename reaches the leads desks already hold, and the report', async () => {
      const desk = await t.signIn('ben@rebound.example');
      await t.carrier.abandon({ from: '+13125558401', to: DEMO_NUMBERS.northRadio, queueSeconds: 40 });
      await desk.pullAll();
      const r = await admin.request('POST', '/api/admin/campaigns', { id: 'cmp-north-radio', accountId: 'acc-north', name: 'Summer Radio' });
      expect(r.json).toEqual({ id: 'cmp-north-radio', accountId: 'acc-north', name: 'Summer Radio', retired: false });
      // Pulling on from its cursor, the desk re-reads every lead of the campaign with the new name.
      const changed = await desk.pullAll();
      const radio = changed.filter((l) => l.lead.campaignId === 'cmp-north-radio');
      expect(radio.length).toBeGreaterThan(0);
      expect(radio.every((l) => l.lead.campaignName === 'Summer Radio')).toBe(true);
      const report = (await admin.request('POST', '/api/reports/unbooked-abandoned', { preset: 'today', accountId: 'acc-north' })).json;
      expect(report.campaigns.map((c: { campaign: string }) => c.campaign)).toContain('Summer Radio');

      const q = await admin.request('POST', '/api/admin/queues', { id: 'q-north-sales', accountId: 'acc-north', name: 'New Sales' });
      expect(q.json.name).toBe('New Sales');
      expect((await admin.request('POST', '/api/admin/queues', { id: 'q-north-sales', accountId: 'acc-north', name: 'service' })).status).toBe(409);
    });

    it('retiring refuses one still in use, keeps history and report rows, and takes no new numbers or workflows; restore undoes it', async () => {
      const used = await admin.request('PUT', '/api/admin/campaigns/cmp-north-radio/retired', { accountId: 'acc-north', retired: true });
      expect(used.status).toBe(409);
      expect(used.json.message).toContain(formatPhone(DEMO_NUMBERS.northRadio));
      const busyQueue = await admin.request('PUT', '/api/admin/queues/q-north-service/retired', { accountId: 'acc-north', retired: true });
      expect(busyQueue.json.message).toContain('North service line');

      // Move the radio number to the Website campaign, then retire the radio campaign.
      await admin.request('PUT', `/api/admin/tracking-numbers/${encodeURIComponent(DEMO_NUMBERS.northRadio)}`, {
        e164: DEMO_NUMBERS.northRadio, accountId: 'acc-north', type: 'tracking', campaignId: 'cmp-north-web', workflowId: 'wf-north-service', employeeId: null, forwardingE164: null, receiveTexts: false,
      });
      const before = (await admin.request('POST', '/api/reports/unbooked-abandoned', { preset: 'today', accountId: 'acc-north' })).json;
      const retired = await admin.request('PUT', '/api/admin/campaigns/cmp-north-radio/retired', { accountId: 'acc-north', retired: true });
      expect(retired.json).toMatchObject({ name: 'Summer Radio', retired: true });
      const after = (await admin.request('POST', '/api/reports/unbooked-abandoned', { preset: 'today', accountId: 'acc-north' })).json;
      expect(after.campaigns).toEqual(before.campaigns);
      expect(after.total).toBe(before.total);
      expect(await t.db.query("select count(*)::int as n from leads where campaign_id = 'cmp-north-radio'")).not.toEqual([{ n: 0 }]);
      const listed = (await admin.request('GET', '/api/admin/routing')).json.campaigns.find((c: { id: string }) => c.id === 'cmp-north-radio');
      expect(listed.retired).toBe(true);

      const onNumber = await admin.request('PUT', `/api/admin/tracking-numbers/${encodeURIComponent(DEMO_NUMBERS.northRadio)}`, {
        e164: DEMO_NUMBERS.northRadio, accountId: 'acc-north', type: 'tracking', campaignId: 'cmp-north-radio', workflowId: 'wf-north-service', employeeId: null, forwardingE164: null, receiveTexts: false,
      });
      expect(onNumber.status).toBe(409);
      expect(onNumber.json.message).toContain('retired');

      const q = await admin.request('POST', '/api/admin/queues', { accountId: 'acc-north', name: 'Old overflow' });
      expect((await admin.request('PUT', `/api/admin/queues/${q.json.id}/retired`, { accountId: 'acc-north', retired: true })).json.retired).toBe(true);
      const wf = await admin.request('POST', '/api/admin/workflows', { accountId: 'acc-north', name: 'Onto retired', queueId: q.json.id, active: true, overflowRule: 'none', overflowWaitSeconds: null });
      expect(wf.status).toBe(409);

      expect((await admin.request('PUT', '/api/admin/campaigns/cmp-north-radio/retired', { accountId: 'acc-north', retired: false })).json.retired).toBe(false);
    });

    it("an admin of Northside only can neither rename nor retire Southside's", async () => {
      expect((await northAdmin.request('POST', '/api/admin/campaigns', { id: 'cmp-south-tv', accountId: 'acc-south', name: 'Hijacked' })).status).toBe(404);
      expect((await northAdmin.request('POST', '/api/admin/campaigns', { id: 'cmp-south-tv', accountId: 'acc-north', name: 'Hijacked' })).status).toBe(404);
      expect((await northAdmin.request('PUT', '/api/admin/campaigns/cmp-south-tv/retired', { accountId: 'acc-south', retired: true })).status).toBe(404);
      expect((await northAdmin.request('PUT', '/api/admin/queues/q-south-service/retired', { accountId: 'acc-north', retired: true })).status).toBe(404);
      const [tv] = await t.db.query<{ name: string; retired_at: Date | null }>("select name, retired_at from campaigns where id = 'cmp-south-tv'");
      expect(tv).toEqual({ name: 'Local TV', retired_at: null });
    });
  });

  describe('speed-to-lead target', () => {
    it("a supervisor sets it for one of their accounts and the account's desks receive it in their session; others are refused", async () => {
      const sam = await t.signIn('sam@rebound.example');
      const cora = await t.signIn('cora@southside.example');
      const ava = await t.signIn('ava@northside.example');
      await ava.pull();
      const r = await sam.request('PUT', '/api/supervisor/speed-targets/acc-north', { minutes: 7 });
      expect(r.json).toEqual({ accountId: 'acc-north', minutes: 7 });
      const page = await ava.pull();
      expect(page.session.accountSettings.find((a) => a.accountId === 'acc-north')?.speedTargetMinutes).toBe(7);
      expect((await sam.request('PUT', '/api/supervisor/speed-targets/acc-north', { minutes: 0 })).json.message).toContain('at least 1 minute');
      // A CSR is not a supervisor; a supervisor of Northside only cannot touch Southside.
      expect((await cora.request('PUT', '/api/supervisor/speed-targets/acc-south', { minutes: 9 })).status).toBe(403);
      const nadia = await t.db.query("select 1 from user_roles where user_id = 'u-north-admin'");
      expect(nadia).toHaveLength(1);
      await t.db.query("insert into user_roles values ('u-north-admin', 'role-supervisor') on conflict do nothing");
      expect((await northAdmin.request('PUT', '/api/supervisor/speed-targets/acc-south', { minutes: 9 })).status).toBe(404);
      const rows = await t.db.query<{ account_id: string; speed_target_minutes: number }>('select account_id, speed_target_minutes from account_settings order by account_id');
      expect(rows).toEqual([{ account_id: 'acc-north', speed_target_minutes: 7 }, { account_id: 'acc-south', speed_target_minutes: 5 }]);
    });
  });
});
