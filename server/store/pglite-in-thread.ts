import { PGlite } from '@electric-sql/pglite';
import { damagedDataDir, prepareDataDir, tightenModes } from './data-dir';
import type { Db, DbPriority, Queryable } from './db';
import { PgliteStatements } from './pglite-prepared';
import { priorityGate } from './priority-gate';

/** How long urgent work runs before it gives the event loop a turn (while turns are taken). */
const URGENT_SLICE_MS = 8;

/**
 * PGlite on the server's own thread (REBOUND_PGLITE_THREAD=server): every statement runs
 * between the HTTP server's turns. No round trip per statement, so a steady pace is a little
 * quicker, but acknowledging and applying share one thread, and in a spike the backlog waits
 * (see openPgliteDb for the default).
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
  const statements = new PgliteStatements(pg);
  let turns = () => false;
  let lastTurn = 0;
  /**
   * PGlite answers in microtasks: statements ran back to back, and every socket message waited
   * for all of them unless a turn was given. While turns are taken, ordinary work gives one
   * before each statement; urgent work, and a transaction (which holds the database meanwhile),
   * only after a slice of its own, so they keep their place and still let a reply out.
   */
  const giveTurn = async (always: boolean) => {
    if (turns() && (always || performance.now() - lastTurn > URGENT_SLICE_MS)) {
      await new Promise((r) => setImmediate(r));
      lastTurn = performance.now();
    }
  };
  const inTransaction = (tx: Pick<PGlite, 'exec'>): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      await giveTurn(false);
      return (await statements.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await tx.exec(sql);
      await statements.forget();
    },
  });
  // One statement or transaction at a time, by priority: applying webhooks (high) goes before
  // waiting bookings and transcript saves, never behind a burst of them.
  const gate = priorityGate({ maxInFlight: 1 });
  const gated = async <T>(priority: DbPriority, tx: boolean, run: () => Promise<T>): Promise<T> => {
    await giveTurn(priority !== 'high');
    return gate.run(priority, tx, run);
  };
  const make = (priority: DbPriority): Db => ({
    dialect: 'pglite',
    withPriority: (p) => byPriority[p],
    takeTurnsWhile(check) {
      turns = check;
    },
    onServerThread: true,
    query: async <T>(sql: string, params: unknown[] = []) => gated(priority, false, async () => (await statements.query<T>(sql, params)).rows),
    exec: async (sql: string) =>
      gated(priority, false, async () => {
        await pg.exec(sql);
        await statements.forget();
      }),
    transaction: (fn) => gated(priority, true, () => pg.transaction((tx) => fn(inTransaction(tx)))),
    procedure: (p, args) => gated(priority, true, () => pg.transaction((tx) => p.run(inTransaction(tx), args))),
    async listen(channel, listener) {
      const off = await pg.listen(channel, listener);
      return async () => off();
    },
    async close() {
      // After everything already waiting, whatever its priority.
      await gated('low', true, () => pg.close());
      release();
    },
  });
  const byPriority: Record<DbPriority, Db> = { high: make('high'), normal: make('normal'), low: make('low') };
  const db = byPriority.normal;
  return db;
}
