// The real build, laid out as electron-builder packs it: dist/ and package.json inside
// resources/app.asar. The bundled shell (dist/electron/main.cjs, what Electron runs) is loaded
// with `electron` resolved to the double, and the window it opens must show the renderer: the
// page, its script and its styles. This is the "installer shows a blank window" fault, checked on
// the artefact rather than on the sources.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronModule, installElectronDouble } from '../../support/electron-double';
import type { RunningShell } from '../../../electron/shell';

const root = path.resolve(import.meta.dirname, '../../..');

describe('the packaged bundle', () => {
  let base: string;
  let appPath: string;
  let running: RunningShell | null = null;

  beforeAll(() => {
    base = mkdtempSync(path.join(os.tmpdir(), 'rebound-bundle-'));
    appPath = path.join(base, 'resources/app.asar');
    for (const tool of ['tools/build-renderer.ts', 'tools/build-electron.ts']) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, tool)], { cwd: root, env: { ...process.env, REBOUND_DIST_DIR: path.join(appPath, 'dist') }, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr}`);
    }
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(appPath, 'package.json'), JSON.stringify({ ...pkg, main: 'dist/electron/main.cjs' }));
    // Production modules, as electron-builder copies them in (better-sqlite3 unpacked beside the archive).
    symlinkSync(path.join(root, 'node_modules'), path.join(appPath, 'node_modules'));
    mkdirSync(path.join(base, 'userData'));
  }, 120_000);

  afterAll(async () => {
    await running?.services.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('opens a window that shows the app: page, script and styles come from inside app.asar', async () => {
    const e = installElectronDouble({ isPackaged: true, appPath, userData: path.join(base, 'userData'), downloads: path.join(base, 'Downloads') });
    const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
    const load = loader._load;
    const fake = electronModule();
    loader._load = function (request, parent, isMain) {
      return request === 'electron' ? fake : load.call(this, request, parent, isMain);
    };
    try {
      const main = createRequire(import.meta.url)(path.join(appPath, 'dist/electron/main.cjs')) as { shell: Promise<RunningShell | null> };
      running = await main.shell;
    } finally {
      loader._load = load;
    }
    expect(e.errorBoxes).toEqual([]);
    expect(e.windows).toHaveLength(1);
    expect(e.window.webContents.url).toBe('rebound://app/index.html');
    expect(e.window.options.title).toMatch(/^Rebound \d+\.\d+\.\d+$/);
    expect(e.window.options.webPreferences!['preload']).toBe(path.join(appPath, 'dist/electron/preload.cjs'));

    const page = await e.fetch('rebound://app/index.html');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    for (const asset of [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)) {
      const res = await e.fetch(`rebound://app/${asset}`);
      expect(res.status, asset).toBe(200);
      expect((await res.arrayBuffer()).byteLength, asset).toBeGreaterThan(100);
    }
    expect(e.trays[0]!.image.isEmpty()).toBe(false);
  });
});
