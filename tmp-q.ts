import pg from 'pg';
import { reportRequestSchema, reportRange } from './shared';
import { reportWhere, reportParams } from './server/reports/report-query';
const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/rb_report' });
await c.connect();
const r = reportRequestSchema.parse({ preset: process.argv[2] ?? 'this_year' });
const range = reportRange(r, new Date(), 'America/Chicago');
const params = reportParams(['acc-north', 'acc-south'], range.start, range.end, r);
const qs = {
  one: `select c.campaign_id, c.report_type = 'abandoned' as abandoned, c.report_outcome as outcome, c.speed_seconds as s, count(*) as n from calls c where ${reportWhere(r)} group by 1, 2, 3, 4`,
  outcomes: `select c.campaign_id, c.report_type = 'abandoned' as abandoned, c.report_outcome as outcome, count(*) as n from calls c where ${reportWhere(r)} group by 1, 2, 3`,
  speeds: `select c.campaign_id, c.speed_seconds as s, count(*) as n from calls c where ${reportWhere(r)} and c.speed_seconds is not null group by 1, 2`,
};
for (const [k, sql] of Object.entries(qs)) {
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const res = await c.query(sql, params);
    console.log(k, res.rowCount, Math.round(performance.now() - t0), 'ms');
  }
  const plan = await c.query(`explain ${sql}`, params);
  console.log(plan.rows.map((x) => x['QUERY PLAN']).filter((l: string) => /Scan|Aggregate|Gather/.test(l)).join('\n'));
}
await c.end();
