import type { ParsedReportRequest, ReportRow } from '../../shared';

/*
 * The report's SQL, built once per request from fixed fragments (never from user text): the
 * calls in range by the chosen date type, what became of each one's follow-up, sorted and
 * paged, plus the per-campaign comparison over the same set.
 */

/** Calls the report is about: abandoned in queue, or answered and not booked. */
const REPORT_CALL = `c.direction = 'inbound' and (
    (c.queue_result = 'hangup' and not c.voicemail and not c.forwarded)
    or (c.answered and (c.classification is null or c.classification = 'not_booked')))`;

const JOB_DATE: Record<Exclude<ParsedReportRequest['dateType'], 'call'>, string> = {
  job_creation: 'j.created_at',
  job_scheduled: 'j.window_start',
  // Rebound does not hear when a job is finished; the end of its appointment window stands in.
  job_completion: 'j.window_end',
};

const SORT: Record<ParsedReportRequest['sort']['column'], string> = {
  callDate: 'started_at',
  callType: 'call_type',
  direction: 'direction',
  name: 'agent_name',
  campaign: 'campaign_name',
  phone: 'customer_e164',
  customer: 'customer_name',
};

export type ReportSql = { base: string; params: unknown[] };

/** `$1` accounts, `$2` start, `$3` end, `$4` campaign or null. */
export function reportBase(r: ParsedReportRequest, accountIds: string[], start: Date, end: Date): ReportSql {
  const campaign = 'and ($4::text is null or c.campaign_id = $4::text)';
  const inRange =
    r.dateType === 'call'
      ? `c.account_id = any($1::text[]) and c.started_at >= $2 and c.started_at < $3`
      : `c.followup_lead_id in (select j.lead_id from jobs j where j.account_id = any($1::text[])
           and ${JOB_DATE[r.dateType]} >= $2 and ${JOB_DATE[r.dateType]} < $3)`;
  const base = `
    select c.call_sid, c.started_at, c.direction, c.campaign_id, c.customer_e164, c.recording_url, c.followup_lead_id,
           case when c.queue_result = 'hangup' then 'abandoned' when coalesce(c.talk_seconds, 0) < 30 then 'short' else 'unbooked' end as call_type,
           u.name as agent_name, cmp.name as campaign_name, coalesce(l.customer_name, c.caller_name) as customer_name,
           l.first_ended_at, l.first_contact_at,
           case when l.id is null then 'none'
                when exists (select 1 from jobs jb where jb.lead_id = l.id) then 'recovered'
                when l.status in ('dismissed', 'reviewed_not_a_lead', 'lead_not_following_up') then 'dismissed'
                else 'open' end as outcome
      from calls c
      left join leads l on l.id = c.followup_lead_id
      left join users u on u.id = c.agent_id
      left join campaigns cmp on cmp.id = c.campaign_id
     where ${inRange} and ${REPORT_CALL} ${campaign}`;
  return { base, params: [accountIds, start, end, r.campaignId ?? null] };
}

export function pageSql(r: ParsedReportRequest, base: string): string {
  const dir = r.sort.direction === 'asc' ? 'asc' : 'desc';
  return `select * from (${base}) b order by ${SORT[r.sort.column]} ${dir} nulls last, call_sid ${dir} limit ${r.limit} offset ${r.offset}`;
}

/** Everything the sort would list, for the CSV (same order as the screen, no paging). */
export function exportSql(r: ParsedReportRequest, base: string): string {
  const dir = r.sort.direction === 'asc' ? 'asc' : 'desc';
  return `select * from (${base}) b order by ${SORT[r.sort.column]} ${dir} nulls last, call_sid ${dir}`;
}

export function countSql(base: string): string {
  return `select count(*) as n from (${base}) b`;
}

/** Per campaign: volumes and outcomes over the rows, speed-to-lead over distinct follow-ups. */
export function campaignSql(base: string): string {
  return `
    with b as (${base}),
    totals as (
      select campaign_id, max(campaign_name) as campaign_name,
             count(*) filter (where call_type = 'abandoned') as abandoned,
             count(*) filter (where call_type <> 'abandoned') as unbooked,
             count(*) filter (where outcome = 'recovered') as recovered,
             count(*) filter (where outcome = 'dismissed') as dismissed,
             count(*) as calls
        from b group by campaign_id
    ),
    speed as (
      select campaign_id, percentile_cont(0.5) within group (order by extract(epoch from first_contact_at - first_ended_at)) as median
        from (select distinct on (followup_lead_id) campaign_id, first_contact_at, first_ended_at
                from b where followup_lead_id is not null and first_contact_at is not null order by followup_lead_id) s
       group by campaign_id
    )
    select t.*, s.median from totals t left join speed s on s.campaign_id is not distinct from t.campaign_id
     order by t.calls desc, t.campaign_name nulls last`;
}

export type RowRecord = {
  call_sid: string;
  started_at: Date | string;
  direction: string;
  customer_e164: string | null;
  recording_url: string | null;
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
    recordingUrl: r.recording_url,
    outcome: r.outcome,
  };
}
