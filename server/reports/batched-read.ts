import { randomBytes } from 'node:crypto';
import type { Db } from '../store/db';

/** Stops a batched read part-way (the caller's desk went away); the cursor is closed. */
export class ReadAbandoned extends Error {}

/**
 * Every row of `sql`, in batches, from one consistent snapshot, handed to `onBatch` in order.
 *
 * On PostgreSQL a cursor inside a transaction on one of the pool's connections. On PGlite, whose
 * one connection is the whole server's, a transaction would hold every other request (health,
 * pulls, webhooks) for the whole read: the cursor is declared WITH HOLD instead, so the snapshot
 * is taken in a short transaction and each batch is one query that others' queries take turns with.
 */
export async function readInBatches<T>(
  db: Db,
  sql: string,
  params: unknown[],
  batchSize: number,
  onBatch: (rows: T[]) => Promise<void>,
  stop: () => boolean,
): Promise<void> {
  // Several exports at once share PGlite's one session, so each cursor has a name of its own.
  const cursor = `batched_read_${randomBytes(8).toString('hex')}`;
  const drain = async (q: Pick<Db, 'query'>) => {
    for (;;) {
      if (stop()) throw new ReadAbandoned();
      const batch = await q.query<T>(`fetch ${batchSize} from ${cursor}`);
      if (batch.length) await onBatch(batch);
      if (batch.length < batchSize) return;
    }
  };
  if (db.dialect === 'postgres') {
    await db.transaction(async (tx) => {
      await tx.query(`declare ${cursor} no scroll cursor for ${sql}`, params);
      await drain(tx);
      await tx.query(`close ${cursor}`);
    });
    return;
  }
  await db.transaction(async (tx) => {
    await tx.query(`declare ${cursor} no scroll cursor with hold for ${sql}`, params);
  });
  try {
    await drain(db);
  } finally {
    await db.query(`close ${cursor}`);
  }
}
