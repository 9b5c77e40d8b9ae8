import type { ParsedReportRequest, ReportRow } from '../../shared';

/** The agent id on calls the Voice Agent answered (it is nobody's user id). */
const VOICE_AGENT_ID = 'voice-agent';

/*
 * The report's SQL, built per request from fixed fragments (never from user text). It reads the
 * report columns every call carries (migration 60), so counting and comparing a year of calls
 * is an index-only scan, and only the rows of the page are joined to people and campaigns.
 * `$1` accounts, `$2` start, `$3` end, `$4` campaign or null.
 */

const JOB_DATE: Record<Exclude<ParsedReportRequest['dateType'], 'call'>, string> = {
  job_creation: 'j.created_at',
  job_scheduled: 'j.window_start',
  // As the field-service system reported it (POST /api/field-service/jobs/:jobId/completion);
  // a job not completed yet, or cancelled, has no completion date.
  job_completion: 'j.completed_at',
};

/** The report's calls as a WHERE clause over `calls c`. */
export function reportWhere(r: ParsedReportRequest): string {
  const campaign = '($4::text is null or c.campaign_id = $4::text)';
  if (r.dateType === 'call') {
    return `c.report_type is not null and c.account_id = any($1::text[]) and c.started_at >= $2 and c.started_at < $3 and ${campaign}`;
  }
  const col = JOB_DATE[r.dateType];
  // By job dates, the jobs the Voice Agent booked count too: their calls never reached a person.
  return `(c.report_type is not null or c.agent_id = '${VOICE_AGENT_ID}') and ${campaign} and c.followup_lead_id in (
      select j.lead_id from jobs j where j.account_id = any($1::text[]) and ${col} >= $2 and ${col} < $3)`;
}

export function reportParams(accountIds: string[], start: Date, end: Date, r: ParsedReportRequest): unknown[] {
  return [accountIds, start, end, r.campaignId ?? null];
}

/** Who took the call: a person, or the Voice Agent (a call it booked, or one whose caller hung up on it). */
const AGENT_NAME = `coalesce(u.name, case when c.agent_id = '${VOICE_AGENT_ID}' then 'Voice Agent' end)`;

const COLUMNS = `c.call_sid, c.started_at, c.direction, c.customer_e164,
  coalesce(c.report_type, case when c.agent_id = '${VOICE_AGENT_ID}' then 'voice_agent' end) as call_type,
  c.report_outcome as outcome, coalesce(c.report_customer, c.caller_name) as customer_name,
  ${AGENT_NAME} as agent_name, cmp.name as campaign_name`;
const JOINS = 'left join users u on u.id = c.agent_id left join campaigns cmp on cmp.id = c.campaign_id';

const SORT: Record<ParsedReportRequest['sort']['column'], string> = {
  callDate: 'c.started_at',
  callType: 'c.report_type',
  direction: 'c.direction',
  name: AGENT_NAME,
  campaign: 'cmp.name',
  phone: 'c.customer_e164',
  customer: 'coalesce(c.report_customer, c.caller_name)',
};

function orderBy(r: ParsedReportRequest): string {
  const dir = r.sort.direction === 'asc' ? 'asc' : 'desc';
  // Report calls always have a start time; leaving out NULLS LAST lets the newest-first page
  // walk the (started_at, call_sid) index backwards and stop after one page.
  if (r.sort.column === 'callDate') return `order by c.started_at ${dir}, c.call_sid ${dir}`;
  // PostgreSQL's own null order (last going up, first going down), so the customer and phone
  // indexes serve both directions.
  return `order by ${SORT[r.sort.column]} ${dir}, c.call_sid ${dir}`;
}

export function pageSql(r: ParsedReportRequest): string {
  return `select ${COLUMNS} from calls c ${JOINS} where ${reportWhere(r)} ${orderBy(r)} limit ${r.limit} offset ${r.offset}`;
}

/** Everything the sort would list, for the CSV: the screen's order, no paging. */
export function exportSql(r: ParsedReportRequest): string {
  return `select ${COLUMNS} from calls c ${JOINS} where ${reportWhere(r)} ${orderBy(r)}`;
}

/**
 * The report's calls counted by campaign, type, outcome and speed-to-lead in one parallel scan;
 * the comparison (and its exact median) is summed up from these groups.
 */
export function campaignGroupsSql(r: ParsedReportRequest): string {
  return `select c.campaign_id, (c.report_type = 'abandoned' or c.agent_id = '${VOICE_AGENT_ID}') as abandoned, c.report_outcome as outcome,
                 c.speed_seconds as speed, count(*) as n
            from calls c where ${reportWhere(r)} group by 1, 2, 3, 4`;
}

export type RowRecord = {
  call_sid: string;
  started_at: Date | string;
  direction: string;
  customer_e164: string | null;
  call_type: ReportRow['callType'];
  agent_name: string | null;
  campaign_name: string | null;
  customer_name: string | null;
  outcome: ReportRow['outcome'];
};

export function toReportRow(r: RowRecord): ReportRow {
  return {
    id: r.call_sid,
    startedAt: new Date(r.started_at).toISOString(),
    callType: r.call_type,
    direction: r.direction === 'inbound' ? 'inbound' : 'outbound',
    name: r.agent_name,
    campaign: r.campaign_name,
    phone: r.customer_e164,
    customerName: r.customer_name,
    outcome: r.outcome,
  };
}
