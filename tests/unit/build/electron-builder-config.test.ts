// build/electron-builder.yml checked by electron-builder itself, without building (Electron
// cannot be downloaded here): its schema validation and package-metadata checks, the deb
// target's own option check, the icon each target resolves, and what the shell expects to find
// inside the package.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Arch, Packager, Platform, type Configuration, type PlatformPackager } from 'app-builder-lib';
import { AppInfo } from 'app-builder-lib/out/appInfo';
import { createTargets } from 'app-builder-lib/out/targets/targetFactory';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { appLayout } from '../../../electron/app-layout';
import { iconFiles, LINUX_SIZES } from '../../../tools/build-icons';

const root = path.resolve(import.meta.dirname, '../../..');
const CONFIG = 'build/electron-builder.yml';

type Internals = { createHelper(p: Platform): Promise<PlatformPackager<Configuration>> };

async function packager(config: string | Configuration = CONFIG, targets = Platform.LINUX.createTarget(['deb', 'AppImage'], Arch.x64)) {
  const p = new Packager({ projectDir: root, config, targets });
  await p.validateConfig();
  p._appInfo = new AppInfo(p, null);
  return p;
}

/** electron-builder's own glob semantics are minimatch's; path.matchesGlob is the same dialect for these patterns. */
const packed = (files: string[], rel: string) => files.some((g) => !g.startsWith('!') && path.matchesGlob(rel, g)) && !files.some((g) => g.startsWith('!') && path.matchesGlob(rel, g.slice(1)));

describe('electron-builder configuration', () => {
  let p: Packager;
  beforeAll(async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    p = await packager();
  });

  it('passes electron-builder schema validation, which does refuse a misspelt option', async () => {
    expect(p.config.appId).toBe('com.rebound.desk');
    await expect(packager({ ...p.config, electronFusez: { runAsNode: false } } as Configuration)).rejects.toThrow(/electronFusez/);
    await expect(packager({ ...p.config, electronFuses: { runAsNod: false } } as unknown as Configuration)).rejects.toThrow(/configuration\.electronFuses/);
  });

  it('packs the renderer, the shell and its icons inside app.asar, where the shell looks for them when packaged', () => {
    // electron-builder normalises `files` into one filter set.
    const files = (p.config.files as { filter: string[] }[]).flatMap((f) => f.filter);
    expect(p.config.asar).not.toBe(false);
    expect(p.config.extraResources).toBeUndefined();
    const appPath = '/opt/Rebound/resources/app.asar';
    const layout = appLayout({ isPackaged: true, getAppPath: () => appPath });
    for (const file of [path.join(layout.rendererDir, 'index.html'), path.join(layout.rendererDir, 'app.js'), layout.preload, layout.appIcon, layout.trayIcon, path.join(appPath, 'dist/electron/main.cjs')]) {
      const rel = path.relative(appPath, file);
      expect(rel.startsWith('..'), file).toBe(false);
      expect(packed(files, rel), rel).toBe(true);
    }
    expect(packed(files, 'package.json')).toBe(true);
    expect(packed(files, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
    expect(packed(files, 'dist/renderer/app.js.map')).toBe(false);
    expect(p.config.extraMetadata).toMatchObject({ main: 'dist/electron/main.cjs' });
  });

  it('rebuilds better-sqlite3 for Electron and keeps it outside the archive', () => {
    expect(p.config.npmRebuild).toBe(true);
    expect(p.config.asarUnpack).toContain('node_modules/better-sqlite3/**');
  });

  it('burns the fuses that close Node-as-a-backdoor and file:// privileges', () => {
    expect(p.config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('has the metadata every target needs: the deb target accepts its maintainer and homepage', async () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg).toMatchObject({ productName: 'Rebound', license: expect.any(String), homepage: expect.stringMatching(/^https:\/\//), description: expect.any(String) });
    const linux = await (p as unknown as Internals).createHelper(Platform.LINUX);
    const [deb, appImage] = createTargets(new Map(), ['deb', 'AppImage'], path.join(root, 'release'), linux);
    // electron-builder's own check, run before it builds a .deb ("Please specify project homepage", "author email").
    expect(await (deb as unknown as { checkOptions(): Promise<unknown> }).checkOptions()).toEqual({
      name: 'rebound',
      maintainer: 'Rebound <desk@rebound.example>',
      url: 'https://rebound.example/',
      vendor: 'Rebound <desk@rebound.example>',
    });
    expect(appImage!.name).toBe('appImage');
    expect(p.config.linux).toMatchObject({ category: 'Office', executableName: 'rebound', synopsis: expect.any(String) });
    expect(p.config.mac?.extendInfo).toMatchObject({ NSMicrophoneUsageDescription: expect.stringContaining('microphone') });
  });

  it('gives every target an icon: Linux PNG sizes, a Windows ICO and a macOS ICNS that electron-builder resolves', async () => {
    const linuxDir = path.join(root, p.config.linux!.icon as string);
    const names = readdirSync(linuxDir);
    for (const s of LINUX_SIZES) expect(names).toContain(`${s}x${s}.png`);
    const win = await (await (p as unknown as Internals).createHelper(Platform.WINDOWS)).getIconPath();
    expect(win).toBe(path.join(root, 'build/icon.ico'));
    expect([...readFileSync(win!).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    const mac = await (await (p as unknown as Internals).createHelper(Platform.MAC)).getIconPath();
    expect(mac).toBe(path.join(root, 'build/icon.icns'));
    expect(readFileSync(mac!).subarray(0, 4).toString('latin1')).toBe('icns');
  });

  it('has icons that are exactly what build/icon.svg renders to (npm run build:icons)', () => {
    for (const [rel, data] of iconFiles()) {
      expect(existsSync(path.join(root, rel)), rel).toBe(true);
      expect(readFileSync(path.join(root, rel)).equals(data), `${rel} is stale: run npm run build:icons`).toBe(true);
    }
  });
});
