// Builds the two layouts the shell can find itself in (a dev tree and an installed app's
// resources/app.asar) in a scratch folder, and runs electron/main.ts against the electron double.
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import { installElectronDouble, type DoubleOptions, type ElectronDouble } from './electron-double';
import type { RunningShell } from '../../electron/shell';

const repo = path.resolve(import.meta.dirname, '../..');

/** better-sqlite3's Node build: it is "the build for this runtime" when the shell runs under Vitest. */
export const NODE_SQLITE_BINDING = path.join(path.dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'build/Release/better_sqlite3.node');

export type Layout = { base: string; appPath: string; userData: string; downloads: string };

/**
 * `packaged`: <base>/resources/app.asar holds package.json and dist/ (as electron-builder packs
 * it), and nothing of the renderer sits in resources/ itself. `dev`: a repository with dist/
 * built and, unless `binding` says otherwise, better-sqlite3 built into .native/electron/.
 */
export function makeLayout(kind: 'packaged' | 'dev', binding: 'built' | 'missing' | 'garbage' = 'built'): Layout {
  const base = mkdtempSync(path.join(os.tmpdir(), `rebound-shell-${kind}-`));
  const appPath = kind === 'packaged' ? path.join(base, 'resources/app.asar') : path.join(base, 'repo');
  const put = (rel: string, body: string | Buffer) => {
    mkdirSync(path.dirname(path.join(appPath, rel)), { recursive: true });
    writeFileSync(path.join(appPath, rel), body);
  };
  put('package.json', JSON.stringify({ name: 'rebound', productName: 'Rebound', version: '0.1.0', main: 'dist/electron/main.cjs' }));
  put('dist/renderer/index.html', `<!doctype html><title>Rebound</title><p>${kind} renderer</p>`);
  put('dist/renderer/app.js', 'console.log("app")');
  put('dist/electron/preload.cjs', '// preload');
  for (const icon of ['icon.png', 'tray.png']) {
    mkdirSync(path.join(appPath, 'dist/electron/icons'), { recursive: true });
    copyFileSync(path.join(repo, 'build/icons', icon === 'icon.png' ? '512x512.png' : 'tray.png'), path.join(appPath, 'dist/electron/icons', icon));
  }
  // Something a path-traversal would reach: beside the renderer folder, and above the app.
  put('dist/secret.txt', 'not for the page');
  writeFileSync(path.join(base, 'outside.txt'), 'not for the page');
  if (kind === 'dev' && binding !== 'missing') {
    mkdirSync(path.join(appPath, '.native/electron'), { recursive: true });
    const file = path.join(appPath, '.native/electron/better_sqlite3.node');
    if (binding === 'built') symlinkSync(NODE_SQLITE_BINDING, file);
    else writeFileSync(file, 'not a shared object');
  }
  const userData = path.join(base, 'userData');
  const downloads = path.join(base, 'Downloads');
  mkdirSync(userData, { recursive: true });
  return { base, appPath, userData, downloads };
}

/** Imports electron/main.ts afresh against a new double, as Electron would start it. */
export async function startShell(layout: Layout, kind: 'packaged' | 'dev', extra: Partial<DoubleOptions> = {}): Promise<{ e: ElectronDouble; shell: RunningShell | null }> {
  const e = installElectronDouble({ isPackaged: kind === 'packaged', appPath: layout.appPath, userData: layout.userData, downloads: layout.downloads, ...extra });
  vi.resetModules();
  const main = await import('../../electron/main');
  return { e, shell: await main.shell };
}
