import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildForElectron } from '../../tools/electron-rebuild';

// @electron/rebuild itself needs Electron's headers from the network, so here it is replaced by
// a stand-in that writes the file node-gyp would; what is tested is everything around it.
describe('npm run electron:rebuild', () => {
  it("builds a copy of better-sqlite3 for the installed Electron into .native/electron, stamped, leaving node_modules' Node build alone", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'rebound-rebuild-'));
    try {
      const put = (rel: string, body: string) => {
        mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        writeFileSync(path.join(root, rel), body);
      };
      put('node_modules/electron/package.json', JSON.stringify({ version: '39.8.10' }));
      put('node_modules/better-sqlite3/package.json', JSON.stringify({ name: 'better-sqlite3', version: '12.6.2' }));
      put('node_modules/better-sqlite3/src/better_sqlite3.cpp', '// source');
      put('node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'node build');
      const asked: unknown[] = [];
      const file = await buildForElectron({
        root,
        rebuild: async (o) => {
          asked.push(o);
          // The copy has no build of its own: it must be a fresh one, for Electron.
          expect(existsSync(path.join(o.buildPath, 'node_modules/better-sqlite3/build'))).toBe(false);
          expect(existsSync(path.join(o.buildPath, 'node_modules/better-sqlite3/src/better_sqlite3.cpp'))).toBe(true);
          mkdirSync(path.join(o.buildPath, 'node_modules/better-sqlite3/build/Release'), { recursive: true });
          writeFileSync(path.join(o.buildPath, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), 'electron build');
        },
      });
      expect(asked).toEqual([expect.objectContaining({ electronVersion: '39.8.10', onlyModules: ['better-sqlite3'], force: true })]);
      expect(file).toBe(path.join(root, '.native/electron/better_sqlite3.node'));
      expect(readFileSync(file, 'utf8')).toBe('electron build');
      expect(readFileSync(path.join(root, '.native/electron/electron-version'), 'utf8').trim()).toBe('39.8.10');
      expect(readFileSync(path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), 'utf8')).toBe('node build');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
