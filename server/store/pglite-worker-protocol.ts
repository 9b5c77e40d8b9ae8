/** Messages between the server's thread and the worker thread that runs PGlite. */

export type ToPgliteWorker =
  | { id: number; op: 'query'; sql: string; params: unknown[] }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'listen' | 'unlisten'; channel: string }
  | { id: number; op: 'close' }
  /** A Procedure: the worker imports `module` and runs its export `exportName` in a transaction. */
  | { id: number; op: 'procedure'; module: string; exportName: string; args: unknown };

/** A database error's fields (code, detail, constraint…), which a posted Error would lose. */
export type PgliteErrorFields = { message: string } & Record<string, unknown>;

export type FromPgliteWorker =
  | { type: 'ready' }
  | { type: 'open-failed'; reason: string }
  | { type: 'result'; id: number; rows?: unknown[]; value?: unknown }
  | { type: 'error'; id: number; error: PgliteErrorFields }
  | { type: 'notify'; channel: string; payload: string };

export type PgliteWorkerData = { dataDir: string | null };
