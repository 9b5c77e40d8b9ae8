import type { Db, Queryable } from './db';

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock detected

/** A transaction that is retried when PostgreSQL picks it as a deadlock or serialization victim. */
export function transact<T>(db: Db, fn: (tx: Queryable) => Promise<T>, attempts = 5): Promise<T> {
  return retried(() => db.transaction(fn), attempts);
}

/** `run` (one transaction), again while PostgreSQL picks it as a deadlock or serialization victim. */
export async function retried<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (i >= attempts || !code || !RETRYABLE.has(code)) throw err;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 10));
    }
  }
}
