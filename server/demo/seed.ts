import type { Permission } from '../../shared';
import { hashPassword } from '../auth/passwords';
import type { Queryable } from '../store/db';

/** Demo tenants, people and numbers: enough to work every screen on a fresh machine. */
export const DEMO_PASSWORD = 'rebound-demo';

export const DEMO_ACCOUNTS = [
  { id: 'acc-north', name: 'Northside Plumbing', timeZone: 'America/Chicago', scl: true },
  { id: 'acc-south', name: 'Southside Heating & Air', timeZone: 'America/New_York', scl: false },
] as const;

export const DEMO_NUMBERS = {
  northRadio: '+13125550101',
  northWeb: '+13125550102',
  northUnrouted: '+13125550199',
  southTv: '+14045550101',
  southMain: '+14045550100',
} as const;

export const DEMO_ROLES: { id: string; name: string; permissions: Permission[] }[] = [
  { id: 'role-csr', name: 'CSR', permissions: ['followups.abandoned.edit'] },
  { id: 'role-senior-csr', name: 'Senior CSR', permissions: ['followups.all'] },
  { id: 'role-supervisor', name: 'Supervisor', permissions: ['followups.all', 'supervisor.queue_tiles', 'reports.unbooked_abandoned'] },
  {
    id: 'role-admin',
    name: 'Administrator',
    permissions: [
      'followups.all', 'supervisor.queue_tiles', 'reports.unbooked_abandoned', 'admin.feature_management',
      'admin.ti_followup_reporting_settings', 'admin.voice_agent', 'admin.users_roles', 'servicetitan.phone_settings',
    ],
  },
];

export const DEMO_USERS = [
  { id: 'u-ava', email: 'ava@northside.example', name: 'Ava Chen', roles: ['role-csr'], accounts: ['acc-north'] },
  { id: 'u-ben', email: 'ben@rebound.example', name: 'Ben Ortiz', roles: ['role-senior-csr'], accounts: ['acc-north', 'acc-south'] },
  { id: 'u-cora', email: 'cora@southside.example', name: 'Cora Diaz', roles: ['role-senior-csr'], accounts: ['acc-south'] },
  { id: 'u-sam', email: 'sam@rebound.example', name: 'Sam Patel', roles: ['role-supervisor'], accounts: ['acc-north', 'acc-south'] },
  { id: 'u-admin', email: 'admin@rebound.example', name: 'Alex Admin', roles: ['role-admin'], accounts: ['acc-north', 'acc-south'] },
  // The demo's background desk (demo-desk-work.ts): its own person, so someone trying the demo as
  // Ava or Cora never sees leads change under their name that they did not touch.
  { id: 'u-dana', email: 'dana@rebound.example', name: 'Dana Reyes', roles: ['role-senior-csr'], accounts: ['acc-north', 'acc-south'] },
] as const;

/** Idempotent: running it twice leaves one copy of everything and keeps later edits to settings. */
export async function seedDemo(q: Queryable, opts: { acwMinutes?: number } = {}): Promise<void> {
  for (const a of DEMO_ACCOUNTS) {
    await q.query('insert into accounts (id, name, time_zone) values ($1, $2, $3) on conflict do nothing', [a.id, a.name, a.timeZone]);
    await q.query(
      'insert into account_settings (account_id, scl_enabled, acw_minutes, scl_cold_days) values ($1, $2, $3, 3) on conflict do nothing',
      [a.id, a.scl, opts.acwMinutes ?? 2],
    );
  }
  const rows: [string, string, string][] = [
    ['q-north-service', 'acc-north', 'Service'],
    ['q-north-sales', 'acc-north', 'Sales'],
    ['q-south-service', 'acc-south', 'Service'],
  ];
  for (const [id, acc, name] of rows) await q.query('insert into queues values ($1, $2, $3) on conflict do nothing', [id, acc, name]);
  const campaigns: [string, string, string][] = [
    ['cmp-north-radio', 'acc-north', 'Spring Radio'],
    ['cmp-north-web', 'acc-north', 'Website'],
    ['cmp-south-tv', 'acc-south', 'Local TV'],
  ];
  for (const [id, acc, name] of campaigns) await q.query('insert into campaigns values ($1, $2, $3) on conflict do nothing', [id, acc, name]);
  const workflows: [string, string, string, string][] = [
    ['wf-north-service', 'acc-north', 'North service line', 'q-north-service'],
    ['wf-north-sales', 'acc-north', 'North sales line', 'q-north-sales'],
    ['wf-south-service', 'acc-south', 'South service line', 'q-south-service'],
  ];
  for (const [id, acc, name, queue] of workflows) {
    await q.query('insert into routing_workflows (id, account_id, name, queue_id) values ($1, $2, $3, $4) on conflict do nothing', [id, acc, name, queue]);
  }
  const numbers: [string, string, string | null, string | null, string][] = [
    [DEMO_NUMBERS.northRadio, 'acc-north', 'cmp-north-radio', 'wf-north-service', 'tracking'],
    [DEMO_NUMBERS.northWeb, 'acc-north', 'cmp-north-web', 'wf-north-sales', 'tracking'],
    [DEMO_NUMBERS.northUnrouted, 'acc-north', null, null, 'tracking'],
    [DEMO_NUMBERS.southTv, 'acc-south', 'cmp-south-tv', 'wf-south-service', 'tracking'],
    [DEMO_NUMBERS.southMain, 'acc-south', null, 'wf-south-service', 'main'],
  ];
  for (const [e164, acc, cmp, wf, type] of numbers) {
    await q.query(
      'insert into tracking_numbers (e164, account_id, campaign_id, workflow_id, number_type) values ($1, $2, $3, $4, $5) on conflict do nothing',
      [e164, acc, cmp, wf, type],
    );
  }
  const jobTypes: [string, string, string, number | null][] = [
    ['jt-north-drain', 'acc-north', 'Drain cleaning', 8900],
    ['jt-north-heater', 'acc-north', 'Water heater repair', null],
    ['jt-north-estimate', 'acc-north', 'Replacement estimate', 0],
    ['jt-south-tuneup', 'acc-south', 'Furnace tune-up', 7900],
    ['jt-south-ac', 'acc-south', 'AC repair', 12900],
    ['jt-south-estimate', 'acc-south', 'System replacement estimate', 0],
  ];
  for (const [id, acc, name, fee] of jobTypes) {
    await q.query('insert into job_types (id, account_id, name, dispatch_fee_cents) values ($1, $2, $3, $4) on conflict do nothing', [id, acc, name, fee]);
  }
  for (const r of DEMO_ROLES) {
    await q.query('insert into roles (id, name, permissions) values ($1, $2, $3) on conflict do nothing', [r.id, r.name, JSON.stringify(r.permissions)]);
  }
  const [existing] = await q.query<{ n: unknown }>('select count(*) as n from users');
  const hash = Number(existing?.n ?? 0) === 0 ? await hashPassword(DEMO_PASSWORD) : null;
  for (const u of DEMO_USERS) {
    if (hash) await q.query('insert into users (id, email, name, password_hash) values ($1, $2, $3, $4) on conflict do nothing', [u.id, u.email, u.name, hash]);
    for (const r of u.roles) await q.query('insert into user_roles values ($1, $2) on conflict do nothing', [u.id, r]);
    for (const a of u.accounts) await q.query('insert into user_accounts values ($1, $2) on conflict do nothing', [u.id, a]);
  }
}
