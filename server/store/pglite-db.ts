import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable } from './db';

/** The embedded default: a real PostgreSQL compiled to WebAssembly, kept in a data folder. */
export async function openPgliteDb(dataDir: string | undefined): Promise<Db> {
  const pg = await PGlite.create(dataDir ?? 'memory://');
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
    close: () => pg.close(),
  };
}
