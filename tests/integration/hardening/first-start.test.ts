import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../../support/server-process';

const root = path.resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'rebound-first-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function signIn(url: string, body: Record<string, string>) {
  const res = await fetch(`${url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as { session?: { permissions: string[] } } };
}

describe('a production start on an empty database (PGlite)', () => {
  it('seeds no demo people unless asked, and the first admin comes from the one-time command', async () => {
    const dataDir = freshDir();
    const env = { REBOUND_DATA_DIR: dataDir, REBOUND_DEMO: '', REBOUND_ADMIN_EMAIL: '' };
    const first = await spawnServer(env);
    try {
      expect((await signIn(first.url, { email: 'admin@rebound.example', password: 'rebound-demo' })).status).toBe(401);
      expect(first.output()).toContain('Nobody can sign in yet');
      expect(first.output()).not.toContain('rebound-demo');
    } finally {
      await first.stop();
    }
    const cmd = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'server/first-admin.ts'), 'owner@plumbing.example', 'Olive', 'Owner'], {
      cwd: root,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(cmd.status).toBe(0);
    const code = /SIGN-IN-CODE (\S+)/.exec(cmd.stdout)?.[1];
    expect(code).toBeDefined();
    const again = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'server/first-admin.ts'), 'other@plumbing.example'], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('has users already');

    const second = await spawnServer(env);
    try {
      expect((await signIn(second.url, { email: 'owner@plumbing.example', password: 'guessed-password' })).status).toBe(401);
      const first = await signIn(second.url, { email: 'owner@plumbing.example', password: 'my own long password', signInCode: code! });
      expect(first.status).toBe(200);
      expect(first.json.session!.permissions).toContain('admin.users_roles');
      expect((await signIn(second.url, { email: 'owner@plumbing.example', password: 'my own long password' })).status).toBe(200);
      expect((await signIn(second.url, { email: 'admin@rebound.example', password: 'rebound-demo' })).status).toBe(401);
    } finally {
      await second.stop();
    }
  }, 120_000);

  it('creates the first admin from the environment, and seeds the demo only with REBOUND_DEMO=1', async () => {
    const prod = await spawnServer({ REBOUND_DATA_DIR: freshDir(), REBOUND_DEMO: '', REBOUND_ADMIN_EMAIL: 'boss@heating.example', REBOUND_ADMIN_PASSWORD: 'a long chosen password' });
    try {
      expect((await signIn(prod.url, { email: 'boss@heating.example', password: 'a long chosen password' })).status).toBe(200);
      expect((await signIn(prod.url, { email: 'admin@rebound.example', password: 'rebound-demo' })).status).toBe(401);
    } finally {
      await prod.stop();
    }
    const demo = await spawnServer({ REBOUND_DATA_DIR: freshDir(), REBOUND_DEMO: '1', REBOUND_ADMIN_EMAIL: '' });
    try {
      expect((await signIn(demo.url, { email: 'admin@rebound.example', password: 'rebound-demo' })).status).toBe(200);
    } finally {
      await demo.stop();
    }
  }, 120_000);
});

describe('a start with settings the server cannot use', () => {
  it('says which setting and why in one line, not a stack, and exits 1', async () => {
    const out = await spawnServer({ REBOUND_DATA_DIR: freshDir(), REBOUND_DEMO: 'yes' }).then(
      (s) => s.stop().then(() => 'started'),
      (err: Error) => err.message,
    );
    expect(out).toContain('server exited with 1');
    expect(out).toContain('Rebound server: Bad server settings:');
    expect(out).toContain('REBOUND_DEMO must be one of the offered choices ("0", "1", "")');
    expect(out).not.toMatch(/\n\s+at /);
  }, 60_000);
});
