import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { REPORT_COLUMNS, reportCells } from '../../shared';
import type { RouteHandlers } from '../api/register-routes';
import type { ServerContext } from '../context';
import { exportSql, reportParams, toReportRow, type RowRecord } from './report-query';
import { reportScope, runReport } from './report-service';

const CSV_BATCH = 2000;

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
      const out = new PassThrough();
      const write = async (text: string) => {
        if (!out.write(text)) await once(out, 'drain');
      };
      void ctx.db
        .transaction(async (tx) => {
          await tx.query(`declare report_csv no scroll cursor for ${exportSql(r)}`, params);
          await write('\uFEFF' + stringify([[...REPORT_COLUMNS]]));
          for (;;) {
            const batch = await tx.query<RowRecord>(`fetch ${CSV_BATCH} from report_csv`);
            if (batch.length) await write(stringify(batch.map((row) => reportCells(toReportRow(row), scope.timeZone))));
            if (batch.length < CSV_BATCH) break;
          }
          await tx.query('close report_csv');
        })
        .then(
          () => out.end(),
          (err) => {
            req.log.error(err);
            out.destroy(err as Error);
          },
        );
      const name = `unbooked-abandoned-${scope.label.replace(/[^\w-]+/g, '-').toLowerCase()}.csv`;
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(out);
    },
  };
}
