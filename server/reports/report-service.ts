import { ApiError, can, reportRange, type ParsedReportRequest, type ReportResponse } from '../../shared';
import type { Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import { num, type Queryable } from '../store/db';
import { compareCampaigns } from './campaign-comparison';
import { campaignGroupsSql, pageSql, reportParams, toReportRow, type RowRecord } from './report-query';

export class ReportRefusal extends ApiError {
  constructor(readonly status: 403 | 404, message: string) {
    super(status === 403 ? 'forbidden' : 'not_found', message);
  }
}

export type ReportScope = { accountIds: string[]; timeZone: string; start: Date; end: Date; label: string };

/**
 * Who may read what: the report permission, and only the user's own accounts. The range is
 * computed in the report account's time zone (the first of the user's accounts when the
 * report spans all of them).
 */
export async function reportScope(ctx: ServerContext, q: Queryable, p: Principal, r: ParsedReportRequest): Promise<ReportScope> {
  if (!can(p.permissions, 'viewReports')) throw new ReportRefusal(403, 'The Unbooked and Abandoned Calls report needs the report permission.');
  const mine = p.accounts.map((a) => a.id);
  if (r.accountId && !mine.includes(r.accountId)) throw new ReportRefusal(404, 'No such account among yours.');
  const accountIds = r.accountId ? [r.accountId] : mine;
  const [zone] = accountIds.length
    ? await q.query<{ time_zone: string }>('select time_zone from accounts where id = $1', [accountIds[0]])
    : [];
  const timeZone = zone?.time_zone ?? 'America/New_York';
  const range = reportRange(r, ctx.clock(), timeZone);
  return { accountIds, timeZone, ...range };
}

export async function runReport(ctx: ServerContext, p: Principal, r: ParsedReportRequest): Promise<ReportResponse> {
  return ctx.db.transaction(async (tx) => {
    // One snapshot for the page and the comparison, so the totals always match the rows.
    if (ctx.db.dialect === 'postgres') await tx.query('set transaction isolation level repeatable read, read only');
    const scope = await reportScope(ctx, tx, p, r);
    const params = reportParams(scope.accountIds, scope.start, scope.end, r);
    const rows = await tx.query<RowRecord>(pageSql(r), params);
    const groups = await tx.query<{ campaign_id: string | null; abandoned: boolean; outcome: string; speed: unknown; n: unknown }>(campaignGroupsSql(r), params);
    const options = await tx.query<{ id: string; name: string; account_id: string }>(
      'select id, name, account_id from campaigns where account_id = any($1::text[]) order by name',
      [p.accounts.map((a) => a.id)],
    );
    const { campaigns, total } = compareCampaigns(
      groups.map((g) => ({ ...g, speed: g.speed === null ? null : num(g.speed), n: num(g.n) })),
      new Map(options.map((o) => [o.id, o.name])),
    );
    return {
      range: { start: scope.start.toISOString(), end: scope.end.toISOString(), timeZone: scope.timeZone, label: scope.label },
      total,
      rows: rows.map(toReportRow),
      campaigns,
      campaignOptions: options.map((o) => ({ id: o.id, name: o.name, accountId: o.account_id })),
    };
  });
}
