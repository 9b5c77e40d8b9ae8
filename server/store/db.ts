import type { Procedure } from './procedure';

/** What every part of the server needs of the database: plain SQL in PostgreSQL's dialect. */
export type Queryable = {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
};

export type Db = Queryable & {
  /** Runs `fn` in one transaction; commits when it returns, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs `procedure` as one transaction where the database runs (see Procedure). */
  procedure<A, R>(procedure: Procedure<A, R>, args: A): Promise<R>;
  /**
   * Calls `listener` for each NOTIFY on `channel` from any process sharing this database.
   * Resolves to an unsubscribe function.
   */
  listen(channel: string, listener: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  readonly dialect: 'pglite' | 'postgres';
  /**
   * The same database, with this priority for its statements and transactions where the
   * database is one thread shared by all (PGlite): `high` goes before waiting `normal` work,
   * `low` after it. PostgreSQL runs statements side by side and ignores it.
   */
  withPriority(priority: DbPriority): Db;
  /**
   * Where statements run on the server's own thread (PGlite in-thread): while `check()` holds,
   * each statement first gives the event loop a turn, so messages that need no database (a
   * Voice Agent's reply to a caller) are not held behind a whole transaction. Elsewhere a no-op.
   */
  takeTurnsWhile(check: () => boolean): void;
  /**
   * Whether statements run on the server's own thread (PGlite in-thread), so applying webhooks
   * takes time from acknowledging them: the applier then pauses and keeps batches short while
   * webhooks pour in. Off that thread (PostgreSQL, PGlite's worker) it applies flat out.
   */
  readonly onServerThread: boolean;
};

export type DbPriority = 'high' | 'normal' | 'low';

/** PostgreSQL's bigint arrives as a string from node-postgres and a number from PGlite. */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}
