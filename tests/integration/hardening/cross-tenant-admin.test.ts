import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_VOICE_AGENT_SETTINGS } from '../../../shared';
import { hashPassword } from '../../../server/auth/passwords';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import { BACKENDS } from '../../support/backends';
import { startTestServer, type Desk, type TestServer } from '../../support/test-server';

type Reply = { status: number; json: { message?: string } | null };

/** What a refusal must never name: the other tenant, its people, its rows. */
const SOUTH_WORDS = /south|acc-south|cora|u-cora|another account|other account|belongs|owned/i;

describe.each(BACKENDS)('a Northside-only admin against Southside on $name', (backend) => {
  let t: TestServer;
  let north: Desk; // administers Northside only
  let network: Desk; // administers every account
  const dump = async () =>
    JSON.stringify(
      await Promise.all(
        ['roles', 'user_roles', 'user_accounts', 'users', 'voice_agent_settings', 'account_settings', 'job_types', 'campaigns', 'queues', 'routing_workflows', 'tracking_numbers'].map((table) =>
          t.db.query(`select * from ${table} order by 1, 2`),
        ),
      ),
    );

  beforeAll(async () => {
    t = await startTestServer(backend);
    await t.db.query(
      "insert into users (id, email, name, password_hash) values ('u-nadmin', 'nadia@northside.example', 'Nadia North', $1)",
      [await hashPassword('rebound-demo')],
    );
    await t.db.query("insert into user_roles values ('u-nadmin', 'role-admin')");
    await t.db.query("insert into user_accounts values ('u-nadmin', 'acc-north')");
    // A role another admin made, held by nobody yet.
    await t.db.query(`insert into roles (id, name, permissions) values ('role-south-lead', 'South lead', '["followups.all"]')`);
    north = await t.signIn('nadia@northside.example');
    network = await t.signIn('admin@rebound.example');
  });
  afterAll(() => t?.close());

  const tn = (e164: string, accountId: string) => ({ e164, accountId, type: 'tracking', campaignId: null, workflowId: 'wf-north-service', employeeId: null, forwardingE164: null, receiveTexts: false });

  const attempts: [string, () => Promise<Reply>, number][] = [
    ['demote a Southside-only user', () => north.request('PUT', '/api/admin/users/u-cora/access', { roleIds: ['role-csr'], accountIds: [] }), 404],
    ['give a Southside-only user Northside', () => north.request('PUT', '/api/admin/users/u-cora/access', { roleIds: ['role-senior-csr'], accountIds: ['acc-north'] }), 404],
    ['change the roles of a user who also works for Southside', () => north.request('PUT', '/api/admin/users/u-ben/access', { roleIds: ['role-admin'], accountIds: ['acc-north'] }), 403],
    ['deactivate a Southside-only user', () => north.request('PUT', '/api/admin/users/u-cora/active', { active: false }), 404],
    ['add a user to Southside', () => north.request('POST', '/api/admin/users', { name: 'Sly', email: 'sly@example.com', roleIds: ['role-admin'], accountIds: ['acc-south'], firstSignIn: 'link' }), 404],
    ['edit a role used network-wide', () => north.request('POST', '/api/admin/roles', { id: 'role-csr', name: 'CSR', permissions: ['followups.all', 'admin.users_roles'] }), 403],
    ['create a role', () => north.request('POST', '/api/admin/roles', { name: 'Shadow admins', permissions: ['admin.users_roles'] }), 403],
    ["delete another admin's role", () => north.request('DELETE', '/api/admin/roles/role-south-lead'), 403],
    ['write Global Voice Agent settings', () => north.request('PUT', '/api/admin/voice-agent', { scope: 'global', settings: { ...DEFAULT_VOICE_AGENT_SETTINGS, persona: { ...DEFAULT_VOICE_AGENT_SETTINGS.persona, agentName: 'Mallory' } } }), 403],
    ["write Southside's Voice Agent settings", () => north.request('PUT', '/api/admin/voice-agent', { scope: 'acc-south', settings: DEFAULT_VOICE_AGENT_SETTINGS }), 404],
    ["reset Southside's Voice Agent", () => north.request('DELETE', '/api/admin/voice-agent/accounts/acc-south'), 404],
    ["edit Southside's job types", () => north.request('PUT', '/api/admin/accounts/acc-south/job-types', { jobTypes: [{ name: 'Free stuff', dispatchFeeCents: 0 }] }), 404],
    ["edit Southside's SCL settings", () => north.request('PUT', '/api/admin/scl-settings/acc-south', { enabled: true, acwMinutes: 5, coldDays: 3, threshold: 50 }), 404],
    ["set Southside's speed target", () => north.request('PUT', '/api/supervisor/speed-targets/acc-south', { minutes: 30 }), 404],
    ['add a campaign to Southside', () => north.request('POST', '/api/admin/campaigns', { accountId: 'acc-south', name: 'Spam' }), 404],
    ["rename Southside's campaign through Northside", () => north.request('POST', '/api/admin/campaigns', { id: 'cmp-south-tv', accountId: 'acc-north', name: 'Renamed' }), 404],
    ["rename Southside's queue through Northside", () => north.request('POST', '/api/admin/queues', { id: 'q-south-service', accountId: 'acc-north', name: 'Renamed' }), 404],
    ["retire Southside's campaign", () => north.request('PUT', '/api/admin/campaigns/cmp-south-tv/retired', { accountId: 'acc-south', retired: true }), 404],
    ["retire Southside's campaign through Northside", () => north.request('PUT', '/api/admin/campaigns/cmp-south-tv/retired', { accountId: 'acc-north', retired: true }), 404],
    ["retire Southside's queue", () => north.request('PUT', '/api/admin/queues/q-south-service/retired', { accountId: 'acc-south', retired: true }), 404],
    ["edit Southside's workflow through Northside", () => north.request('POST', '/api/admin/workflows', { id: 'wf-south-service', accountId: 'acc-north', name: 'X', queueId: 'q-north-service', active: false, overflowRule: 'none', overflowWaitSeconds: null }), 404],
    ["buy Southside's number for Northside", () => north.request('POST', '/api/admin/tracking-numbers', tn(DEMO_NUMBERS.southTv, 'acc-north')), 409],
    ["edit Southside's number", () => north.request('PUT', `/api/admin/tracking-numbers/${encodeURIComponent(DEMO_NUMBERS.southTv)}`, tn(DEMO_NUMBERS.southTv, 'acc-north')), 404],
  ];

  it('is refused on every cross-tenant action, each refusal naming nothing of Southside, and nothing changes', async () => {
    const before = await dump();
    for (const [what, attempt, status] of attempts) {
      const r = await attempt();
      expect([what, r.status]).toEqual([what, status]);
      expect([what, r.json?.message ?? '']).not.toEqual([what, expect.stringMatching(SOUTH_WORDS)]);
    }
    expect(await dump()).toEqual(before);
  });

  it('answers a number another tenant owns exactly like one nobody can buy', async () => {
    const owned = await north.request('POST', '/api/admin/tracking-numbers', tn(DEMO_NUMBERS.southTv, 'acc-north'));
    const { NOT_AVAILABLE } = await import('../../../server/admin/tracking-numbers');
    expect(owned.json?.message).toBe(NOT_AVAILABLE);
  });

  it('lists only people who share an account, and only those accounts', async () => {
    const r = await north.request('GET', '/api/admin/users-and-roles');
    const users = (r.json as unknown as { users: { id: string; accountIds: string[] }[]; accounts: { id: string }[] }).users;
    expect(users.map((u) => u.id)).not.toContain('u-cora');
    expect(users.flatMap((u) => u.accountIds)).not.toContain('acc-south');
  });

  it('leaves the same actions to an admin over every account', async () => {
    expect((await network.request('PUT', '/api/admin/users/u-cora/access', { roleIds: ['role-senior-csr'], accountIds: ['acc-south'] })).status).toBe(200);
    expect((await network.request('DELETE', '/api/admin/roles/role-south-lead')).status).toBe(200);
    expect((await network.request('PUT', '/api/admin/voice-agent', { scope: 'global', settings: DEFAULT_VOICE_AGENT_SETTINGS })).status).toBe(200);
    // And the Northside admin still runs Northside.
    expect((await north.request('PUT', '/api/admin/users/u-ava/access', { roleIds: ['role-csr'], accountIds: ['acc-north'] })).status).toBe(200);
    expect((await north.request('POST', '/api/admin/campaigns', { accountId: 'acc-north', name: 'Billboard' })).status).toBe(200);
  });
});
