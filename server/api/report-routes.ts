import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance } from 'fastify';
import { ApiError, REPORT_COLUMNS, reportCells, reportFileName } from '../../shared';
import type { RouteHandlers } from './register-routes';
import type { ServerContext } from '../context';
import { ReadAbandoned, readInBatches } from '../reports/batched-read';
import { exportSql, reportParams, toReportRow, type RowRecord } from '../reports/report-query';
import { reportScope, runReport } from '../reports/report-service';

/** Small enough that, on PGlite, other requests wait at most one batch behind an export. */
const CSV_BATCH = 500;
/** A desk that reads nothing of an export for this long is dropped. */
const WRITE_TIMEOUT_MS = 60_000;

const SPOOL = /^rebound-report-(\d+)-[\w-]+\.csv$/;
/**
 * Exports being read from the database at once: one per person (a double click, or a desk that
 * retries, must not read a year of calls twice) and a few per process, so exports cannot take
 * every connection (PostgreSQL's pool; on PGlite the only one) from webhooks and desks.
 */
const EXPORTS_PER_PERSON = 1;
const EXPORTS_PER_PROCESS = 4;

/** Whether a process with this id is running (a spool file's writer, say). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Spool files a server that crashed left behind: they hold tenants' calls, so they go. */
function removeOrphanSpools(): void {
  for (const f of readdirSync(tmpdir())) {
    const m = SPOOL.exec(f);
    if (m && Number(m[1]) !== process.pid && !running(Number(m[1]))) rmSync(path.join(tmpdir(), f), { force: true });
  }
}

/**
 * The report and its CSV export; refusals are `ReportRefusal`s. `app` is the scope the routes
 * live in: a stopping server drops the exports still being sent through it.
 */
export function reportHandlers(ctx: ServerContext, app: FastifyInstance): Pick<RouteHandlers, 'runReport' | 'reportCsv'> {
  // Exports in progress. Before closing, the server drops them: otherwise it would wait (SIGTERM
  // included) for a desk that never reads, up to the write timeout.
  removeOrphanSpools();
  const exporting = new Set<Socket>();
  const reading = new Map<string, number>();
  let readingTotal = 0;
  /** Takes a place among the exports being read, or refuses in words; returns its release. */
  const enter = (userId: string): (() => void) => {
    if ((reading.get(userId) ?? 0) >= EXPORTS_PER_PERSON) {
      throw new ApiError('rate_limited', 'Your previous export is still being prepared. Export again once it has downloaded.');
    }
    if (readingTotal >= EXPORTS_PER_PROCESS) throw new ApiError('rate_limited', 'The server is preparing several exports right now. Try again in a minute.');
    reading.set(userId, (reading.get(userId) ?? 0) + 1);
    readingTotal++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      readingTotal--;
      const left = (reading.get(userId) ?? 1) - 1;
      if (left > 0) reading.set(userId, left);
      else reading.delete(userId);
    };
  };
  app.addHook('preClose', async () => {
    for (const s of exporting) s.destroy();
  });

  return {
    runReport: async (r, { principal }) => runReport(ctx, principal, r),

    /**
     * Every row the screen would list, in its order, as CSV. Read from a database cursor in
     * batches, so a year of calls never sits in memory.
     */
    reportCsv: async (r, { principal, req, reply }) => {
      const scope = await reportScope(ctx, ctx.db, principal, r);
      const params = reportParams(scope.accountIds, scope.start, scope.end, r);
      const release = enter(principal.userId);
      const socket = req.raw.socket;
      exporting.add(socket);
      socket.once('close', () => exporting.delete(socket));
      // A desk that goes away (or a stopping server) ends the export, wherever it has got to.
      let gone = socket.destroyed;
      reply.raw.once('close', () => (gone = true));
      // Written to a private spool file first, then sent: the database (on PGlite the server's
      // only connection, on PostgreSQL one of the pool's) never waits while a slow or stalled
      // desk reads. The rows are one consistent snapshot.
      // Named for this process, so what a crash left behind is told from another server's exports.
      const spool = path.join(tmpdir(), `rebound-report-${process.pid}-${randomUUID()}.csv`);
      const file = createWriteStream(spool, { mode: 0o600 });
      const write = async (text: string) => {
        if (!file.write(text)) await once(file, 'drain');
      };
      try {
        await write('\uFEFF' + stringify([[...REPORT_COLUMNS]]));
        await readInBatches<RowRecord>(ctx.db, exportSql(r), params, CSV_BATCH, (batch) => write(stringify(batch.map((row) => reportCells(toReportRow(row), scope.timeZone)))), () => gone);
        await new Promise<void>((resolve, reject) => file.end((err?: Error | null) => (err ? reject(err) : resolve())));
      } catch (err) {
        file.destroy();
        await rm(spool, { force: true });
        if (err instanceof ReadAbandoned) return reply;
        throw err;
      } finally {
        // Read: sending the file costs the database nothing, so the next export may start.
        release();
      }
      if (gone) {
        await rm(spool, { force: true });
        return reply;
      }
      const out = createReadStream(spool);
      out.on('close', () => void rm(spool, { force: true }));
      // A desk that stops reading is dropped after a while without progress; one that goes away
      // ends the read at once. Either way the spool file is deleted.
      socket.setTimeout(ctx.config.exportWriteTimeoutMs ?? WRITE_TIMEOUT_MS, () => socket.destroy());
      reply.raw.once('close', () => {
        out.destroy();
        if (!socket.destroyed) socket.setTimeout(0); // a kept-alive connection goes back to the server's own timeouts
      });
      const name = reportFileName(scope, scope.timeZone, ctx.clock());
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(out);
    },
  };
}
