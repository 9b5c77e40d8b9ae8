import type { Db } from './db';
import { migrate } from './migrate';
import { openPgliteDb } from './pglite-db';
import { openPostgresDb } from './postgres-db';

/**
 * A real PostgreSQL when a connection string is given, otherwise embedded PGlite in
 * `dataDir` (or in memory). Migrations run before anything else touches it.
 */
export async function openDb(opts: { databaseUrl?: string; dataDir?: string; pgliteThread?: 'worker' | 'server' }): Promise<Db> {
  let db: Db;
  if (opts.databaseUrl) {
    db = await openPostgresDb(opts.databaseUrl);
  } else {
    // The folder is created (or refused with one clear line) by openPgliteDb's checks.
    db = await openPgliteDb(opts.dataDir, opts.pgliteThread);
  }
  await migrate(db);
  return db;
}
