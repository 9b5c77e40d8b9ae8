import { PGlite } from '@electric-sql/pglite';
import { damagedDataDir, prepareDataDir, tightenModes } from './data-dir';
import type { Db, Queryable } from './db';

/** How long urgent work runs before it gives the event loop a turn (while turns are taken). */
const URGENT_SLICE_MS = 8;

/**
 * PGlite on the server's own thread: every statement runs between the HTTP server's turns.
 * The default (see openPgliteDb): on a machine without a spare core a second thread only takes
 * turns with this one and adds a round trip to every statement of a transaction.
 */
export async function openPgliteInThread(dataDir: string | undefined): Promise<Db> {
  const release = prepareDataDir(dataDir);
  let pg: PGlite;
  try {
    pg = await PGlite.create(dataDir ?? 'memory://');
  } catch (err) {
    release();
    throw damagedDataDir(dataDir, err instanceof Error ? err.message.split('\n')[0]! : String(err));
  }
  // A fresh folder is unpacked by PGlite with modes of its own (0666): tightened once it is there.
  if (dataDir) tightenModes(dataDir);
  let turns = () => false;
  let lastTurn = 0;
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>, yields: boolean): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      // PGlite answers in microtasks: a transaction's statements run back to back, and every
      // socket message waits for the whole of it unless a turn is given. Urgent work gives one
      // only after a slice of its own, so it keeps its place and still lets a reply out.
      if (turns() && (yields || performance.now() - lastTurn > URGENT_SLICE_MS)) {
        await new Promise((r) => setImmediate(r));
        lastTurn = performance.now();
      }
      return (await q.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  /**
   * One thread, served in the order asked (PGlite's own lock is first come, first served); the
   * only priority here is that `high` work (applying webhooks) never gives its turns away, so a
   * lead is not held up by the Voice Agent's traffic as well as holding it up.
   */
  const make = (yields: boolean): Db => ({
    dialect: 'pglite',
    withPriority: (p) => (p === 'high' ? urgent : db),
    takeTurnsWhile(check) {
      turns = check;
    },
    ...wrap(pg, yields),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx, yields))),
    async listen(channel, listener) {
      const off = await pg.listen(channel, listener);
      return async () => off();
    },
    async close() {
      await pg.close();
      release();
    },
  });
  const db = make(true);
  const urgent = make(false);
  return db;
}
