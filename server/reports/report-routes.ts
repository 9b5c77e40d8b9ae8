import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formatIssues, REPORT_COLUMNS, reportCells, reportRequestSchema } from '../../shared';
import type { Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import { exportSql, reportParams, toReportRow, type RowRecord } from './report-query';
import { ReportRefusal, reportScope, runReport } from './report-service';

const CSV_BATCH = 2000;

/** The report and its CSV export, inside the authenticated scope. */
export function reportRoutes(app: FastifyInstance, ctx: ServerContext, who: (req: FastifyRequest) => Principal): void {
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
    const out = new PassThrough();
    const write = async (text: string) => {
      if (!out.write(text)) await once(out, 'drain');
    };
    void ctx.db
      .transaction(async (tx) => {
        await tx.query(`declare report_csv no scroll cursor for ${exportSql(r.data)}`, params);
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
  });
}
