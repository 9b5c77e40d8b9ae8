/**
 * The desk cache's schema, append-only. PRAGMA user_version records how many have run;
 * a cache written by a newer build is refused rather than misread.
 */
export const CACHE_MIGRATIONS: readonly string[] = [
  `
  create table leads (
    id text primary key,
    kind text not null,
    status text not null,
    account_id text not null,
    account_name text not null,
    customer_name text,
    phone text not null,
    queue_id text,
    queue_name text,
    campaign_id text,
    campaign_name text,
    ended_at_ms integer not null,
    duration_seconds integer not null,
    attempts integer not null,
    call_type text,
    reason text,
    agent_id text,
    agent_name text,
    notes text not null,
    claim_json text,
    version integer not null,
    -- the row exactly as the server last sent it, to roll back to when an edit is refused
    server_json text not null,
    detail_json text not null
  );
  create index leads_kind_status_age on leads (kind, status, ended_at_ms);
  create index leads_kind_age on leads (kind, ended_at_ms);
  create index leads_kind_account on leads (kind, account_id, ended_at_ms);
  create index leads_kind_campaign on leads (kind, campaign_id, ended_at_ms);
  create index leads_kind_queue on leads (kind, queue_id, ended_at_ms);
  create index leads_kind_agent on leads (kind, agent_id, ended_at_ms);
  create index leads_kind_duration on leads (kind, duration_seconds);
  create index leads_kind_customer on leads (kind, customer_name);

  create table outbox (
    id integer primary key autoincrement,
    lead_id text not null,
    name text not null,
    args_json text not null,
    created_at_ms integer not null,
    attempts integer not null default 0,
    last_error text
  );
  create index outbox_by_lead on outbox (lead_id);

  create table meta (key text primary key, value text not null);
  `,
  `
  -- Sorting by customer uses a stored key, and the per-column filters get covering indexes
  -- (column, status, age) so counts and tab filters never touch the table rows.
  alter table leads add column customer_sort text not null default '';
  update leads set customer_sort = lower(coalesce(customer_name, phone));
  create index leads_kind_customer_sort on leads (kind, customer_sort);
  drop index leads_kind_account;
  drop index leads_kind_campaign;
  drop index leads_kind_queue;
  drop index leads_kind_agent;
  create index leads_kind_account on leads (kind, account_id, status, ended_at_ms);
  create index leads_kind_campaign on leads (kind, campaign_id, status, ended_at_ms);
  create index leads_kind_queue on leads (kind, queue_id, status, ended_at_ms);
  create index leads_kind_agent on leads (kind, agent_id, status, ended_at_ms);
  `,
  `
  -- The wide JSON documents live apart from the narrow row the screens filter and sort on,
  -- so a scan of leads reads a few megabytes, not every call and history entry.
  create table lead_docs (id text primary key, server_json text not null, detail_json text not null);
  insert into lead_docs (id, server_json, detail_json) select id, server_json, detail_json from leads;
  alter table leads drop column server_json;
  alter table leads drop column detail_json;
  create trigger leads_delete_docs after delete on leads begin delete from lead_docs where id = old.id; end;
  `,
  `
  create index leads_kind_account_name on leads (kind, account_name);
  `,
  `
  -- For supervisors' tiles: when a lead was first contacted and when it was closed, from its history.
  alter table leads add column first_contact_at_ms integer;
  alter table leads add column done_at_ms integer;
  create index leads_tiles on leads (account_id, queue_id, campaign_id);
  `,
  `
  -- Substring filters (customer name, phone digits, notes) look up a trigram index instead of
  -- reading every row. It is keyed by the leads' rowid, which stays put: the cache is never
  -- VACUUMed (that may renumber rowids of a table without an INTEGER PRIMARY KEY). LeadStore
  -- indexes the rows each transaction wrote in one statement: FTS5 flushes at the end of every
  -- statement, so a trigger per row made storing a catch-up page three times slower. A delete
  -- is one statement however many rows it removes, so a trigger serves it.
  create virtual table lead_text using fts5(name, phone, notes, tokenize = 'trigram', content = '', contentless_delete = 1);
  insert into lead_text (rowid, name, phone, notes) select rowid, coalesce(customer_name, ''), phone, notes from leads;
  create trigger leads_text_delete after delete on leads begin delete from lead_text where rowid = old.rowid; end;

  -- Rows per kind and status, kept by triggers, so an unfiltered screen's tab counts read a
  -- dozen rows instead of counting every lead; only Cold (which moves with the clock) is counted.
  create table lead_tally (kind text not null, status text not null, n integer not null, primary key (kind, status)) without rowid;
  insert into lead_tally (kind, status, n) select kind, status, count(*) from leads group by kind, status;
  create trigger leads_tally_insert after insert on leads begin
    insert into lead_tally (kind, status, n) values (new.kind, new.status, 1) on conflict (kind, status) do update set n = n + 1;
  end;
  create trigger leads_tally_update after update of kind, status on leads
    when old.kind is not new.kind or old.status is not new.status begin
    update lead_tally set n = n - 1 where kind = old.kind and status = old.status;
    insert into lead_tally (kind, status, n) values (new.kind, new.status, 1) on conflict (kind, status) do update set n = n + 1;
  end;
  create trigger leads_tally_delete after delete on leads begin
    update lead_tally set n = n - 1 where kind = old.kind and status = old.status;
  end;

  -- Each screen's own filter columns get a covering (kind, column, status, age) index over that
  -- screen's rows only (partial), so a row costs no entries in the other screen's indexes; the
  -- Abandoned ones carry the duration too, so a duration range beside them is checked in the index.
  drop index leads_kind_account;
  drop index leads_kind_campaign;
  drop index leads_kind_queue;
  drop index leads_kind_agent;
  create index leads_kind_account on leads (kind, account_id, status, ended_at_ms, duration_seconds);
  create index leads_kind_campaign on leads (kind, campaign_id, status, ended_at_ms, duration_seconds) where kind = 'abandoned';
  create index leads_kind_queue on leads (kind, queue_id, status, ended_at_ms, duration_seconds) where kind = 'abandoned';
  create index leads_kind_agent on leads (kind, agent_id, status, ended_at_ms) where kind = 'second_chance';
  create index leads_kind_type on leads (kind, call_type, status, ended_at_ms) where kind = 'second_chance';
  create index leads_kind_reason on leads (kind, reason, status, ended_at_ms) where kind = 'second_chance';
  -- No query reads these any more (customer filters use lead_text; tiles read every row), and
  -- each one cost every write.
  drop index leads_kind_customer;
  drop index leads_tiles;
  `,
  `
  -- Second Chance Leads carry the score that flagged them; the Score column sorts on it.
  alter table leads add column score integer;
  create index leads_kind_score on leads (kind, score, status, ended_at_ms) where kind = 'second_chance';
  `,
  `
  -- Whether a job booked from the lead stands (booked, not cancelled): the tiles tell a recovery
  -- (a job) from a lead resolved without one. Rows cached before now learn it from their history.
  alter table leads add column booked integer not null default 0;
  update leads set booked = 1 where id in (
    select d.id from lead_docs d, json_each(d.detail_json, '$.history') h
     where json_extract(h.value, '$.action') = 'booked'
       and not exists (select 1 from json_each(d.detail_json, '$.history') c
                        where json_extract(c.value, '$.action') = 'job_cancelled' and json_extract(c.value, '$.to') = json_extract(h.value, '$.to')));
  `,
];
