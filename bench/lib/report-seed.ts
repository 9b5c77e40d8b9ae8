import type { Db } from '../../server/store/db';

/**
 * A year of traffic over both demo accounts and their campaigns, written straight into the
 * tables: half abandoned, 40 % answered and not booked, the rest voicemail (never in the
 * report). Every report call has a follow-up; a tenth of those booked a job, a twentieth were
 * dismissed, most had a contact attempt.
 */
export async function seedReportCalls(db: Db, calls: number): Promise<void> {
  await db.exec(`
    insert into leads (id, kind, account_id, phone, status, first_ended_at, ended_at, created_at, updated_at, first_contact_at, customer_name, campaign_id)
    select 'bl' || i, case when i % 10 < 5 then 'abandoned' else 'second_chance' end,
           case when i % 3 = 0 then 'acc-south' else 'acc-north' end,
           '+1312' || lpad((i % 9000000)::text, 7, '0'),
           case when i % 20 = 0 then 'dismissed' when i % 10 = 1 then 'resolved' else 'new' end,
           now() - (i % 525600) * interval '1 minute', now() - (i % 525600) * interval '1 minute',
           now() - (i % 525600) * interval '1 minute', now(),
           case when i % 5 < 3 then now() - (i % 525600) * interval '1 minute' + (i % 3600) * interval '1 second' end,
           'Customer ' || i,
           case when i % 3 = 0 then 'cmp-south-tv' when i % 3 = 1 then 'cmp-north-radio' else 'cmp-north-web' end
      from generate_series(1, ${calls}) i where i % 10 < 9;
    insert into calls (call_sid, account_id, direction, customer_e164, caller_name, campaign_id, started_at, ended_at,
                       duration_seconds, queue_result, queue_time, answered, talk_seconds, agent_id, voicemail, followup_lead_id,
                       lead_origin, report_outcome, report_customer, speed_seconds)
    select 'CA' || lpad(to_hex(i), 32, '0'), case when i % 3 = 0 then 'acc-south' else 'acc-north' end, 'inbound',
           '+1312' || lpad((i % 9000000)::text, 7, '0'), 'CALLER ' || i,
           case when i % 3 = 0 then 'cmp-south-tv' when i % 3 = 1 then 'cmp-north-radio' else 'cmp-north-web' end,
           now() - (i % 525600) * interval '1 minute', now() - (i % 525600) * interval '1 minute' + interval '3 minutes',
           180, case when i % 10 < 5 then 'hangup' else 'bridged' end, 40, i % 10 >= 5, case when i % 10 >= 5 then 140 end,
           case when i % 10 >= 5 then 'u-ava' end, i % 10 = 9, case when i % 10 < 9 then 'bl' || i end,
           -- What the report triggers would have written, set in bulk here (a trigger per row would take minutes).
           i % 10 < 9, case when i % 10 = 9 then 'none' when i % 10 = 1 then 'recovered' when i % 20 = 0 then 'dismissed' else 'open' end,
           case when i % 10 < 9 then 'Customer ' || i end, case when i % 10 < 9 and i % 5 < 3 then i % 3600 end
      from generate_series(1, ${calls}) i;
    alter table jobs disable trigger jobs_report;
    insert into jobs (id, lead_id, account_id, job_type_id, window_start, window_end, customer_name, address, created_at, created_by)
    select 'bj' || i, 'bl' || i, case when i % 3 = 0 then 'acc-south' else 'acc-north' end,
           case when i % 3 = 0 then 'jt-south-tuneup' else 'jt-north-drain' end,
           now() - (i % 525600) * interval '1 minute' + interval '1 day', now() - (i % 525600) * interval '1 minute' + interval '1 day 2 hours',
           'Customer ' || i, '1 Main St', now() - (i % 525600) * interval '1 minute' + interval '1 hour', 'u-ben'
      from generate_series(1, ${calls}) i where i % 10 = 1;
    alter table jobs enable trigger jobs_report;
  `);
  // Index-only scans need the visibility map that VACUUM writes (autovacuum would, later).
  await db.exec('vacuum analyze calls');
  await db.exec('analyze');
}
