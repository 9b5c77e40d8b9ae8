import type { Queryable } from './db';

/**
 * A transaction that runs where the database runs: on PostgreSQL and PGlite on the server's
 * thread it is an ordinary `Db.transaction`; with PGlite in its worker thread the worker loads
 * `module` and runs the export itself, so the transaction's dozen statements cost one message
 * each way instead of a round trip each (the webhook applier's batches waited on the server's
 * busy thread between statements). Arguments and results must survive structured cloning.
 */
export type Procedure<A, R> = {
  readonly module: string;
  readonly exportName: string;
  run(tx: Queryable, args: A): Promise<R>;
};

/** `module` is the defining module's `import.meta.url`; `exportName` the name it is exported under. */
export function defineProcedure<A, R>(module: string, exportName: string, run: (tx: Queryable, args: A) => Promise<R>): Procedure<A, R> {
  return { module, exportName, run };
}
