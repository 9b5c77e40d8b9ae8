import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../server/auth/passwords';
import { num } from '../../../server/store/db';
import { BACKENDS } from '../../support/backends';
import { startTestServer, type TestServer } from '../../support/test-server';

/** Opens the sync socket and resolves with its close code once the server closes it. */
async function openSocket(url: string, token: string): Promise<{ closed: Promise<number> }> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/sync/socket`, { headers: { authorization: `Bearer ${token}` } });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (d) => JSON.parse(String(d)).type === 'hello' && resolve());
    ws.on('error', reject);
  });
  return { closed };
}

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms))]);

describe.each(BACKENDS)('sessions on $name', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend, { server: { sessionCheckMs: 200 } });
  });
  afterAll(() => t?.close());

  it('signing out refuses the token at once and closes its open socket', async () => {
    const desk = await t.signIn('ava@northside.example');
    const socket = await openSocket(t.url, desk.token);
    expect((await desk.request('POST', '/api/auth/sign-out', {})).status).toBe(200);
    expect(await within(socket.closed, 2_000)).toBe(4401);
    expect((await desk.request('GET', '/api/session')).status).toBe(401);
  });

  it('closes the socket of a session that expired or was ended by another server process', async () => {
    const a = await t.signIn('ava@northside.example');
    const b = await t.signIn('ben@rebound.example');
    const sa = await openSocket(t.url, a.token);
    const sb = await openSocket(t.url, b.token);
    // Another process signs b out: only the shared database knows.
    await t.db.query("delete from sessions where user_id = 'u-ben'");
    expect(await within(sb.closed, 3_000)).toBe(4401);
    t.clock.advanceMinutes(13 * 60);
    expect(await within(sa.closed, 3_000)).toBe(4401);
    t.clock.advanceMinutes(-13 * 60);
  });

  it('ends a session left idle, keeps one in use, and deletes ended rows', async () => {
    const idle = await t.signIn('cora@southside.example');
    const busy = await t.signIn('sam@rebound.example');
    for (let i = 0; i < 3; i++) {
      t.clock.advanceMinutes(60);
      expect((await busy.request('GET', '/api/session')).status).toBe(200);
    }
    // Three hours on: the busy session lives, the idle one (two hours' limit) has ended.
    expect((await idle.request('GET', '/api/session')).status).toBe(401);
    const before = num((await t.db.query<{ n: unknown }>("select count(*) as n from sessions where user_id = 'u-cora'"))[0]!.n);
    expect(before).toBeGreaterThan(0);
    await t.server.prune();
    const after = await t.db.query<{ user_id: string }>('select user_id from sessions');
    expect(after.map((r) => r.user_id)).toEqual(['u-sam']);
  });

  it('hashes passwords at the current scrypt cost and upgrades an old hash at sign-in', async () => {
    const fresh = await hashPassword('correct horse');
    const [, cost] = fresh.split('$');
    const [N, r, p] = cost!.split(',').map(Number);
    // OWASP: N=2^16, r=8, p=2 or an equal cost (N·r·p at least 2^20).
    expect(N! * r! * p!).toBeGreaterThanOrEqual(2 ** 20);
    expect(await verifyPassword('correct horse', fresh)).toBe(true);
    expect(await verifyPassword('wrong horse', fresh)).toBe(false);

    // A hash from before (Node's default cost, N=2^14) still signs in, and is rewritten.
    const { scryptSync, randomBytes } = await import('node:crypto');
    const salt = randomBytes(16);
    const legacy = `scrypt$${salt.toString('base64url')}$${scryptSync('rebound-demo', salt, 32).toString('base64url')}`;
    await t.db.query("update users set password_hash = $1 where id = 'u-ava'", [legacy]);
    await t.signIn('ava@northside.example');
    const [row] = await t.db.query<{ password_hash: string }>("select password_hash from users where id = 'u-ava'");
    expect(row!.password_hash.startsWith('scrypt2$')).toBe(true);
    expect(await verifyPassword('rebound-demo', row!.password_hash)).toBe(true);
  });
});
