import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { CACHE_MIGRATIONS } from './migrations';

export type CacheDb = Database.Database;

export class CacheTooNewError extends Error {}

/**
 * Opens (or creates) one user's cache file: WAL so readers never wait for the sync writer,
 * synchronous=FULL so an edit the UI confirmed survives a power cut. `nativeBinding` lets the
 * Electron shell load its own build of better-sqlite3 (Electron's ABI) while Node uses the
 * one in node_modules.
 */
export function openCache(file: string, opts: { nativeBinding?: string } = {}): CacheDb {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Statements that fire triggers keep a statement journal, and the query layer keeps temp
  // tables: in memory, not in temp files, which cost a catch-up half its time.
  db.pragma('temp_store = MEMORY');
  const applied = db.pragma('user_version', { simple: true }) as number;
  if (applied > CACHE_MIGRATIONS.length) {
    db.close();
    throw new CacheTooNewError(`The cache at ${file} was written by a newer Rebound (schema ${applied}); update the app.`);
  }
  db.transaction(() => {
    for (let i = applied; i < CACHE_MIGRATIONS.length; i++) db.exec(CACHE_MIGRATIONS[i]!);
    db.pragma(`user_version = ${CACHE_MIGRATIONS.length}`);
  })();
  return db;
}

/**
 * Loads better-sqlite3's native module once, so a build for the wrong runtime (Node's ABI inside
 * Electron) is found at start with its own message, not at sign-in as a stack trace.
 */
export function probeSqlite(nativeBinding?: string): void {
  new Database(':memory:', nativeBinding ? { nativeBinding } : {}).close();
}

/** One cache file per signed-in user, so two people sharing a desk never see each other's rows. */
export function cacheFileFor(dataDir: string, userId: string): string {
  return path.join(dataDir, `cache-${userId.replace(/[^a-zA-Z0-9_-]/g, '_')}.sqlite`);
}
