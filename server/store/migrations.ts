/**
 * Append-only, numbered with gaps. A migration once shipped is never edited: add a new one.
 * `migrate` refuses to start when the applied list is not a prefix of this one.
 */
export type Migration = { id: number; name: string; sql: string };

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 10,
    name: 'tenants, people and phone numbers',
    sql: `
      create table accounts (
        id text primary key,
        name text not null,
        time_zone text not null default 'America/New_York',
        country text not null default 'US'
      );
      create table account_settings (
        account_id text primary key references accounts(id),
        scl_enabled boolean not null default false,
        acw_minutes integer not null default 5,
        scl_cold_days integer not null default 3,
        updated_at timestamptz not null default now()
      );
      create table queues (id text primary key, account_id text not null references accounts(id), name text not null);
      create table campaigns (id text primary key, account_id text not null references accounts(id), name text not null);
      create table routing_workflows (
        id text primary key,
        account_id text not null references accounts(id),
        name text not null,
        queue_id text references queues(id),
        active boolean not null default true
      );
      create table tracking_numbers (
        e164 text primary key,
        account_id text not null references accounts(id),
        campaign_id text references campaigns(id),
        workflow_id text references routing_workflows(id),
        number_type text not null default 'tracking'
      );
      create table roles (id text primary key, name text not null, permissions jsonb not null default '[]');
      create table users (
        id text primary key,
        email text not null unique,
        name text not null,
        password_hash text not null
      );
      create table user_roles (
        user_id text not null references users(id) on delete cascade,
        role_id text not null references roles(id) on delete cascade,
        primary key (user_id, role_id)
      );
      create table user_accounts (
        user_id text not null references users(id) on delete cascade,
        account_id text not null references accounts(id) on delete cascade,
        primary key (user_id, account_id)
      );
      create table sessions (
        token_hash text primary key,
        user_id text not null references users(id) on delete cascade,
        created_at timestamptz not null,
        expires_at timestamptz not null
      );
    `,
  },
  {
    id: 20,
    name: 'calls, leads, audit trail and change log',
    sql: `
      create table calls (
        call_sid text primary key,
        account_id text references accounts(id),
        direction text not null,
        from_e164 text,
        to_e164 text,
        customer_e164 text,
        caller_name text,
        forwarded boolean not null default false,
        queue_id text,
        campaign_id text,
        started_at timestamptz,
        ended_at timestamptz,
        call_status text,
        status_rank integer not null default 0,
        duration_seconds integer,
        queue_result text,
        queue_time integer,
        answered boolean not null default false,
        talk_seconds integer,
        agent_id text,
        voicemail boolean not null default false,
        recording_url text,
        classification text,
        reason text,
        notes text,
        scl_checked boolean not null default false,
        resolve_checked boolean not null default false
      );
      create index calls_customer on calls (account_id, customer_e164);
      create index calls_scl_due on calls (ended_at) where not scl_checked and answered;

      create table leads (
        id text primary key,
        kind text not null,
        account_id text not null references accounts(id),
        phone text not null,
        customer_name text,
        queue_id text,
        campaign_id text,
        status text not null,
        first_ended_at timestamptz not null,
        ended_at timestamptz not null,
        duration_seconds integer not null default 0,
        attempts integer not null default 1,
        call_type text,
        reason text,
        agent_id text,
        notes text not null default '',
        claim_user_id text,
        claim_expires_at timestamptz,
        resolved_by_call_sid text,
        version bigint not null default 0,
        created_at timestamptz not null,
        updated_at timestamptz not null
      );
      create index leads_open_by_phone on leads (account_id, kind, phone)
        where status not in ('resolved', 'dismissed', 'reviewed_not_a_lead', 'lead_not_following_up');

      create table lead_calls (
        lead_id text not null references leads(id),
        call_sid text not null references calls(call_sid),
        primary key (lead_id, call_sid)
      );
      create index lead_calls_by_call on lead_calls (call_sid);

      create table lead_notes (
        id bigserial primary key,
        lead_id text not null references leads(id),
        author_id text not null,
        author_name text not null,
        text text not null,
        at timestamptz not null
      );

      create table audit_events (
        id bigserial primary key,
        lead_id text not null references leads(id),
        at timestamptz not null,
        actor_kind text not null,
        actor_id text not null,
        actor_name text not null,
        action text not null,
        from_value text,
        to_value text,
        why text
      );
      create index audit_by_lead on audit_events (lead_id, id);

      create table changes (
        seq bigserial primary key,
        account_id text not null,
        kind text not null,
        lead_id text not null,
        created boolean not null default false,
        at timestamptz not null
      );
      create index changes_by_account on changes (account_id, seq);

      create table client_mutations (
        client_id text primary key,
        user_id text not null,
        last_mutation_id bigint not null
      );
    `,
  },
  {
    id: 30,
    name: 'webhook inbox',
    sql: `
      create table webhook_inbox (
        id bigserial primary key,
        kind text not null,
        call_sid text not null,
        params jsonb not null,
        query jsonb not null default '{}',
        received_at timestamptz not null,
        processed_at timestamptz,
        error text
      );
      create index webhook_inbox_pending on webhook_inbox (id) where processed_at is null;
    `,
  },
  {
    id: 40,
    name: 'job types and booked jobs',
    sql: `
      create table job_types (
        id text primary key,
        account_id text not null references accounts(id),
        name text not null,
        dispatch_fee_cents integer
      );
      create table jobs (
        id text primary key,
        lead_id text not null references leads(id),
        account_id text not null references accounts(id),
        job_type_id text not null references job_types(id),
        window_start timestamptz not null,
        window_end timestamptz not null,
        customer_name text not null,
        address text not null,
        created_at timestamptz not null,
        created_by text not null
      );
      create index jobs_by_account on jobs (account_id, created_at);
    `,
  },
  {
    id: 50,
    name: 'softphone: callback hours, caller ID plan, calls placed from a lead',
    sql: `
      alter table account_settings add column callback_start_minute integer not null default 480;
      alter table account_settings add column callback_end_minute integer not null default 1200;
      alter table account_settings add column callback_caller_id text not null default 'tracking';
      alter table calls add column lead_id text;
      alter table calls add column lead_linked boolean not null default false;
      create index calls_queued on calls (account_id, started_at) where queue_id is not null and queue_result is null and not answered;
    `,
  },
  {
    id: 60,
    name: 'report: each call carries what the report needs of it and of its follow-up',
    /*
     * The report reads up to a year of calls at once, so it must not join every call to its
     * lead and jobs. Each call carries its report type (computed from its own columns) and,
     * kept up to date by triggers whatever code path changes a lead or books a job, its
     * follow-up's outcome, customer name and (on the call that opened the lead) speed-to-lead.
     */
    sql: `
      alter table leads add column first_contact_at timestamptz;
      update leads l set first_contact_at = a.at
        from (select lead_id, min(at) as at from audit_events where action = 'status' and to_value = 'contact_attempted' group by lead_id) a
       where a.lead_id = l.id;

      alter table calls add column followup_lead_id text;
      alter table calls add column lead_origin boolean not null default false;
      alter table calls add column report_outcome text not null default 'none';
      alter table calls add column report_customer text;
      alter table calls add column speed_seconds integer;
      alter table calls add column report_type text generated always as (
        case when direction <> 'inbound' then null
             when queue_result = 'hangup' and not voicemail and not forwarded then 'abandoned'
             when answered and (classification is null or classification = 'not_booked')
               then case when coalesce(talk_seconds, 0) < 30 then 'short' else 'unbooked' end
        end) stored;

      create function rebound_refresh_report(p_lead text) returns void language sql as $fn$
        update calls c
           set report_outcome = o.outcome, report_customer = o.customer,
               speed_seconds = case when c.lead_origin then o.speed end
          from (select case when exists (select 1 from jobs j where j.lead_id = l.id) then 'recovered'
                            when l.status in ('dismissed', 'reviewed_not_a_lead', 'lead_not_following_up') then 'dismissed'
                            else 'open' end as outcome,
                       l.customer_name as customer,
                       -- greatest() skips nulls, so a lead never contacted must stay null explicitly.
                       case when l.first_contact_at is not null
                            then greatest(0, extract(epoch from l.first_contact_at - l.first_ended_at))::integer end as speed
                  from leads l where l.id = p_lead) o
         where c.followup_lead_id = p_lead
           and (c.report_outcome, c.report_customer, c.speed_seconds)
               is distinct from (o.outcome, o.customer, case when c.lead_origin then o.speed end);
      $fn$;
      create function rebound_refresh_report_lead() returns trigger language plpgsql as $fn$
        begin perform rebound_refresh_report(new.id); return null; end $fn$;
      create function rebound_refresh_report_job() returns trigger language plpgsql as $fn$
        begin perform rebound_refresh_report(new.lead_id); return null; end $fn$;
      create function rebound_refresh_report_call() returns trigger language plpgsql as $fn$
        begin perform rebound_refresh_report(new.followup_lead_id); return null; end $fn$;
      create trigger leads_report after update of status, first_contact_at, customer_name on leads
        for each row execute function rebound_refresh_report_lead();
      create trigger jobs_report after insert on jobs for each row execute function rebound_refresh_report_job();
      create trigger calls_report_link after update of followup_lead_id, lead_origin on calls
        for each row when (new.followup_lead_id is not null) execute function rebound_refresh_report_call();

      update calls c set followup_lead_id = lc.lead_id
        from lead_calls lc join leads l on l.id = lc.lead_id
       where lc.call_sid = c.call_sid and c.direction = 'inbound';
      update calls c set lead_origin = true
        from (select distinct on (followup_lead_id) call_sid from calls where followup_lead_id is not null
               order by followup_lead_id, started_at, call_sid) f
       where f.call_sid = c.call_sid;

      create index calls_report on calls (account_id, started_at)
        include (campaign_id, report_type, report_outcome, speed_seconds) where report_type is not null;
      create index calls_report_time on calls (started_at, call_sid) where report_type is not null;
      create index calls_report_customer on calls ((coalesce(report_customer, caller_name)), call_sid) where report_type is not null;
      create index calls_report_phone on calls (customer_e164, call_sid) where report_type is not null;
      create index calls_by_followup on calls (followup_lead_id) where followup_lead_id is not null;
      create index jobs_by_lead on jobs (lead_id);
      create index jobs_by_window on jobs (account_id, window_start);
    `,
  },
  {
    id: 70,
    name: 'voice agent settings: global and per-account copies',
    sql: `
      create table voice_agent_settings (
        scope text primary key,
        settings jsonb not null,
        updated_at timestamptz not null,
        updated_by text not null
      );
    `,
  },
  {
    id: 80,
    name: 'routing overflow to the Voice Agent; tracking number purchase details',
    sql: `
      alter table routing_workflows add column overflow_rule text not null default 'none';
      alter table routing_workflows add column overflow_wait_seconds integer;
      alter table tracking_numbers add column forwarding_e164 text;
      alter table tracking_numbers add column receive_texts boolean not null default false;
      alter table tracking_numbers add column employee_id text references users(id);
      alter table tracking_numbers add column usable_from timestamptz;
      alter table tracking_numbers add column created_at timestamptz;
    `,
  },
  {
    id: 90,
    name: 'routing changes notify the servers that keep routes in memory',
    sql: `
      create function rebound_routing_changed() returns trigger language plpgsql as $$
      begin
        perform pg_notify('rebound_routing', '');
        return null;
      end $$;
      create trigger tracking_numbers_routing after insert or update or delete on tracking_numbers
        for each statement execute function rebound_routing_changed();
      create trigger routing_workflows_routing after insert or update or delete on routing_workflows
        for each statement execute function rebound_routing_changed();
      create trigger queues_routing after insert or update or delete on queues
        for each statement execute function rebound_routing_changed();
      create trigger accounts_routing after insert or update or delete on accounts
        for each statement execute function rebound_routing_changed();
    `,
  },
  {
    id: 200,
    name: 'users: deactivation, and one-time sign-in codes for people an admin adds',
    sql: `
      alter table users add column deactivated_at timestamptz;
      create table sign_in_codes (
        code_hash text primary key,
        user_id text not null references users(id) on delete cascade,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        used_at timestamptz
      );
      create index sign_in_codes_by_user on sign_in_codes (user_id);
    `,
  },
  {
    id: 213,
    name: 'voice agent: sessions with transcripts, and the usage meter',
    sql: `
      create table voice_agent_sessions (
        call_sid text primary key,
        session_id text,
        account_id text not null references accounts(id),
        queue_id text,
        campaign_id text,
        reason text not null,
        status text not null default 'waiting',
        outcome text,
        from_e164 text,
        customer_name text,
        wanted text,
        handoff_reason text,
        job_id text,
        lead_id text,
        transcript jsonb not null default '[]',
        created_at timestamptz not null,
        connected_at timestamptz,
        ended_at timestamptz,
        duration_seconds integer
      );
      create index voice_agent_sessions_by_day on voice_agent_sessions (account_id, created_at);
      create index voice_agent_sessions_live on voice_agent_sessions (account_id) where outcome is null;
      create table voice_agent_usage (
        account_id text not null references accounts(id),
        day date not null,
        sessions integer not null default 0,
        connected_seconds integer not null default 0,
        billed_minutes integer not null default 0,
        primary key (account_id, day)
      );
    `,
  },
  {
    id: 220,
    name: 'campaigns and queues can be retired, keeping their history',
    sql: `
      alter table campaigns add column retired_at timestamptz;
      alter table queues add column retired_at timestamptz;
    `,
  },
  {
    id: 230,
    name: 'second chance leads: transcripts, scores with reasons, learned models',
    sql: `
      alter table account_settings add column scl_threshold integer not null default 50;
      -- Final utterances of a call's real-time transcription, one row per utterance and side.
      create table call_transcripts (
        id bigserial primary key,
        call_sid text not null,
        transcription_sid text not null,
        sequence_id integer not null,
        speaker text not null,
        text text not null,
        confidence real,
        spoken_at timestamptz not null,
        unique (call_sid, transcription_sid, sequence_id, speaker)
      );
      create index call_transcripts_by_call on call_transcripts (call_sid, spoken_at, id);
      -- Every answered, unbooked call the rule looked at, flagged or not, with why.
      create table call_scores (
        call_sid text primary key,
        account_id text not null references accounts(id),
        scored_at timestamptz not null,
        score integer not null,
        threshold integer not null,
        flagged boolean not null,
        reasons jsonb not null,
        features jsonb not null,
        model_version integer not null,
        lead_id text references leads(id)
      );
      create index call_scores_by_account on call_scores (account_id, scored_at);
      create index call_scores_by_lead on call_scores (lead_id) where lead_id is not null;
      -- Each refit of the network's model, adopted or not, with its held-out figures.
      create table scl_models (
        version integer primary key,
        bias double precision not null,
        weights jsonb not null,
        created_at timestamptz not null,
        adopted boolean not null,
        train_calls integer not null,
        heldout_calls integer not null,
        heldout_current jsonb,
        heldout_new jsonb
      );
      alter table leads add column score integer;
      alter table leads add column score_reasons jsonb;
      alter table leads add column model_version integer;
    `,
  },
  {
    id: 240,
    name: 'speed-to-lead target per account, set by supervisors',
    sql: `
      alter table account_settings add column speed_target_minutes integer not null default 5;
    `,
  },
  {
    id: 250,
    name: 'sessions end when idle',
    sql: `
      alter table sessions add column last_seen_at timestamptz;
      update sessions set last_seen_at = created_at;
      alter table sessions alter column last_seen_at set not null;
      create index sessions_ended on sessions (expires_at);
    `,
  },
  {
    id: 260,
    name: 'webhook inbox: pending webhooks by call, so several appliers keep each call in order',
    sql: `
      create index webhook_inbox_pending_by_call on webhook_inbox (call_sid, id) where processed_at is null;

      -- The report columns of many leads' calls with one statement; the one-lead form is its
      -- special case, so the rule lives once.
      create function rebound_refresh_report_many(p_leads text[]) returns void language sql as $fn$
        update calls c
           set report_outcome = o.outcome, report_customer = o.customer,
               speed_seconds = case when c.lead_origin then o.speed end
          from (select l.id,
                       case when exists (select 1 from jobs j where j.lead_id = l.id) then 'recovered'
                            when l.status in ('dismissed', 'reviewed_not_a_lead', 'lead_not_following_up') then 'dismissed'
                            else 'open' end as outcome,
                       l.customer_name as customer,
                       case when l.first_contact_at is not null
                            then greatest(0, extract(epoch from l.first_contact_at - l.first_ended_at))::integer end as speed
                  from leads l where l.id = any(p_leads)) o
         where c.followup_lead_id = o.id
           and (c.report_outcome, c.report_customer, c.speed_seconds)
               is distinct from (o.outcome, o.customer, case when c.lead_origin then o.speed end);
      $fn$;
      create or replace function rebound_refresh_report(p_lead text) returns void language sql as $fn$
        select rebound_refresh_report_many(array[p_lead]);
      $fn$;
      -- A set-wise writer (the webhook applier) sets rebound.report_by_set for its transaction and
      -- refreshes every lead it touched with one call instead of one trigger call per row.
      drop trigger leads_report on leads;
      create trigger leads_report after update of status, first_contact_at, customer_name on leads
        for each row when (current_setting('rebound.report_by_set', true) is distinct from 'on')
        execute function rebound_refresh_report_lead();
      drop trigger calls_report_link on calls;
      create trigger calls_report_link after update of followup_lead_id, lead_origin on calls
        for each row when (new.followup_lead_id is not null and current_setting('rebound.report_by_set', true) is distinct from 'on')
        execute function rebound_refresh_report_call();
    `,
  },
  {
    id: 270,
    name: 'report: a resolved follow-up counts as recovered, as on the queue tiles (shared/reports/figures.ts)',
    /*
     * The tiles counted every Resolved lead as recovered, the report only those with a booked
     * job, so the two disagreed about the same calls. One rule now: Resolved (a job booked, or
     * the customer reached and helped) is recovered; the three dismissals are dismissed.
     */
    sql: `
      create or replace function rebound_refresh_report_many(p_leads text[]) returns void language sql as $fn$
        update calls c
           set report_outcome = o.outcome, report_customer = o.customer,
               speed_seconds = case when c.lead_origin then o.speed end
          from (select l.id,
                       case when l.status = 'resolved' or exists (select 1 from jobs j where j.lead_id = l.id) then 'recovered'
                            when l.status in ('dismissed', 'reviewed_not_a_lead', 'lead_not_following_up') then 'dismissed'
                            else 'open' end as outcome,
                       l.customer_name as customer,
                       case when l.first_contact_at is not null
                            then greatest(0, extract(epoch from l.first_contact_at - l.first_ended_at))::integer end as speed
                  from leads l where l.id = any(p_leads)) o
         where c.followup_lead_id = o.id
           and (c.report_outcome, c.report_customer, c.speed_seconds)
               is distinct from (o.outcome, o.customer, case when c.lead_origin then o.speed end);
      $fn$;
      update calls c set report_outcome = 'recovered'
        from leads l where l.id = c.followup_lead_id and l.status = 'resolved' and c.report_outcome <> 'recovered';
    `,
  },
  {
    id: 280,
    name: 'report: resolved without a job is its own outcome; jobs record their completion from the field-service system',
    /*
     * A lead marked Resolved with no job booked from it (auto-resolved by a later conversation,
     * or by hand) was counted as recovered; it is "resolved_without_job" now, and "recovered"
     * means a job booked and not cancelled. The field-service system reports a job completed or
     * cancelled with its account's key (only a hash is kept); the report's Job Completion Date is
     * that completion, so jobs not yet completed have none.
     */
    sql: `
      alter table jobs add column completed_at timestamptz;
      alter table jobs add column cancelled_at timestamptz;
      create index jobs_by_completion on jobs (account_id, completed_at) where completed_at is not null;
      create table field_service_keys (
        account_id text primary key references accounts(id),
        key_hash text not null unique,
        key_hint text not null,
        created_at timestamptz not null,
        created_by text not null
      );

      create or replace function rebound_refresh_report_many(p_leads text[]) returns void language sql as $fn$
        update calls c
           set report_outcome = o.outcome, report_customer = o.customer,
               speed_seconds = case when c.lead_origin then o.speed end
          from (select l.id,
                       case when exists (select 1 from jobs j where j.lead_id = l.id and j.cancelled_at is null) then 'recovered'
                            when l.status = 'resolved' then 'resolved_without_job'
                            when l.status in ('dismissed', 'reviewed_not_a_lead', 'lead_not_following_up') then 'dismissed'
                            else 'open' end as outcome,
                       l.customer_name as customer,
                       case when l.first_contact_at is not null
                            then greatest(0, extract(epoch from l.first_contact_at - l.first_ended_at))::integer end as speed
                  from leads l where l.id = any(p_leads)) o
         where c.followup_lead_id = o.id
           and (c.report_outcome, c.report_customer, c.speed_seconds)
               is distinct from (o.outcome, o.customer, case when c.lead_origin then o.speed end);
      $fn$;
      create trigger jobs_report_cancelled after update of cancelled_at on jobs for each row execute function rebound_refresh_report_job();
      update calls c set report_outcome = 'resolved_without_job'
        from leads l where l.id = c.followup_lead_id and l.status = 'resolved' and c.report_outcome = 'recovered'
         and not exists (select 1 from jobs j where j.lead_id = l.id);
    `,
  },
  {
    id: 290,
    name: 'voicemail plan: caller ID, callback number, and callers offered first to the agent who left them a voicemail',
    /*
     * The plan per account (the workflow's "voicemail plan"): which number callbacks show
     * ('tracking', 'main' or one of the account's numbers), which callback number agents leave,
     * and whether a customer who calls back is offered first to the agent who left the voicemail
     * (for original_agent_seconds) or to anyone at once. The reservation is set on the call by a
     * trigger, whichever path (one webhook, or a set-wise batch) puts the caller in a queue.
     */
    sql: `
      alter table account_settings add column callback_number text;
      alter table account_settings add column callback_routing text not null default 'any_agent';
      alter table account_settings add column original_agent_seconds integer not null default 60;
      alter table leads add column voicemail_by text;
      alter table leads add column voicemail_at timestamptz;
      create index leads_voicemail_by_phone on leads (account_id, phone, voicemail_at) where voicemail_by is not null;
      alter table calls add column reserved_for text;
      alter table calls add column reserved_until timestamptz;

      create function rebound_reserve_callback() returns trigger language plpgsql as $fn$
        begin
          if new.direction = 'inbound' and new.queue_id is not null and new.queue_id not like 'direct:%'
             and new.reserved_for is null and new.customer_e164 is not null and new.account_id is not null
             and not new.answered and new.queue_result is null
             and (tg_op = 'INSERT' or old.queue_id is null) then
            -- From the database's clock, as the poke hub and the take check read it against real time.
            select l.voicemail_by, now() + make_interval(secs => s.original_agent_seconds)
              into new.reserved_for, new.reserved_until
              from account_settings s
              join leads l on l.account_id = s.account_id
              join users u on u.id = l.voicemail_by and u.deactivated_at is null
             where s.account_id = new.account_id and s.callback_routing = 'original_agent'
               and l.phone = new.customer_e164 and l.voicemail_at > coalesce(new.started_at, now()) - interval '14 days'
             order by l.voicemail_at desc limit 1;
          end if;
          return new;
        end $fn$;
      create trigger calls_reserve_callback before insert or update of queue_id on calls
        for each row execute function rebound_reserve_callback();
    `,
  },
  {
    id: 295,
    name: 'the desk whose edit made a change, so the change is not echoed back to it',
    sql: `alter table changes add column origin text;`,
  },
  {
    id: 300,
    name: 'voice agent: the booked job a session moved or cancelled for its caller',
    /*
     * job_id stays the job a session booked; a session that found the caller's existing job keeps
     * it in changed_job_id, and job_change says what the caller had done with it ('rescheduled',
     * 'cancelled', or 'kept' when they meant to cancel and did not).
     */
    sql: `
      alter table voice_agent_sessions add column changed_job_id text;
      alter table voice_agent_sessions add column job_change text;
    `,
  },
  {
    id: 310,
    name: 'report: a caller who hung up on the Voice Agent is an abandoned call, named Voice Agent',
    /*
     * A caller who left the Voice Agent before it booked (its session 'hung_up', or 'failed' with
     * the call over) never reached a person and is filed in Abandoned Calls, but the call kept the
     * queue result of how it reached the agent, so the report's type (migration 60) left it out
     * under every date type. The session's end now records the hang-up on the call, with the
     * Voice Agent as who took it (voice-agent/outcomes.ts); the calls already ended so get it here.
     */
    sql: `
      update calls c set queue_result = 'hangup', agent_id = coalesce(c.agent_id, 'voice-agent')
        from voice_agent_sessions s
       where s.call_sid = c.call_sid and s.outcome in ('hung_up', 'failed') and not c.answered;
    `,
  },
  {
    id: 320,
    name: 'voice agent settings and job types notify the servers that keep them in memory',
    /*
     * Each server keeps every account's Voice Agent setup (settings, name, time zone, job types)
     * beside its routes (voice-agent/agent-setup.ts); a change from any process empties both.
     */
    sql: `
      create trigger voice_agent_settings_routing after insert or update or delete on voice_agent_settings
        for each statement execute function rebound_routing_changed();
      create trigger job_types_routing after insert or update or delete on job_types
        for each statement execute function rebound_routing_changed();
    `,
  },
  {
    id: 330,
    name: "voice agent sessions keep the hand-off's summary",
    /*
     * What the agent gathered before handing a caller back (the visit, a name) went out with the
     * live offer but was kept only where "wanted" was empty, so a desk that connected later was
     * offered the same caller with what the caller first asked for instead.
     */
    sql: `alter table voice_agent_sessions add column handoff_summary text;`,
  },
  {
    id: 340,
    name: "a booked job's report refresh stands aside for a writer that refreshes by set",
    /*
     * The Voice Agent's booking now refreshes its lead's report columns once, at its end, as the
     * webhook applier does for a batch (migration 260); the trigger on a new job was the one that
     * still refreshed row by row.
     */
    sql: `
      drop trigger jobs_report on jobs;
      create trigger jobs_report after insert on jobs
        for each row when (current_setting('rebound.report_by_set', true) is distinct from 'on')
        execute function rebound_refresh_report_job();
    `,
  },
];
