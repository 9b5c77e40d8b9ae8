// electron/main.ts run under Vitest against the electron double (no Electron binary here): what
// the shell does at start, what it serves, what it refuses, and how it talks to the OS.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeLayout, startShell, type Layout } from '../../support/shell-harness';
import type { ElectronDouble } from '../../support/electron-double';
import type { RunningShell } from '../../../electron/shell';

vi.mock('electron', async () => (await import('../../support/electron-double')).electronModule());
vi.mock('electron-updater', async () => (await import('../../support/electron-double')).electronUpdaterModule());

const OURS = 'rebound://app/index.html';
const layouts: Layout[] = [];
const shells: RunningShell[] = [];

async function run(kind: 'packaged' | 'dev', binding: 'built' | 'missing' | 'garbage' = 'built', extra: Parameters<typeof startShell>[2] = {}) {
  const layout = makeLayout(kind, binding);
  layouts.push(layout);
  const r = await startShell(layout, kind, extra);
  if (r.shell) shells.push(r.shell);
  return { ...r, layout };
}

afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(shells.splice(0).map((s) => s.services.close()));
  for (const l of layouts.splice(0)) rmSync(l.base, { recursive: true, force: true });
});

const text = async (e: ElectronDouble, url: string) => {
  const res = await e.fetch(url);
  return { status: res.status, body: await res.text(), csp: res.headers.get('content-security-policy') };
};

describe('the window', () => {
  it('is created with the secure web preferences, the preload from the app, and the name and version in its title', async () => {
    const { e, layout } = await run('packaged');
    expect(e.windows).toHaveLength(1);
    const w = e.window;
    expect(w.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      preload: path.join(layout.appPath, 'dist/electron/preload.cjs'),
    });
    expect(w.options.title).toBe('Rebound 0.1.0');
    // The page's own <title> does not replace it.
    expect(w.fire('page-title-updated', {}, 'Something else')).toBe(true);
    expect(w.webContents.url).toBe(OURS);
    await vi.waitFor(() => expect(w.visible).toBe(true));
  });

  it('names the product and version in the About panel, has a Help menu with About, and a tray icon that is a real image', async () => {
    const { e, layout } = await run('packaged', 'built', { version: '1.4.2' });
    expect(e.window.options.title).toBe('Rebound 1.4.2');
    expect(e.app.aboutPanel).toMatchObject({ applicationName: 'Rebound', applicationVersion: '1.4.2', iconPath: path.join(layout.appPath, 'dist/electron/icons/icon.png') });
    const help = (e.menu as { template: { role?: string; submenu?: { label: string; click(): void }[] }[] }).template.find((m) => m.role === 'help')!;
    help.submenu!.find((i) => i.label === 'About Rebound')!.click();
    expect(e.app.calls).toContain('showAboutPanel');
    expect(e.trays).toHaveLength(1);
    const tray = e.trays[0]!;
    expect(tray.image.path).toBe(path.join(layout.appPath, 'dist/electron/icons/tray.png'));
    expect(tray.image.isEmpty()).toBe(false);
    e.window.visible = false;
    tray.emit('click');
    expect(e.window.visible).toBe(true);
  });

  it('keeps navigation, redirects and sub-frame navigation on our origin, and opens only allow-listed links outside', async () => {
    const { e } = await run('packaged');
    const wc = e.window.webContents;
    for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      expect(wc.fire(event, { url: 'https://evil.example/' }), event).toBe(true);
      expect(wc.fire(event, { url: 'file:///etc/passwd' }), event).toBe(true);
      expect(wc.fire(event, { url: 'rebound://app/index.html#/lead' }), event).toBe(false);
    }
    const recording = `https://api.twilio.com/2010-04-01/Accounts/AC${'a'.repeat(32)}/Recordings/RE${'b'.repeat(32)}`;
    for (const url of [recording, 'https://rebound.example/docs/packaging', 'https://evil.example/', 'http://api.twilio.com/x', 'file:///etc/passwd', `https://api.twilio.com/2010-04-01/Accounts/AC${'a'.repeat(32)}/Calls`, 'https://rebound.example.evil.example/docs/']) {
      expect(wc.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    await vi.waitFor(() => expect(e.opened).toEqual([recording, 'https://rebound.example/docs/packaging']));
  });

  it('grants the microphone only for a request that names audio alone, and nothing to other origins', async () => {
    const { e } = await run('packaged');
    const s = e.defaultSession;
    expect(s.request('media', { requestingUrl: OURS, mediaTypes: ['audio'] })).toBe(true);
    expect(s.request('media', { requestingUrl: OURS, mediaTypes: [] })).toBe(false);
    expect(s.request('media', { requestingUrl: OURS, mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(s.request('media', { requestingUrl: OURS })).toBe(false);
    expect(s.request('media', { requestingUrl: 'https://evil.example/', mediaTypes: ['audio'] })).toBe(false);
    expect(s.request('geolocation', { requestingUrl: OURS })).toBe(false);
    expect(s.permissionCheck!(null, 'media', 'rebound://app', { mediaType: 'audio' })).toBe(true);
    expect(s.permissionCheck!(null, 'media', 'rebound://app', { mediaType: 'video' })).toBe(false);
    expect(s.permissionCheck!(null, 'media', 'rebound://app', {})).toBe(false);
    expect(s.permissionCheck!(null, 'notifications', 'rebound://app', {})).toBe(true);
    expect(s.permissionCheck!(null, 'media', 'https://evil.example', { mediaType: 'audio' })).toBe(false);
  });
});

describe('the app protocol', () => {
  it('serves the renderer from inside app.asar in an installed app (where electron-builder packs dist/renderer)', async () => {
    const { e } = await run('packaged');
    expect(e.schemes).toEqual([{ scheme: 'rebound', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    const page = await text(e, OURS);
    expect(page.status).toBe(200);
    expect(page.body).toContain('packaged renderer');
    expect(page.csp).toContain("default-src 'self'");
    // The page's own style nonce, new with every load, in its policy and in the page; no inline styles otherwise.
    const nonce = /style-src 'self' 'nonce-([^']+)'/.exec(page.csp!)?.[1];
    expect(page.body).toContain(`<meta property="csp-nonce" nonce="${nonce}" />`);
    expect(page.csp).not.toContain('unsafe-inline');
    expect((await text(e, OURS)).csp).not.toBe(page.csp);
    expect((await text(e, 'rebound://app/app.js')).csp).toContain("style-src 'self';");
    expect((await text(e, 'rebound://app/')).body).toContain('packaged renderer');
    expect((await text(e, 'rebound://app/app.js')).body).toContain('console.log');
  });

  it('serves the renderer from the repository in a dev tree', async () => {
    const { e } = await run('dev');
    expect((await text(e, OURS)).body).toContain('dev renderer');
  });

  it('refuses paths outside the renderer folder: dot segments, encoded, malformed, NUL, other hosts', async () => {
    const { e } = await run('packaged');
    for (const url of [
      'rebound://app/../secret.txt',
      'rebound://app/%2e%2e/secret.txt',
      'rebound://app/..%2fsecret.txt',
      'rebound://app/..%2F..%2F..%2Foutside.txt',
      'rebound://app/%2e%2e%2f%2e%2e%2f%2e%2e%2foutside.txt',
      'rebound://app/..%5csecret.txt',
      'rebound://app/%E0%A4%A',
      'rebound://app/index.html%00.png',
      'rebound://other/index.html',
      'rebound://app/missing.html',
    ]) {
      const r = await text(e, url);
      expect(r.status, url).toBe(404);
      expect(r.body, url).not.toContain('not for the page');
    }
  });
});

describe('IPC', () => {
  it('answers our own top frame, from the desk services in a utility process, and refuses a foreign or embedded frame', async () => {
    const { e, layout } = await run('packaged');
    expect(e.utilityProcesses.map((u) => [u.modulePath, u.options['serviceName']])).toEqual([[path.join(layout.appPath, 'dist/electron/desk-services.cjs'), 'Rebound desk services']]);
    expect(await e.invoke(OURS, 'getSession')).toEqual({ ok: true, value: null });
    const refused = { ok: false, error: { code: 'forbidden', message: 'This window may not use the desk services.' } };
    expect(await e.invoke('https://evil.example/', 'getSession')).toEqual(refused);
    expect(await e.invoke(OURS, 'getSession', {}, { url: OURS })).toEqual(refused);
    expect(await e.invoke('rebound://app.evil/index.html', 'signOut')).toEqual(refused);
  });
});

describe('the cache module (better-sqlite3 built for Electron)', () => {
  it('a dev tree without the Electron build says what to run, and opens no window', async () => {
    const { e, shell } = await run('dev', 'missing');
    expect(shell).toBeNull();
    expect(e.windows).toHaveLength(0);
    expect(e.errorBoxes).toHaveLength(1);
    expect(e.errorBoxes[0]!.title).toBe('Rebound cannot open its cache');
    expect(e.errorBoxes[0]!.message).toContain('npm run electron:rebuild');
    expect(e.errorBoxes[0]!.message).toContain('.native/electron/better_sqlite3.node');
    expect(e.app.calls).toContain('exit 1');
  });

  it('a build that does not load says so and what to run', async () => {
    const { e } = await run('dev', 'garbage');
    expect(e.windows).toHaveLength(0);
    expect(e.errorBoxes[0]!.message).toMatch(/does not load in Electron .*npm run electron:rebuild/s);
  });

  it('a build stamped for another Electron is refused before it is loaded', async () => {
    const layout = makeLayout('dev');
    layouts.push(layout);
    writeFileSync(path.join(layout.appPath, '.native/electron/electron-version'), '1.2.3\n');
    const { e } = await startShell(layout, 'dev');
    expect(e.windows).toHaveLength(0);
    expect(e.errorBoxes[0]!.message).toMatch(/built for Electron 1\.2\.3.*npm run electron:rebuild/s);
  });

  it('with the Electron build, a dev tree opens the cache and restores the last session', async () => {
    const { e, shell } = await run('dev');
    expect(e.errorBoxes).toEqual([]);
    expect(shell!.layout.nativeBinding).toBe(path.join(shell!.layout.root, '.native/electron/better_sqlite3.node'));
  });
});

describe('single instance', () => {
  it('a second instance quits at once without a window', async () => {
    const { e, shell } = await run('packaged', 'built', { singleInstanceLock: false });
    expect(shell).toBeNull();
    expect(e.windows).toHaveLength(0);
    expect(e.app.calls).toEqual(['quit']);
  });

  it('the first instance comes forward when a second one starts', async () => {
    const { e } = await run('packaged');
    await vi.waitFor(() => expect(e.window.visible).toBe(true));
    e.window.minimize();
    e.window.visible = false;
    e.app.emit('second-instance', {}, ['rebound'], '/');
    expect(e.window.calls.slice(-3)).toEqual(['restore', 'show', 'focus']);
    expect(e.window.visible && e.window.focused).toBe(true);
  });
});
