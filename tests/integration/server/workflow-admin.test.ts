import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
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
      // It routes now: a caller to it lands in the Sales queue of the Website campaign.
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
});
