import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { REPORT_COLUMNS, reportCells } from '../../shared';
import type { RouteHandlers } from '../api/register-routes';
import type { ServerContext } from '../context';
import { exportSql, reportParams, toReportRow, type RowRecord } from './report-query';
import { reportScope, runReport } from './report-service';

const CSV_BATCH = 2000;
/** A desk that reads nothing of an export for this long is dropped. */
const WRITE_TIMEOUT_MS = 60_000;
const IDLE_IN_TRANSACTION_MS = 60_000;

/** The report and its CSV export; refusals are `ReportRefusal`s. */
export function reportHandlers(ctx: ServerContext): Pick<RouteHandlers, 'runReport' | 'reportCsv'> {
  return {
    runReport: async (r, { principal }) => runReport(ctx, principal, r),

    /**
     * Every row the screen would list, in its order, as CSV. Streamed from a database cursor in
     * batches, so a year of calls never sits in memory, and written only as fast as the desk reads.
     */
    reportCsv: async (r, { principal, req, reply }) => {
      const scope = await reportScope(ctx, ctx.db, principal, r);
      const params = reportParams(scope.accountIds, scope.start, scope.end, r);
      // Written to a private spool file first, then sent: a transaction (on PGlite the server's
      // only connection) is never held while a slow or stalled desk reads.
      const spool = path.join(tmpdir(), `rebound-report-${randomUUID()}.csv`);
      const file = createWriteStream(spool, { mode: 0o600 });
      const write = async (text: string) => {
        if (!file.write(text)) await once(file, 'drain');
      };
      try {
        await ctx.db.transaction(async (tx) => {
          // PostgreSQL ends a transaction its connection forgot, whatever happened to this process.
          if (ctx.db.dialect === 'postgres') await tx.query(`set local idle_in_transaction_session_timeout = '${IDLE_IN_TRANSACTION_MS}ms'`);
          await tx.query(`declare report_csv no scroll cursor for ${exportSql(r)}`, params);
          await write('\uFEFF' + stringify([[...REPORT_COLUMNS]]));
          for (;;) {
            const batch = await tx.query<RowRecord>(`fetch ${CSV_BATCH} from report_csv`);
            if (batch.length) await write(stringify(batch.map((row) => reportCells(toReportRow(row), scope.timeZone))));
            if (batch.length < CSV_BATCH) break;
          }
          await tx.query('close report_csv');
        });
        await new Promise<void>((resolve) => file.end(() => resolve()));
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
      const name = `unbooked-abandoned-${scope.label.replace(/[^\w-]+/g, '-').toLowerCase()}.csv`;
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(out);
    },
  };
}
