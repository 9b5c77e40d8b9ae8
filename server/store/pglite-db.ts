import { PGlite } from '@electric-sql/pglite';
import { checkDataDir, DataDirError, lockDataDir, tightenModes } from './data-dir';
import type { Db, Queryable } from './db';

/** The embedded default: a real PostgreSQL compiled to WebAssembly, kept in a data folder. */
export async function openPgliteDb(dataDir: string | undefined): Promise<Db> {
  let release = () => {};
  if (dataDir) {
    checkDataDir(dataDir);
    release = lockDataDir(dataDir);
    // PGlite creates files with the process's umask (0666 under umask 0): never world-writable.
    process.umask(process.umask() | 0o022);
    tightenModes(dataDir);
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create(dataDir ?? 'memory://');
  } catch (err) {
    release();
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new DataDirError(`The database in ${dataDir ?? 'memory'} cannot be opened (${reason}): it may be damaged. Restore the folder from a backup, or set REBOUND_DATA_DIR to an empty folder to start afresh.`);
  }
  // A fresh folder is unpacked by PGlite with modes of its own (0666): tightened once it is there.
  if (dataDir) tightenModes(dataDir);
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      return (await q.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  return {
    dialect: 'pglite',
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    async listen(channel, listener) {
      const off = await pg.listen(channel, listener);
      return async () => off();
    },
    async close() {
      await pg.close();
      release();
    },
  };
}
