import pg from 'pg';
import type { Db, Queryable } from './db';

/** A real PostgreSQL server through node-postgres, for scale and for several server processes. */
export async function openPostgresDb(connectionString: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: 10 });
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

  return {
    dialect: 'postgres',
    ...asQueryable(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const out = await fn(asQueryable(client));
        await client.query('commit');
        return out;
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
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
}
