import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { probeSqlite } from '../main/cache/open-cache';
import type { AppLayout } from './app-layout';

export type BindingCheck = { ok: true; nativeBinding: string | undefined } | { ok: false; title: string; message: string };

const REBUILD = 'Run `npm run electron:rebuild` in the Rebound folder (it builds .native/electron/better_sqlite3.node for this Electron), then start Rebound again.';

/**
 * The cache's native module must be built for this Electron. A dev tree's node_modules holds
 * Node's build (the tests and the web host use it), so the shell loads its own copy and, when
 * that is missing or stale, says what to run instead of failing at sign-in with an ABI error.
 */
export function checkCacheBinding(layout: AppLayout, electronVersion: string): BindingCheck {
  const file = layout.nativeBinding;
  if (file !== undefined) {
    if (!existsSync(file)) {
      return { ok: false, title: 'Rebound cannot open its cache', message: `better-sqlite3 has not been built for Electron ${electronVersion} in this dev tree (${file} is missing).\n\n${REBUILD}` };
    }
    const stamp = path.join(path.dirname(file), 'electron-version');
    const builtFor = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : null;
    if (builtFor && builtFor !== electronVersion) {
      return { ok: false, title: 'Rebound cannot open its cache', message: `${file} was built for Electron ${builtFor}, and this is Electron ${electronVersion}.\n\n${REBUILD}` };
    }
  }
  try {
    probeSqlite(file);
    return { ok: true, nativeBinding: file };
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return file !== undefined
      ? { ok: false, title: 'Rebound cannot open its cache', message: `${file} does not load in Electron ${electronVersion}: ${why}\n\n${REBUILD}` }
      : { ok: false, title: 'Rebound cannot open its cache', message: `The database module of this installation does not load (${why}). Reinstall Rebound.` };
  }
}
