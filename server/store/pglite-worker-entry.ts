// The embedded database's own thread. PGlite runs PostgreSQL synchronously in WebAssembly: on
// the server's thread every statement blocked the HTTP server, the relay sockets and the pokes
// (a Voice Agent's reply waited behind a webhook batch). Here it runs beside them, on the
// machine's other core, and the server's thread only sends SQL and receives rows.
import { PGlite } from '@electric-sql/pglite';
import { writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PgliteStatements } from './pglite-prepared';
import { PriorityLanes } from './priority-lanes';
import type { Procedure } from './procedure';
import type { FromPgliteWorker, PgliteErrorFields, PgliteWorkerData, ToPgliteWorker } from './pglite-worker-protocol';

const port = parentPort!;
const post = (m: FromPgliteWorker) => port.postMessage(m);
const { dataDir } = workerData as PgliteWorkerData;

function fieldsOf(err: unknown): PgliteErrorFields {
  if (!(err instanceof Error)) return { message: String(err) };
  const fields: PgliteErrorFields = { message: err.message };
  for (const [k, v] of Object.entries(err)) if (v === undefined || typeof v === 'string' || typeof v === 'number') fields[k] = v;
  return fields;
}

let pg: PGlite;
try {
  pg = await PGlite.create(dataDir ?? 'memory://');
} catch (err) {
  post({ type: 'open-failed', reason: err instanceof Error ? err.message.split('\n')[0]! : String(err) });
  process.exit(1);
}

const statements = new PgliteStatements(pg);

// REBOUND_SQL_PROFILE=<file>: time spent on each statement, written when the database closes.
const profile = process.env['REBOUND_SQL_PROFILE'];
const stats = new Map<string, { n: number; ms: number; max: number }>();
let busy = 0;
const openedAt = performance.now();
function writeProfile() {
  if (!profile) return;
  const lines = [...stats].sort((a, b) => b[1].ms - a[1].ms).map(([k, v]) => `${v.ms.toFixed(0).padStart(7)} ${String(v.n).padStart(7)} ${(v.ms / v.n).toFixed(2).padStart(6)} ${v.max.toFixed(1).padStart(6)} ${k}`);
  writeFileSync(profile, `busy ${busy.toFixed(0)} ms of ${(performance.now() - openedAt).toFixed(0)} ms\n${lines.join('\n')}\n`);
}
if (profile) setInterval(writeProfile, 1000).unref();
function count(key: string, ms: number) {
  const e = stats.get(key) ?? { n: 0, ms: 0, max: 0 };
  e.n++;
  e.ms += ms;
  e.max = Math.max(e.max, ms);
  stats.set(key, e);
}
const keyOf = (sql: string) => sql.replace(/\s+/g, ' ').slice(0, 120);

const unlisten = new Map<string, () => Promise<void>>();
const modules = new Map<string, Record<string, Procedure<unknown, unknown>>>();

/** Runs one request and answers it; false when it failed. */
async function handle(m: ToPgliteWorker): Promise<boolean> {
  try {
    switch (m.op) {
      case 'query':
        post({ type: 'result', id: m.id, rows: (await statements.query(m.sql, m.params)).rows });
        return true;
      case 'exec':
        await pg.exec(m.sql);
        await statements.forget();
        break;
      case 'listen':
        if (!unlisten.has(m.channel)) unlisten.set(m.channel, await pg.listen(m.channel, (payload) => post({ type: 'notify', channel: m.channel, payload })));
        break;
      case 'unlisten':
        await unlisten.get(m.channel)?.();
        unlisten.delete(m.channel);
        break;
      case 'procedure': {
        // A transaction of the module's export, run here in one go. Imported once: every
        // import() goes through the module loader's hooks (tsx's), which cost milliseconds.
        let mod = modules.get(m.module);
        if (!mod) modules.set(m.module, (mod = (await import(m.module)) as Record<string, Procedure<unknown, unknown>>));
        const proc = mod[m.exportName];
        if (!proc) throw new Error(`no procedure ${m.exportName} in ${m.module}`);
        const query = async <T>(sql: string, params: unknown[]): Promise<T[]> => {
          if (!profile) return (await statements.query<T>(sql, params)).rows;
          // Profiled, each statement of a procedure is listed under it (indented), as well as the whole.
          const t = performance.now();
          const rows = (await statements.query<T>(sql, params)).rows;
          count(`  in ${m.exportName}: ${keyOf(sql)}`, performance.now() - t);
          return rows;
        };
        // Inside PGlite's transaction (it holds the database until it ends); statements go
        // through the kept ones like every other.
        const value = await pg.transaction((tx) =>
          proc.run({ query: <T>(sql: string, params: unknown[] = []) => query<T>(sql, params), exec: async (sql: string) => {
            await tx.exec(sql);
            await statements.forget();
          } }, m.args),
        );
        post({ type: 'result', id: m.id, value });
        return true;
      }
      case 'close':
        // The server's thread waits for this thread's exit.
        await pg.close();
        process.exit(0);
    }
    post({ type: 'result', id: m.id });
    return true;
  } catch (err) {
    post({ type: 'error', id: m.id, error: fieldsOf(err) });
    return false;
  }
}

/**
 * Requests wait here, by priority, and one runs at a time. The server's thread posts each the
 * moment it is asked for: when the lanes were kept there, the worker sat idle between one
 * transaction's answer and the next one's request, 10-13 ms at a time while that thread was busy
 * with 200 Voice Agent callers, and a webhook waited 15-35 ms to be stored (bench/voice-agent).
 */
const lanes = new PriorityLanes<ToPgliteWorker>((m) => m.op !== 'procedure' && !m.tx);
/** The transaction the server's thread is running statement by statement, and its next statements. */
let openTx: number | null = null;
const inOpenTx: ToPgliteWorker[] = [];
let serving = false;

async function serve(): Promise<void> {
  serving = true;
  for (;;) {
    // Requests posted while the last one ran are read first: PGlite answers in microtasks, so
    // without this turn of the event loop they would wait for everything already queued.
    await new Promise((r) => setImmediate(r));
    const m = openTx === null ? lanes.take() : inOpenTx.shift();
    // Nothing waits, or the open transaction's next statement is still on its way.
    if (!m) break;
    if (m.tx?.opens) openTx = m.tx.id;
    const t = profile ? performance.now() : 0;
    const ok = await handle(m);
    if (profile) {
      const ms = performance.now() - t;
      busy += ms;
      count('sql' in m ? keyOf(m.sql) : m.op === 'procedure' ? `procedure ${m.exportName}` : m.op, ms);
    }
    // A BEGIN that failed opened nothing; after COMMIT or ROLLBACK, whatever their outcome, it is over.
    if (m.tx && (m.tx.closes || (m.tx.opens && !ok))) openTx = null;
  }
  serving = false;
}

port.on('message', (m: ToPgliteWorker) => {
  if (m.tx && !m.tx.opens && m.tx.id === openTx) inOpenTx.push(m);
  else lanes.push(m.priority, m);
  if (!serving) void serve();
});
post({ type: 'ready' });
