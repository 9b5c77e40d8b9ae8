import pg from 'pg';
import type { Db, Queryable } from './db';

/**
 * A transaction idle this long is ended by PostgreSQL itself: no code path waits on anything but
 * the database inside one, so an idle one was forgotten (a hung request, a bug), and it would
 * otherwise hold its locks and one of the pool's connections for ever.
 */
const IDLE_IN_TRANSACTION_MS = 60_000;

/** A real PostgreSQL server through node-postgres, for scale and for several server processes. */
export async function openPostgresDb(connectionString: string, opts: { idleInTransactionMs?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    idle_in_transaction_session_timeout: opts.idleInTransactionMs ?? IDLE_IN_TRANSACTION_MS,
  });
  pool.on('error', (err) => console.error('PostgreSQL pool error:', err.message));
  await pool.query('select 1');
  const listeners: pg.Client[] = [];

  const asQueryable = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      return (await c.query(sql, params)).rows as T[];
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });

  const db: Db = {
    dialect: 'postgres',
    withPriority: () => db,
    takeTurnsWhile: () => {},
    onServerThread: false,
    ...asQueryable(pool),
    procedure: (p, args) => db.transaction((tx) => p.run(tx, args)),
    async transaction(fn) {
      const client = await pool.connect();
      // The pool listens for a connection's errors only while it is idle: one PostgreSQL ends
      // while it is checked out (an idle transaction's timeout, a restart) would otherwise be an
      // uncaught error that stops the server.
      let ended: Error | undefined;
      const onError = (err: Error) => (ended ??= err); // the first says why; "terminated unexpectedly" follows
      client.on('error', onError);
      try {
        await client.query('begin');
        const out = await fn(asQueryable(client));
        await client.query('commit');
        client.off('error', onError);
        client.release();
        return out;
      } catch (err) {
        // An ended connection cannot roll back: it leaves the pool instead of going back to it.
        const rolledBack = !ended && (await client.query('rollback').then(() => true, () => false));
        client.off('error', onError);
        client.release(rolledBack ? undefined : (ended ?? (err as Error)));
        // Why the connection ended says more than "not queryable".
        throw ended ?? err;
      }
    },
    async listen(channel, listener) {
      // LISTEN needs a connection of its own that stays open outside the pool.
      const client = new pg.Client({ connectionString });
      await client.connect();
      client.on('notification', (msg) => {
        if (msg.channel === channel) listener(msg.payload ?? '');
      });
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end();
      };
    },
    async close() {
      await Promise.all(listeners.map((c) => c.end()));
      await pool.end();
    },
  };
  return db;
}
