import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  RELAYED_ROUTES,
  ROUTE_NAMES,
  serverRoutes,
  type JsonRouteName,
  type RouteDef,
  type RouteFixture,
  type RouteName,
  type RouteRequest,
} from '../../../shared';
import { accessRefusal } from '../../../server/api/register-routes';
import { loadPrincipal } from '../../../server/auth/principal';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import { WorkstationServices } from '../../../main/services';
import { serverApi } from '../../../main/sync/server-api';
import { BACKENDS } from '../../support/backends';
import { startTestServer, type TestServer } from '../../support/test-server';

/*
 * The route map walked end to end: every endpoint is registered on the server, reachable through
 * the desk's derived client, and run through the authorization matrix (roles x accounts x
 * endpoints). Nothing here names an endpoint: a new entry in the map is covered as it lands.
 */

const ACCOUNTS = ['acc-north', 'acc-south'] as const;
type Account = (typeof ACCOUNTS)[number];

/** The people of the matrix: the demo roles, plus an admin over one account only. */
const SUBJECTS = ['ava@northside.example', 'cora@southside.example', 'ben@rebound.example', 'sam@rebound.example', 'admin@rebound.example', 'north-admin@rebound.example'] as const;
type Subject = (typeof SUBJECTS)[number];


const route = (name: RouteName): RouteDef => serverRoutes[name];
/** Someone without any permission: what the route's own refusal says to them. */
const nobody = { userId: 'u-nobody', userName: 'Nobody', email: 'nobody@example.com', permissions: new Set<never>(), accounts: [], kinds: [] };

type Outcome = { ok: true; value: unknown } | { ok: false; code: string; message: string };

describe.each(BACKENDS)('the route map on $name', (backend) => {
  let t: TestServer;
  const fixtures = {} as Record<Account, RouteFixture>;
  const tokens = {} as Record<Subject, string>;
  const accountsOf = {} as Record<Subject, string[]>;
  let nonce = 0;

  const fixture = (a: Account): RouteFixture => ({ ...fixtures[a], nonce: `matrix-${++nonce}-${a}` });

  /** One call through the desk's own client, as the desk makes it. */
  async function send(name: RouteName, token: string | null, request: unknown): Promise<Outcome> {
    const api = serverApi(t.url);
    try {
      if (serverRoutes[name].response === 'csv') {
        const { body } = await api.stream(name as 'reportCsv', token!, request as RouteRequest<'reportCsv'>);
        await body.cancel();
        return { ok: true, value: null };
      }
      return { ok: true, value: await api.call(name as JsonRouteName, token, request as never) };
    } catch (err) {
      if (err instanceof ApiError) return { ok: false, code: err.code, message: err.message };
      throw err;
    }
  }

  /** Everything a tenant owns or shares, to prove a refused call changed nothing. */
  async function snapshot(): Promise<string> {
    const tables = ['roles', 'user_roles', 'user_accounts', 'account_settings', 'voice_agent_settings', 'job_types', 'campaigns', 'queues', 'routing_workflows', 'tracking_numbers', 'leads', 'lead_notes', 'calls', 'jobs'];
    const out: unknown[] = [];
    for (const table of tables) out.push(await t.db.query(`select * from ${table} order by 1`));
    return JSON.stringify(out);
  }

  async function mayCall(subject: Subject, name: RouteName): Promise<boolean> {
    const p = await loadPrincipal(t.db, `u-${subject.split('@')[0]}`);
    return accessRefusal(route(name).access, p!) === null;
  }

  beforeAll(async () => {
    t = await startTestServer(backend, { acwMinutes: 5 });
    // An admin over Northside only, and for each account a user who works only there.
    await t.db.query("insert into users (id, email, name, password_hash) select 'u-north-admin', 'north-admin@rebound.example', 'Nora North', password_hash from users where id = 'u-admin'");
    await t.db.query("insert into user_roles values ('u-north-admin', 'role-admin')");
    await t.db.query("insert into user_accounts values ('u-north-admin', 'acc-north')");
    await t.db.query("insert into roles (id, name, permissions) values ('role-matrix', 'Matrix', '[]')");
    const numbers = { 'acc-north': DEMO_NUMBERS.northRadio, 'acc-south': DEMO_NUMBERS.southTv };
    const ids = {
      'acc-north': { queueId: 'q-north-service', campaignId: 'cmp-north-radio', workflowId: 'wf-north-service', jobTypeId: 'jt-north-drain', area: '312' },
      'acc-south': { queueId: 'q-south-service', campaignId: 'cmp-south-tv', workflowId: 'wf-south-service', jobTypeId: 'jt-south-tuneup', area: '404' },
    };
    for (const a of ACCOUNTS) {
      const userId = `u-only-${a}`;
      await t.db.query('insert into users (id, email, name, password_hash) values ($1, $2, $3, $4)', [userId, `${userId}@rebound.example`, `Only ${a}`, 'x']);
      await t.db.query("insert into user_roles values ($1, 'role-csr')", [userId]);
      await t.db.query('insert into user_accounts values ($1, $2)', [userId, a]);
      const phone = `+1${ids[a].area}5556${a === 'acc-north' ? '101' : '102'}`;
      await t.carrier.abandon({ from: phone, to: numbers[a], queueSeconds: 20 });
      const [lead] = await t.db.query<{ id: string }>('select id from leads where phone = $1', [phone]);
      const callSid = await t.carrier.answer({ from: `+1${ids[a].area}5556${a === 'acc-north' ? '201' : '202'}`, to: numbers[a], queueSeconds: 5, talkSeconds: 80, agentId: 'u-ben' });
      fixtures[a] = { accountId: a, userId, roleId: 'role-matrix', leadId: lead!.id, callSid, queueId: ids[a].queueId, campaignId: ids[a].campaignId, workflowId: ids[a].workflowId, jobTypeId: ids[a].jobTypeId, e164: numbers[a], nonce: '' };
    }
    for (const s of SUBJECTS) {
      tokens[s] = (await t.signIn(s)).token;
      accountsOf[s] = (await t.db.query<{ account_id: string }>('select account_id from user_accounts ua join users u on u.id = ua.user_id where u.email = $1', [s])).map((r) => r.account_id);
    }
  }, 180_000); // a server, two accounts' calls and six sign-ins: slow on a busy two-core machine
  afterAll(() => t?.close());

  it('registers every endpoint of the map on the server, and only through the map', () => {
    for (const name of ROUTE_NAMES) expect([name, t.server.app.hasRoute({ method: route(name).method, url: route(name).path })]).toEqual([name, true]);
  });

  it('gives every endpoint an example its own schema accepts, for each account', () => {
    for (const name of ROUTE_NAMES) {
      for (const a of ACCOUNTS) {
        const parsed = route(name).request.safeParse(route(name).example(fixture(a)));
        expect([name, a, parsed.success ? 'valid' : parsed.error.message]).toEqual([name, a, 'valid']);
      }
    }
  });

  it('lets the desk forward every relayed call: its service has a handler for each', () => {
    const services = new WorkstationServices({ dataDir: mkdtempSync(path.join(tmpdir(), 'rebound-routes-')), defaultServerUrl: t.url });
    for (const name of RELAYED_ROUTES) expect([name, typeof services.handlers[name]]).toEqual([name, 'function']);
  });

  /** Whether an example acts on one account's things (it differs between the two accounts). */
  const accountScoped = (name: RouteName) => {
    const strip = (x: unknown) => JSON.stringify(x).replace(/matrix-\d+-acc-\w+/g, '');
    return strip(route(name).example(fixture('acc-north'))) !== strip(route(name).example(fixture('acc-south')));
  };

  describe('refused: nothing changes', () => {
    for (const name of ROUTE_NAMES) {
      if (route(name).access.kind === 'public') continue;

      it(`${name}: without a session is unauthenticated`, async () => {
        const before = await snapshot();
        const out = await send(name, null, route(name).example(fixture('acc-north')));
        expect(out).toMatchObject({ ok: false, code: 'unauthenticated' });
        expect(await snapshot()).toBe(before);
      });

      for (const s of SUBJECTS) {
        it(`${name}: ${s} without the permission is forbidden, or with it never reaches another account`, async () => {
          if (!(await mayCall(s, name))) {
            for (const a of ACCOUNTS) {
              const before = await snapshot();
              const out = await send(name, tokens[s], route(name).example(fixture(a)));
              expect([a, out]).toMatchObject([a, { ok: false, code: 'forbidden' }]);
              expect(await snapshot()).toBe(before);
            }
            return;
          }
          if (!accountScoped(name)) return;
          for (const a of ACCOUNTS.filter((x) => !accountsOf[s].includes(x))) {
            const before = await snapshot();
            const out = await send(name, tokens[s], route(name).example(fixture(a)));
            // A push answers per edit: the other account's lead is gone, as far as this user can tell.
            const refused = out.ok
              ? ((out.value as { results?: { status: string }[] }).results ?? [{ status: 'applied' }]).every((r) => r.status === 'gone')
              : out.code === 'forbidden' || out.code === 'not_found';
            expect([a, refused, out]).toMatchObject([a, true, {}]);
            expect(await snapshot()).toBe(before);
          }
        });
      }

      if (route(name).network) {
        for (const s of SUBJECTS) {
          it(`${name}: ${s} changes what every tenant shares only when over every account`, async () => {
            if (!(await mayCall(s, name)) || accountsOf[s].length === ACCOUNTS.length) return;
            const before = await snapshot();
            const out = await send(name, tokens[s], route(name).example(fixture(accountsOf[s][0] as Account)));
            expect(out).toMatchObject({ ok: false, code: 'forbidden' });
            expect(await snapshot()).toBe(before);
          });
        }
      }
    }
  });

  describe('allowed: reaches the handler and shows nothing of other accounts', () => {
    for (const name of ROUTE_NAMES) {
      for (const s of SUBJECTS) {
        it(`${name}: ${s}`, async () => {
          if (route(name).access.kind !== 'public' && !(await mayCall(s, name))) return;
          const own = accountsOf[s][0] as Account;
          const out = await send(name, route(name).access.kind === 'public' ? null : tokens[s], route(name).example(fixture(own)));
          // Past the permission: the answer, or the handler's own reason (a missing call, a busy line).
          if (!out.ok && route(name).access.kind !== 'public') {
            const atTheDoor = ['unauthenticated', 'offline', 'internal'].includes(out.code) || out.message === accessRefusal(route(name).access, nobody);
            expect(atTheDoor ? out : 'handled').toBe('handled');
          }
          for (const foreign of ACCOUNTS.filter((x) => !accountsOf[s].includes(x))) {
            const f = fixtures[foreign];
            const text = JSON.stringify(out);
            for (const secret of [f.accountId, f.leadId, f.callSid, f.queueId, f.campaignId, f.workflowId, f.jobTypeId, f.e164, f.userId]) expect([secret, text.includes(secret)]).toEqual([secret, false]);
          }
          // A sign-out (or losing access) ends the token: sign in again for the next cells.
          if ((await send('session', tokens[s], {})).ok === false) tokens[s] = (await t.signIn(s)).token;
        });
      }
    }
  });
});
