import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formatIssues, REPORT_COLUMNS, reportCells, reportRequestSchema } from '../../shared';
import type { Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import { exportSql, reportParams, toReportRow, type RowRecord } from './report-query';
import { ReportRefusal, reportScope, runReport } from './report-service';

const CSV_BATCH = 2000;
/** A desk that reads nothing of an export for this long is dropped. */
const WRITE_TIMEOUT_MS = 60_000;
const IDLE_IN_TRANSACTION_MS = 60_000;

/** The report and its CSV export, inside the authenticated scope. */
export function reportRoutes(app: FastifyInstance, ctx: ServerContext, who: (req: FastifyRequest) => Principal): void {
  // Exports being sent: a stopping server drops them rather than wait for a desk that never reads.
  const streaming = new Set<Socket>();
  app.addHook('onClose', async () => {
    for (const s of streaming) s.destroy();
  });
  app.post('/api/reports/unbooked-abandoned', async (req, reply) => {
    const r = reportRequestSchema.safeParse(req.body ?? {});
    if (!r.success) return reply.code(400).send({ error: 'invalid_request', message: formatIssues(r.error) });
    try {
      return await runReport(ctx, who(req), r.data);
    } catch (err) {
      if (err instanceof ReportRefusal) return reply.code(err.status).send({ error: err.status === 403 ? 'forbidden' : 'not_found', message: err.message });
      throw err;
    }
  });

  /**
   * Every row the screen would list, in its order, as CSV. Streamed from a database cursor in
   * batches, so a year of calls never sits in memory, and written only as fast as the desk reads.
   */
  app.post('/api/reports/unbooked-abandoned/csv', async (req, reply) => {
    const r = reportRequestSchema.safeParse(req.body ?? {});
    if (!r.success) return reply.code(400).send({ error: 'invalid_request', message: formatIssues(r.error) });
    let scope;
    try {
      scope = await reportScope(ctx, ctx.db, who(req), r.data);
    } catch (err) {
      if (err instanceof ReportRefusal) return reply.code(err.status).send({ error: err.status === 403 ? 'forbidden' : 'not_found', message: err.message });
      throw err;
    }
    const params = reportParams(scope.accountIds, scope.start, scope.end, r.data);
    // Written to a private spool file first, then sent: a transaction (on PGlite the server's only
    // connection) is never held while a slow or stalled desk reads. Every row is read in one
    // transaction, so the file is one consistent snapshot.
    const spool = path.join(tmpdir(), `rebound-report-${randomUUID()}.csv`);
    const file = createWriteStream(spool, { mode: 0o600 });
    const write = async (text: string) => {
      if (!file.write(text)) await once(file, 'drain');
    };
    try {
      await ctx.db.transaction(async (tx) => {
        // PostgreSQL ends a transaction its connection forgot, whatever happened to this process.
        if (ctx.db.dialect === 'postgres') await tx.query(`set local idle_in_transaction_session_timeout = '${IDLE_IN_TRANSACTION_MS}ms'`);
        await tx.query(`declare report_csv no scroll cursor for ${exportSql(r.data)}`, params);
        await write('\uFEFF' + stringify([[...REPORT_COLUMNS]]));
        for (;;) {
          const batch = await tx.query<RowRecord>(`fetch ${CSV_BATCH} from report_csv`);
          if (batch.length) await write(stringify(batch.map((row) => reportCells(toReportRow(row), scope.timeZone))));
          if (batch.length < CSV_BATCH) break;
        }
        await tx.query('close report_csv');
      });
      await new Promise<void>((resolve, reject) => file.end((err?: Error | null) => (err ? reject(err) : resolve())));
    } catch (err) {
      file.destroy();
      await rm(spool, { force: true });
      throw err;
    }
    const out = createReadStream(spool);
    out.on('close', () => void rm(spool, { force: true }));
    // A desk that stops reading is dropped after a while without progress; one that goes away
    // ends the read at once. Either way the spool file is deleted.
    const socket = req.raw.socket;
    socket.setTimeout(ctx.config.exportWriteTimeoutMs ?? WRITE_TIMEOUT_MS, () => socket.destroy());
    reply.raw.on('close', () => out.destroy());
    streaming.add(socket);
    socket.once('close', () => streaming.delete(socket));
    const name = `unbooked-abandoned-${scope.label.replace(/[^\w-]+/g, '-').toLowerCase()}.csv`;
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(out);
  });
}
