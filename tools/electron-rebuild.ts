// `npm run electron:rebuild`: builds better-sqlite3 for the installed Electron's ABI into
// .native/electron/better_sqlite3.node, which a dev Electron loads through better-sqlite3's
// `nativeBinding` option. It works on a copy of the package, so node_modules keeps Node's build
// for the tests and the web host. Needs what @electron/rebuild needs: Electron's headers (or a
// prebuilt binary) from the network, and python3, make and a C++ compiler to build from source.
import { rebuild as electronRebuild } from '@electron/rebuild';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

type Rebuild = (o: { buildPath: string; electronVersion: string; onlyModules: string[]; force: boolean }) => Promise<void>;

const version = (pkg: string, from = root) => (JSON.parse(readFileSync(path.join(from, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

/** Builds the binding into `<root>/.native/electron/` and stamps it with the Electron version it is for. */
export async function buildForElectron(opts: { root: string; rebuild: Rebuild; log?: (m: string) => void }): Promise<string> {
  const electronVersion = version('electron', opts.root);
  const work = mkdtempSync(path.join(os.tmpdir(), 'rebound-electron-rebuild-'));
  try {
    cpSync(path.join(opts.root, 'node_modules/better-sqlite3'), path.join(work, 'node_modules/better-sqlite3'), {
      recursive: true,
      filter: (src) => !src.includes(`${path.sep}build${path.sep}`) && !src.endsWith(`${path.sep}build`),
    });
    writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'rebound-native', version: '0.0.0', private: true, dependencies: { 'better-sqlite3': version('better-sqlite3', opts.root) } }));
    opts.log?.(`Building better-sqlite3 ${version('better-sqlite3', opts.root)} for Electron ${electronVersion}…`);
    await opts.rebuild({ buildPath: work, electronVersion, onlyModules: ['better-sqlite3'], force: true });
    const out = path.join(opts.root, '.native/electron');
    mkdirSync(out, { recursive: true });
    copyFileSync(path.join(work, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), path.join(out, 'better_sqlite3.node'));
    writeFileSync(path.join(out, 'electron-version'), `${electronVersion}\n`);
    return path.join(out, 'better_sqlite3.node');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  try {
    const file = await buildForElectron({ root, rebuild: (o) => electronRebuild(o), log: console.log });
    console.log(`Built ${path.relative(root, file)}: a dev Electron (npm start) now opens the desk's cache.`);
  } catch (err) {
    console.error(
      `Could not build better-sqlite3 for Electron: ${(err as Error).message}\n` +
        'This needs Electron\'s headers or a prebuilt binary (downloaded from Electron\'s and GitHub\'s servers) and, to build from source, python3, make and g++.',
    );
    process.exit(1);
  }
}
