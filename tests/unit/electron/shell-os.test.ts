// The shell's OS integration under the electron double: an OS notification for a lead that
// arrives from a real sync server while the window is behind, a click that opens that lead,
// and updates (off by default, a feed from configuration, the prompt in the app).
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_NUMBERS, DEMO_PASSWORD } from '../../../server/demo/seed';
import { keyedSecretProtector } from '../../../main/session/keyed-secret-protector';
import { makeLayout, startShell, type Layout } from '../../support/shell-harness';
import { startTestServer, type TestServer } from '../../support/test-server';
import type { RunningShell } from '../../../electron/shell';

vi.mock('electron', async () => (await import('../../support/electron-double')).electronModule());
vi.mock('electron-updater', async () => (await import('../../support/electron-double')).electronUpdaterModule());

const OURS = 'rebound://app/index.html';
const layouts: Layout[] = [];
const shells: RunningShell[] = [];

async function run(opts: { config?: unknown } = {}) {
  const layout = makeLayout('packaged');
  layouts.push(layout);
  if (opts.config !== undefined) writeFileSync(path.join(layout.userData, 'desk-config.json'), JSON.stringify(opts.config));
  const r = await startShell(layout, 'packaged');
  shells.push(r.shell!);
  return r.e;
}

afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(shells.splice(0).map((s) => s.services.close()));
  for (const l of layouts.splice(0)) rmSync(l.base, { recursive: true, force: true });
});

describe('OS notifications', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ name: 'pglite' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('announce a new lead only while the window is not in front, and a click brings the window forward on that lead', async () => {
    vi.stubEnv('REBOUND_SERVER_URL', t.url);
    const layout = makeLayout('packaged');
    layouts.push(layout);
    vi.stubEnv('REBOUND_DESK_DATA_DIR', path.join(layout.base, 'desk'));
    mkdirSync(path.join(layout.base, 'desk'), { recursive: true });
    const { e, shell } = await startShell(layout, 'packaged');
    shells.push(shell!);
    const inApp = () => e.window.webContents.events('rebound:event').filter(([name]) => name === 'notification');

    const session = (await e.invoke(OURS, 'signIn', { email: 'ben@rebound.example', password: DEMO_PASSWORD })) as { ok: boolean };
    expect(session.ok).toBe(true);
    e.window.focus();

    // In front: the in-app toast only.
    await t.carrier.abandon({ from: '+13125558301', to: DEMO_NUMBERS.northRadio, queueSeconds: 30 });
    await vi.waitFor(() => expect(inApp()).toHaveLength(1), { timeout: 15_000 });
    expect(e.notifications).toHaveLength(0);

    // Behind another app (after the notifier's two-second gathering window): the OS notification too.
    await new Promise((r) => setTimeout(r, 2_200));
    e.window.blur();
    e.window.visible = false;
    await t.carrier.abandon({ from: '+13125558302', to: DEMO_NUMBERS.northRadio, queueSeconds: 31 });
    await vi.waitFor(() => expect(e.notifications).toHaveLength(1), { timeout: 15_000 });
    const note = e.notifications[0]!;
    expect(note.shown).toBe(true);
    expect(note.options.title).toBe('Rebound');
    expect(note.options.body).toMatch(/^New abandoned call from /);
    const announced = inApp().at(-1)![1] as { leadId: string; title: string };
    expect(note.options.body).toBe(announced.title);

    note.click();
    expect(e.window.visible && e.window.focused).toBe(true);
    const open = e.window.webContents.events('rebound:event').filter(([name]) => name === 'openLead');
    expect(open).toEqual([['openLead', { kind: 'abandoned', leadId: announced.leadId }]]);
    // The lead it opens is the caller who just hung up.
    await vi.waitFor(async () => {
      const lead = (await e.invoke(OURS, 'getLead', { leadId: announced.leadId })) as { ok: boolean; value?: { lead: { phone: string } } };
      expect(lead.value?.lead.phone).toBe('+13125558302');
    }, { timeout: 15_000 });
  });
});

describe('the sign-in token at rest', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ name: 'pglite' });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function signedIn(extra: { encryptionAvailable?: boolean; storageBackend?: string } = {}, layout = makeLayout('packaged')) {
    if (!layouts.includes(layout)) layouts.push(layout);
    const deskDir = path.join(layout.base, 'desk');
    vi.stubEnv('REBOUND_SERVER_URL', t.url);
    vi.stubEnv('REBOUND_DESK_DATA_DIR', deskDir);
    const { e, shell } = await startShell(layout, 'packaged', extra);
    shells.push(shell!);
    return { e, shell: shell!, layout, deskDir };
  }
  const tokenFile = (deskDir: string) => path.join(deskDir, readdirSync(deskDir).find((f) => f.startsWith('token-'))!);
  const works = async (token: string) =>
    (await fetch(`${t.url}/api/sync/pull`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ clientId: 'token-check-desk', cursor: 0, limit: 1 }) })).status;

  it('is encrypted with a data key sealed by safeStorage, readable only through it, and reopens the session after a restart', async () => {
    const { e, layout, deskDir, shell } = await signedIn();
    expect(await e.invoke(OURS, 'signIn', { email: 'ben@rebound.example', password: DEMO_PASSWORD })).toMatchObject({ ok: true });
    const sealed = readFileSync(path.join(layout.userData, 'desk-key'));
    expect(sealed.subarray(0, 4).toString()).toBe('enc:'); // the double's safeStorage ciphertext
    expect(statSync(path.join(layout.userData, 'desk-key')).mode & 0o777).toBe(0o600);
    const stored = readFileSync(tokenFile(deskDir));
    expect(stored.subarray(0, 4).toString()).toBe('RBP1');
    expect(statSync(tokenFile(deskDir)).mode & 0o777).toBe(0o600);
    const key = Buffer.from(Buffer.from(sealed.subarray(4).toString(), 'base64').toString(), 'base64');
    const token = keyedSecretProtector(key).decrypt(stored.subarray(4));
    expect(await works(token)).toBe(200);
    expect(stored.includes(Buffer.from(token))).toBe(false);

    // The app restarts: the session comes back from the cache with the token the key opens.
    await shell.services.close();
    const again = await startShell(layout, 'packaged');
    shells.push(again.shell!);
    expect(await again.e.invoke(OURS, 'getSession')).toMatchObject({ ok: true, value: { email: 'ben@rebound.example' } });
  });

  it("without the OS's protection (none, or Linux's basic_text) keeps it only in a 0600 file, and makes no key", async () => {
    for (const extra of [{ encryptionAvailable: false }, ...(process.platform === 'linux' ? [{ storageBackend: 'basic_text' }] : [])]) {
      const { e, layout, deskDir } = await signedIn(extra);
      expect(await e.invoke(OURS, 'signIn', { email: 'ben@rebound.example', password: DEMO_PASSWORD })).toMatchObject({ ok: true });
      const stored = readFileSync(tokenFile(deskDir));
      expect(stored.subarray(0, 4).toString()).not.toBe('RBP1');
      expect(await works(stored.toString())).toBe(200);
      expect(statSync(tokenFile(deskDir)).mode & 0o777).toBe(0o600);
      expect(readdirSync(layout.userData)).not.toContain('desk-key');
    }
  });
});

describe('updates', () => {
  it('are off when nothing configures a feed: no check, and nothing to install', async () => {
    const e = await run();
    expect(e.updater.feed).toBeNull();
    expect(e.updater.checks).toBe(0);
    expect(await e.invoke(OURS, 'installUpdate')).toEqual({ ok: false, error: { code: 'invalid_request', message: 'No update is waiting to be installed.' } });
  });

  it('check the generic feed named in desk-config.json, download in the background, and install when the user says so in the app', async () => {
    const e = await run({ config: { updates: { feedUrl: 'https://updates.rebound.example/desk/', checkEveryHours: 6 } } });
    expect(e.updater.feed).toEqual({ provider: 'generic', url: 'https://updates.rebound.example/desk/' });
    expect(e.updater.autoDownload).toBe(true);
    expect(e.updater.autoInstallOnAppQuit).toBe(true);
    expect(e.updater.checks).toBe(1);
    expect(e.updater.installs).toBe(0);

    e.updater.emit('update-downloaded', { version: '0.2.0', files: [], path: 'x', sha512: 'y', releaseDate: '2026-12-01', downloadedFile: '/tmp/x' });
    expect(e.window.webContents.events('rebound:event').filter(([n]) => n === 'appUpdate')).toEqual([['appUpdate', { state: 'ready', version: '0.2.0' }]]);
    // A failed check is logged and tried again later, never shown as a crash.
    e.updater.emit('error', new Error('getaddrinfo ENOTFOUND updates.rebound.example'));

    expect(await e.invoke(OURS, 'installUpdate')).toEqual({ ok: true, value: { ok: true } });
    expect(e.updater.installs).toBe(1);
  });

  it('take REBOUND_UPDATE_URL over the file, and ignore a feed that is not https', async () => {
    vi.stubEnv('REBOUND_UPDATE_URL', 'http://127.0.0.1:8089/feed/');
    const a = await run({ config: { updates: { feedUrl: 'https://updates.rebound.example/desk/' } } });
    expect(a.updater.feed).toEqual({ provider: 'generic', url: 'http://127.0.0.1:8089/feed/' });
    vi.unstubAllEnvs();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const b = await run({ config: { updates: { feedUrl: 'http://updates.rebound.example/desk/' } } });
    expect(b.updater.feed).toBeNull();
    expect(warn.mock.calls.some(([m]) => String(m).includes('desk-config.json'))).toBe(true);
    warn.mockRestore();
  });
});
