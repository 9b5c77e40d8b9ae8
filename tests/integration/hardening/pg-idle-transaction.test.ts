import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDb } from '../../../server/store/postgres-db';
import { createScratchDatabase, REAL_POSTGRES_SKIP_REASON } from '../../support/backends';

const realUrl = process.env['TEST_DATABASE_URL'];
if (REAL_POSTGRES_SKIP_REASON) console.warn(`[rebound] idle-in-transaction tests skipped: ${REAL_POSTGRES_SKIP_REASON}`);

describe.skipIf(!realUrl)('a transaction left idle on PostgreSQL (skipped without TEST_DATABASE_URL: PGlite has no sessions to end)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  beforeAll(async () => {
    scratch = await createScratchDatabase(realUrl!);
  });
  afterAll(() => scratch?.drop());

  it('is ended by PostgreSQL after a minute by default', async () => {
    const db = await openPostgresDb(scratch.url);
    try {
      const [setting] = await db.query<{ idle_in_transaction_session_timeout: string }>('show idle_in_transaction_session_timeout');
      expect(setting!.idle_in_transaction_session_timeout).toBe('1min');
    } finally {
      await db.close();
    }
  });

  it('is ended after the timeout, its locks freed, and the pool keeps answering', async () => {
    const db = await openPostgresDb(scratch.url, { idleInTransactionMs: 300 });
    try {
      await db.exec('create table held (id int primary key, n int); insert into held values (1, 0)');
      const forgotten = db.transaction(async (tx) => {
        await tx.query('update held set n = n + 1 where id = 1'); // holds the row lock
        await new Promise((r) => setTimeout(r, 1_500)); // a request that hangs mid-transaction
        await tx.query('select 1');
      });
      const err = await forgotten.catch((e: unknown) => e);
      expect(String(err)).toMatch(/terminating connection due to idle-in-transaction timeout/);
      // The row lock is gone and the update was rolled back: another writer gets through at once.
      await db.transaction(async (tx) => {
        await tx.query("set local lock_timeout = '1s'");
        await tx.query('update held set n = n + 10 where id = 1');
      });
      expect(await db.query('select n from held')).toEqual([{ n: 10 }]);
      // Every pooled connection still answers (the ended one left the pool).
      await Promise.all(Array.from({ length: 12 }, () => db.query('select 1')));
    } finally {
      await db.close();
    }
  }, 20_000);
});
