import type { DbPriority } from './db';

/** Messages between the server's thread and the worker thread that runs PGlite. */

/**
 * How the worker serves a request: by `priority` (priority-lanes.ts), or, for a statement of a
 * transaction the server's thread runs statement by statement, as part of that transaction
 * `tx`: the request that `opens` it takes its turn by priority, and until the one that `closes`
 * it has run, the worker serves nothing else.
 */
export type Turn = { priority: DbPriority; tx?: { id: number; opens?: true; closes?: true } };

export type ToPgliteWorker = Turn &
  (
    | { id: number; op: 'query'; sql: string; params: unknown[] }
    | { id: number; op: 'exec'; sql: string }
    | { id: number; op: 'listen' | 'unlisten'; channel: string }
    | { id: number; op: 'close' }
    /** A Procedure: the worker imports `module` and runs its export `exportName` in a transaction. */
    | { id: number; op: 'procedure'; module: string; exportName: string; args: unknown }
  );

/** A database error's fields (code, detail, constraint…), which a posted Error would lose. */
export type PgliteErrorFields = { message: string } & Record<string, unknown>;

export type FromPgliteWorker =
  | { type: 'ready' }
  | { type: 'open-failed'; reason: string }
  | { type: 'result'; id: number; rows?: unknown[]; value?: unknown }
  | { type: 'error'; id: number; error: PgliteErrorFields }
  | { type: 'notify'; channel: string; payload: string };

export type PgliteWorkerData = { dataDir: string | null };
