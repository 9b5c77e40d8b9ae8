import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkstationServices } from '../../../main/services';
import type { SecretProtector } from '../../../main/session/secret-protector';
import { DEMO_PASSWORD } from '../../../server/demo/seed';
import { startTestServer, type TestServer } from '../../support/test-server';

const FAST = { backoffBaseMs: 50, backoffMaxMs: 300, pullEveryMs: 1000 };
const mode = (p: string) => statSync(p).mode & 0o777;

/** Stands in for the OS keychain: reversible, and visibly not the plain token. */
const fakeOs: SecretProtector = {
  available: true,
  encrypt: (plain) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
  decrypt: (data) => Buffer.from([...data].map((b) => b ^ 0x5a)).toString(),
};

describe('the desk keeps its token and files private (PGlite)', () => {
  let t: TestServer;
  let dir: string;
  beforeAll(async () => {
    t = await startTestServer({ name: 'pglite' });
    dir = mkdtempSync(path.join(os.tmpdir(), 'rebound-token-'));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every file in the folder, with the token's bytes searched for in each. */
  const filesHolding = (folder: string, token: string) =>
    readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .filter((f) => readFileSync(f).includes(Buffer.from(token)));

  it('signing out revokes the session on the server and leaves no token on disk', async () => {
    const dataDir = path.join(dir, 'plain');
    const desk = new WorkstationServices({ dataDir, defaultServerUrl: t.url, sync: FAST });
    await desk.handlers.signIn({ email: 'ava@northside.example', password: DEMO_PASSWORD });
    await desk.syncNow();
    await desk.close(); // the cache is written and closed, as after a crash
    const token = readFileSync(path.join(dataDir, 'token-u-ava'), 'utf8');
    // Only the 0600 token file holds it, not the cache.
    expect(filesHolding(dataDir, token)).toEqual([path.join(dataDir, 'token-u-ava')]);
    expect(mode(path.join(dataDir, 'token-u-ava'))).toBe(0o600);

    const again = new WorkstationServices({ dataDir, defaultServerUrl: t.url, sync: FAST });
    expect(again.restore()?.email).toBe('ava@northside.example');
    await again.handlers.signOut({});
    const res = await fetch(`${t.url}/api/session`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect(filesHolding(dataDir, token)).toEqual([]);
    expect(new WorkstationServices({ dataDir, defaultServerUrl: t.url }).restore()).toBeNull();
  });

  it('keeps the token encrypted by the OS protector when there is one, and restores from it', async () => {
    const dataDir = path.join(dir, 'os');
    const desk = new WorkstationServices({ dataDir, defaultServerUrl: t.url, sync: FAST, secretProtector: fakeOs });
    const session = await desk.handlers.signIn({ email: 'ben@rebound.example', password: DEMO_PASSWORD });
    await desk.close();
    const raw = readFileSync(path.join(dataDir, 'token-u-ben'));
    const token = fakeOs.decrypt(raw.subarray(4));
    expect(token.length).toBeGreaterThan(20);
    expect(filesHolding(dataDir, token)).toEqual([]);
    const again = new WorkstationServices({ dataDir, defaultServerUrl: t.url, sync: FAST, secretProtector: fakeOs });
    expect(again.restore()?.userId).toBe(session.userId);
    await again.syncNow();
    expect(again.connection?.state).toBe('online');
    expect((await fetch(`${t.url}/api/session`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await again.handlers.signOut({});
    expect((await fetch(`${t.url}/api/session`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('creates the cache, the token and report exports 0600 inside 0700 folders', async () => {
    const dataDir = path.join(dir, 'modes');
    const desk = new WorkstationServices({ dataDir, defaultServerUrl: t.url, sync: FAST });
    await desk.handlers.signIn({ email: 'admin@rebound.example', password: DEMO_PASSWORD });
    await desk.syncNow();
    const req = { preset: 'this_month', dateType: 'call', sort: { column: 'callDate', direction: 'desc' }, offset: 0, limit: 100 } as const;
    const out = await desk.handlers.exportReport(req);
    // Exported again (within the same second, say): a file of its own, never the first overwritten.
    const again = await desk.handlers.exportReport(req);
    await desk.close();
    expect(again.savedTo).not.toBe(out.savedTo);
    expect(mode(again.savedTo)).toBe(0o600);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(path.dirname(out.savedTo))).toBe(0o700);
    expect(mode(out.savedTo)).toBe(0o600);
    for (const f of readdirSync(dataDir).filter((n) => n.startsWith('cache-') || n.startsWith('token-') || n === 'last-session.json')) {
      expect([f, mode(path.join(dataDir, f))]).toEqual([f, 0o600]);
    }
  });
});
