import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { damagedDataDir, prepareDataDir, tightenModes } from './data-dir';
import type { Db, DbPriority, Queryable } from './db';
import { openPgliteInThread } from './pglite-in-thread';
import type { FromPgliteWorker, PgliteWorkerData, ToPgliteWorker, Turn } from './pglite-worker-protocol';
import type { Procedure } from './procedure';

type Request = { resolve: (rows: unknown[], value?: unknown) => void; reject: (err: unknown) => void };
type Op = ToPgliteWorker extends infer T ? (T extends { id: number } ? Omit<T, 'id' | keyof Turn> : never) : never;

/** The worker's entry: the built file when there is one, otherwise the TypeScript source through tsx. */
function spawnPgliteWorker(data: PgliteWorkerData): Worker {
  const built = path.join(import.meta.dirname, 'pglite-worker-entry.js');
  if (existsSync(built)) return new Worker(built, { workerData: data });
  const source = pathToFileURL(path.join(import.meta.dirname, 'pglite-worker-entry.ts')).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  // A worker does not inherit its parent's loaders: tsx is registered first.
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`, { eval: true, workerData: data });
}

/**
 * The embedded default: a real PostgreSQL compiled to WebAssembly, kept in a data folder. In a
 * worker thread of its own unless REBOUND_PGLITE_THREAD=server (the README's "Ingest under load"
 * has the measurements behind that choice: in a heat-wave spike on the server's thread, leads
 * reached desks 8-10 s late, 0.2 s in the worker).
 */
export async function openPgliteDb(dataDir: string | undefined, thread?: 'worker' | 'server'): Promise<Db> {
  const inWorker = (thread ?? (process.env['REBOUND_PGLITE_THREAD'] === 'server' ? 'server' : 'worker')) === 'worker';
  return inWorker ? openPgliteWorker(dataDir) : openPgliteInThread(dataDir);
}

/**
 * PGlite in a worker thread of its own (pglite-worker-entry.ts says why). A transaction holds
 * back every statement outside it until it ends, as PGlite's own transaction lock did; waiting
 * work is served by priority (Db.withPriority).
 */
export async function openPgliteWorker(dataDir: string | undefined): Promise<Db> {
  const release = prepareDataDir(dataDir);
  const worker = spawnPgliteWorker({ dataDir: dataDir ?? null });
  const pending = new Map<number, Request>();
  const listeners = new Map<string, Set<(payload: string) => void>>();
  let nextId = 1;
  let stopped: Error | null = null;

  const stop = (err: Error) => {
    stopped ??= err;
    for (const r of pending.values()) r.reject(stopped);
    pending.clear();
  };
  const opened = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: FromPgliteWorker) => {
      if (m.type === 'ready') return resolve();
      if (m.type === 'open-failed') {
        return reject(damagedDataDir(dataDir, m.reason));
      }
      if (m.type === 'notify') return listeners.get(m.channel)?.forEach((l) => l(m.payload));
      const r = pending.get(m.id);
      if (!r) return;
      pending.delete(m.id);
      // Idle, the worker must not keep the process alive; a statement in flight must.
      if (pending.size === 0) worker.unref();
      if (m.type === 'result') r.resolve(m.rows ?? [], m.value);
      else r.reject(Object.assign(new Error(m.error.message), m.error));
    });
    worker.on('error', (err) => {
      console.error(`[rebound] The embedded database stopped: ${err.message}`);
      reject(err);
      stop(err);
    });
    worker.on('exit', (code) => {
      reject(new Error(`The embedded database stopped (exit ${code}) before it opened.`));
      stop(new Error(`The embedded database has stopped (exit ${code}).`));
    });
  });
  try {
    await opened;
  } catch (err) {
    release();
    throw err;
  }
  worker.unref();
  // A fresh folder is unpacked by PGlite with modes of its own (0666): tightened once it is there.
  if (dataDir) tightenModes(dataDir);

  /** One message to the worker, answered with rows (a statement) or a value (a procedure). */
  const request = (op: Op, turn: Turn): Promise<{ rows: unknown[]; value: unknown }> =>
    new Promise((resolve, reject) => {
      if (stopped) return reject(stopped);
      const id = nextId++;
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve: (rows, value) => resolve({ rows, value }), reject });
      worker.postMessage({ ...op, ...turn, id } as ToPgliteWorker);
    });
  const send = async (op: Op, turn: Turn): Promise<unknown[]> => (await request(op, turn)).rows;
  let nextTx = 1;

  // Everything is posted at once and waits in the worker, which serves it by priority
  // (pglite-worker-entry.ts); a transaction's statements carry its id, so nothing else runs
  // between its BEGIN and its end.
  const withPriority = (priority: DbPriority): Db => ({
    dialect: 'pglite',
    withPriority,
    // Its own thread: the server's event loop never waits for a statement.
    takeTurnsWhile: () => {},
    onServerThread: false,
    query: async <T>(sql: string, params: unknown[] = []) => (await send({ op: 'query', sql, params }, { priority })) as T[],
    exec: async (sql: string) => void (await send({ op: 'exec', sql }, { priority })),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const id = nextTx++;
      const step = (sql: string, tx: Turn['tx']) => send({ op: 'query', sql, params: [] }, { priority, tx });
      await step('begin', { id, opens: true });
      const inTx: Queryable = {
        query: async <R>(sql: string, params: unknown[] = []) => (await send({ op: 'query', sql, params }, { priority, tx: { id } })) as R[],
        exec: async (sql: string) => void (await send({ op: 'exec', sql }, { priority, tx: { id } })),
      };
      let result: T;
      try {
        result = await fn(inTx);
      } catch (err) {
        await step('rollback', { id, closes: true }).catch(() => {});
        throw err;
      }
      await step('commit', { id, closes: true });
      return result;
    },
    // One message each way: the worker runs the whole transaction (procedure.ts says why).
    procedure: async <A, R>(p: Procedure<A, R>, args: A): Promise<R> => (await request({ op: 'procedure', module: p.module, exportName: p.exportName, args }, { priority })).value as R,
    async listen(channel, listener) {
      let set = listeners.get(channel);
      if (!set) {
        listeners.set(channel, (set = new Set()));
        await send({ op: 'listen', channel }, { priority });
      }
      set.add(listener);
      return async () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(channel) === set) {
          listeners.delete(channel);
          await send({ op: 'unlisten', channel }, { priority });
        }
      };
    },
    async close() {
      if (!stopped) {
        const exited = new Promise((r) => worker.once('exit', r));
        worker.ref();
        // After everything already waiting, whatever its priority.
        worker.postMessage({ id: nextId++, op: 'close', priority: 'low' } satisfies ToPgliteWorker);
        await exited;
      }
      release();
    },
  });
  return withPriority('normal');
}
