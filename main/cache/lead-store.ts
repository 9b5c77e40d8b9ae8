import {
  isDone,
  mutationSchema,
  type AuditEvent,
  type CallRecord,
  type JobType,
  type Mutation,
  type MutationResult,
  type SyncLead,
  type SyncLeadDetail,
  type SyncScope,
} from '../../shared';
import type { CacheDb } from './open-cache';
import { leadAsShown, localRefusal, type LocalActor, type LocalContext, type PendingEdit } from './optimistic';

/** How many recent writes, and how many leads in all, writtenSince answers for. */
const JOURNAL_WRITES = 32;
const JOURNAL_ROWS = 2000;

export type OutboxEntry = PendingEdit & { id: number; attempts: number };
type OutboxRow = { id: number; name: string; args_json: string; attempts: number; created_at_ms: number };
type Detail = { calls: CallRecord[]; history: AuditEvent[] };

/** A refused edit, rolled back, with the reason to show the user. */
export type Rejection = { leadId: string; reason: string };

/** What the server's answer to a push did: refusals, and the leads now shown differently (and whether their status moved). */
export type Acknowledged = { rejections: Rejection[]; changed: Map<string, { kind: SyncLead['kind']; counts: boolean }> };

/**
 * The desk's copy of the leads it may see, and the outbox of edits the server has not yet
 * acknowledged. Every method is one SQLite transaction: data, outbox and cursor change together.
 */
export class LeadStore {
  private readonly st;
  /** Bumped by every write, so readers can tell whether what they computed is still current. */
  revision = 0;
  /** Leads written in the current transaction, whose text the trigram index has yet to take. */
  private written = new Set<string>();

  constructor(private readonly db: CacheDb) {
    this.st = {
      upsert: db.prepare(`
        insert into leads (id, kind, status, account_id, account_name, customer_name, phone, queue_id, queue_name,
          campaign_id, campaign_name, ended_at_ms, duration_seconds, attempts, call_type, reason, agent_id, agent_name,
          notes, claim_json, version, customer_sort, first_contact_at_ms, done_at_ms, score, booked)
        values (@id, @kind, @status, @accountId, @accountName, @customerName, @phone, @queueId, @queueName,
          @campaignId, @campaignName, @endedAtMs, @durationSeconds, @attempts, @callType, @reason, @agentId, @agentName,
          @notes, @claimJson, @version, @customerSort, @firstContactAtMs, @doneAtMs, @score, @booked)
        on conflict (id) do update set kind = excluded.kind, status = excluded.status, account_id = excluded.account_id,
          account_name = excluded.account_name, customer_name = excluded.customer_name, phone = excluded.phone,
          queue_id = excluded.queue_id, queue_name = excluded.queue_name, campaign_id = excluded.campaign_id,
          campaign_name = excluded.campaign_name, ended_at_ms = excluded.ended_at_ms,
          duration_seconds = excluded.duration_seconds, attempts = excluded.attempts, call_type = excluded.call_type,
          reason = excluded.reason, agent_id = excluded.agent_id, agent_name = excluded.agent_name, notes = excluded.notes,
          claim_json = excluded.claim_json, version = excluded.version, customer_sort = excluded.customer_sort,
          first_contact_at_ms = excluded.first_contact_at_ms, done_at_ms = excluded.done_at_ms, score = excluded.score,
          booked = excluded.booked`),
      upsertDoc: db.prepare(`
        insert into lead_docs (id, server_json, detail_json) values (?, ?, ?)
        on conflict (id) do update set server_json = excluded.server_json, detail_json = excluded.detail_json`),
      serverRow: db.prepare('select server_json, detail_json from lead_docs where id = ?'),
      deleteLead: db.prepare('delete from leads where id = ?'),
      pendingFor: db.prepare('select id, name, args_json, attempts, created_at_ms from outbox where lead_id = ? order by id'),
      pendingAll: db.prepare('select id, name, args_json, attempts, created_at_ms from outbox order by id limit ?'),
      pendingCount: db.prepare('select count(*) as n from outbox'),
      pendingLeadIds: db.prepare('select distinct lead_id from outbox'),
      insertOutbox: db.prepare('insert into outbox (lead_id, name, args_json, created_at_ms) values (?, ?, ?, ?)'),
      deleteOutbox: db.prepare('delete from outbox where id = ?'),
      outboxLead: db.prepare('select lead_id from outbox where id = ?'),
      bumpAttempt: db.prepare('update outbox set attempts = attempts + 1, last_error = ? where id = ?'),
      getMeta: db.prepare('select value from meta where key = ?'),
      setMeta: db.prepare('insert into meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value'),
      deleteMeta: db.prepare('delete from meta where key = ?'),
      outOfScope: db.prepare(
        `select id from leads where not exists (select 1 from json_each(@accounts) where value = leads.account_id)
            or not exists (select 1 from json_each(@kinds) where value = leads.kind)`,
      ),
      clearLeads: db.prepare('delete from leads'),
      unindexText: db.prepare('delete from lead_text where rowid in (select rowid from leads where id in (select value from json_each(?)))'),
      indexText: db.prepare(
        `insert into lead_text (rowid, name, phone, notes)
         select rowid, coalesce(customer_name, ''), phone, notes from leads where id in (select value from json_each(?))`,
      ),
    };
  }

  getMeta(key: string): string | null {
    return (this.st.getMeta.get(key) as { value: string } | undefined)?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.st.setMeta.run(key, value);
    if (key === 'jobTypes' || key === 'session') this.known = null;
  }

  /** The job types and account zones this desk knows, read from meta once per change of them. */
  private known: { jobTypes: Map<string, string>; zones: Map<string, string> } | null = null;

  /** What an edit needs to know of a lead's account, from what the server last sent this desk. */
  private readonly context: LocalContext = (lead, m) => {
    if (!this.known) {
      const jobTypes = JSON.parse(this.getMeta('jobTypes') ?? '[]') as JobType[];
      const session = JSON.parse(this.getMeta('session') ?? '{}') as { accountSettings?: { accountId: string; timeZone: string }[] };
      this.known = { jobTypes: new Map(jobTypes.map((j) => [j.id, j.name])), zones: new Map((session.accountSettings ?? []).map((a) => [a.accountId, a.timeZone])) };
    }
    // A job type this desk has not heard of yet is the server's to judge: shown as "a job" meanwhile.
    const jobTypeName = m.name === 'bookJob' ? (this.known.jobTypes.get(m.args.jobTypeId) ?? 'a job') : null;
    return { claimMinutes: 5, timeZone: this.known.zones.get(lead.accountId) ?? 'America/New_York', jobTypeName };
  };

  deleteMeta(key: string): void {
    this.st.deleteMeta.run(key);
  }

  get cursor(): number {
    return Number(this.getMeta('cursor') ?? 0);
  }

  pendingCount(): number {
    return (this.st.pendingCount.get() as { n: number }).n;
  }

  /** Leads with edits waiting in the outbox (at most `limit`), for the screens' "unsent" marks. */
  pendingLeads(limit: number): string[] {
    return (this.st.pendingLeadIds.all() as { lead_id: string }[]).slice(0, limit).map((r) => r.lead_id);
  }

  pending(limit: number): OutboxEntry[] {
    return (this.st.pendingAll.all(limit) as OutboxRow[]).map(toEntry);
  }

  /** The edits of a lead waiting in the outbox, oldest first. */
  private pendingFor(leadId: string): OutboxEntry[] {
    return (this.st.pendingFor.all(leadId) as OutboxRow[]).map(toEntry);
  }

  /**
   * Writes one lead as the server sent it, and the row the screens' queries read as it is shown
   * (leadAsShown: this desk's pending edits laid over it).
   */
  private writeServerLead(server: SyncLead, detail: Detail, actor: LocalActor, hasPending = true): void {
    const l = hasPending ? leadAsShown({ lead: server, history: detail.history }, this.pendingFor(server.id), actor, this.context).lead : server;
    this.st.upsert.run({
      id: l.id, kind: l.kind, status: l.status, accountId: l.accountId, accountName: l.accountName,
      customerName: l.customerName, phone: l.phone, queueId: l.queueId, queueName: l.queueName,
      campaignId: l.campaignId, campaignName: l.campaignName, endedAtMs: Date.parse(l.endedAt),
      durationSeconds: l.durationSeconds, attempts: l.attempts, callType: l.callType, reason: l.reason,
      agentId: l.agentId, agentName: l.agentName, notes: l.notes, claimJson: l.claim ? JSON.stringify(l.claim) : null,
      version: l.version, customerSort: (l.customerName ?? l.phone).toLowerCase(), score: l.score?.score ?? null,
      ...milestones(l, detail.history),
    });
    this.st.upsertDoc.run(l.id, JSON.stringify(server), JSON.stringify(detail));
    this.written.add(l.id);
  }

  /**
   * Runs `fn` in one transaction, then brings the trigram index (lead_text) up to date for the
   * leads it wrote, in two statements (see the cache migration for why not a trigger).
   */
  private writing<T>(fn: () => T): T {
    let ids: string[] = [];
    const out = this.db.transaction(() => {
      this.written.clear();
      const result = fn();
      ids = [...this.written];
      if (ids.length) {
        const json = JSON.stringify(ids);
        this.st.unindexText.run(json);
        this.st.indexText.run(json);
        this.written.clear();
      }
      return result;
    })();
    this.journal.set(this.revision, ids);
    if (this.journal.size > JOURNAL_WRITES) this.journal.delete(this.journal.keys().next().value!);
    return out;
  }

  /** The leads each of the last few writes wrote, by the revision it made (see writtenSince). */
  private readonly journal = new Map<number, string[]>();

  /**
   * The ids of the leads written since `revision`, or null when that is not known (a write that
   * failed, too long ago, or too many rows): readers that keep what they computed (the text
   * filters' hits) then update just these rows instead of computing it all again. Any lead
   * inserted or changed is among them; a lead deleted may not be (it matches nothing any more).
   */
  writtenSince(revision: number): string[] | null {
    if (revision > this.revision || this.revision - revision > JOURNAL_WRITES) return null;
    const out: string[] = [];
    for (let r = revision + 1; r <= this.revision; r++) {
      const ids = this.journal.get(r);
      if (!ids) return null;
      out.push(...ids);
      if (out.length > JOURNAL_ROWS) return null;
    }
    return out;
  }

  private serverState(leadId: string): { lead: SyncLead; detail: Detail } | null {
    const row = this.st.serverRow.get(leadId) as { server_json: string; detail_json: string } | undefined;
    if (!row) return null;
    return { lead: JSON.parse(row.server_json) as SyncLead, detail: JSON.parse(row.detail_json) as Detail };
  }

  /**
   * The lead as this desk shows it (leadAsShown: the server's state with pending edits laid over
   * it), with its calls and history, and whether edits of it are still unsent. The drawer reads
   * it, and so does the list for a row with unsent edits.
   */
  localState(leadId: string, actor: LocalActor): { lead: SyncLead; calls: CallRecord[]; history: AuditEvent[]; pending: boolean } | null {
    const current = this.serverState(leadId);
    if (!current) return null;
    const pending = this.pendingFor(leadId);
    const state = leadAsShown({ lead: current.lead, history: current.detail.history }, pending, actor, this.context);
    return { lead: state.lead, calls: current.detail.calls, history: state.history, pending: pending.length > 0 };
  }

  /** A pulled page: rows, purge of what left the scope, and the cursor, in one transaction. */
  applyPull(page: { leads: SyncLeadDetail[]; cursor: number; scope: SyncScope; reset: boolean; jobTypes?: JobType[] }, actor: LocalActor): { purged: number; widened: boolean } {
    this.revision++;
    return this.writing(() => {
      if (page.reset) this.st.clearLeads.run();
      // Only leads with edits in the outbox need them laid over again; during a catch-up that is few.
      const withEdits = new Set((this.st.pendingLeadIds.all() as { lead_id: string }[]).map((r) => r.lead_id));
      for (const d of page.leads) this.writeServerLead(d.lead, { calls: d.calls, history: d.history }, actor, withEdits.has(d.lead.id));
      // A scope that shrank (role or account removed) purges what the user may no longer see.
      const scope = JSON.stringify(page.scope);
      let purged = 0;
      let widened = false;
      const before = this.getMeta('scope');
      if (scope !== before) {
        // A scope that grew (a role or account given) means older changes this desk never
        // received: the caller pulls again from the start.
        if (before) {
          const old = JSON.parse(before) as SyncScope;
          widened = page.scope.accountIds.some((a) => !old.accountIds.includes(a)) || page.scope.kinds.some((k) => !old.kinds.includes(k));
        }
        const gone = this.st.outOfScope.all({ accounts: JSON.stringify(page.scope.accountIds), kinds: JSON.stringify(page.scope.kinds) }) as { id: string }[];
        for (const g of gone) this.st.deleteLead.run(g.id);
        purged = gone.length;
        this.setMeta('scope', scope);
      }
      if (page.jobTypes) this.setMeta('jobTypes', JSON.stringify(page.jobTypes));
      this.setMeta('cursor', String(widened ? 0 : page.cursor));
      return { purged, widened };
    });
  }

  /**
   * Queues an edit and shows it at once. Returns a reason instead when the edit cannot apply
   * to what this desk knows (a refused transition), so nothing impossible is queued.
   */
  enqueue(m: Mutation, actor: LocalActor, now: Date): { ok: true; outboxId: number } | { ok: false; reason: string } {
    const parsed = mutationSchema.parse(m);
    this.revision++;
    return this.writing(() => {
      const current = this.serverState(parsed.args.leadId);
      if (!current) return { ok: false as const, reason: 'This lead is not on this desk.' };
      // What the server would refuse (a transition, a claim someone else holds, a past window),
      // the desk refuses at once with the same words, and queues nothing.
      const shown = this.localState(parsed.args.leadId, actor)!;
      const refusal = localRefusal(shown, parsed, actor, now, this.context);
      if (refusal) return { ok: false as const, reason: refusal };
      const info = this.st.insertOutbox.run(parsed.args.leadId, parsed.name, JSON.stringify(parsed.args), now.getTime());
      this.writeServerLead(current.lead, current.detail, actor);
      return { ok: true as const, outboxId: Number(info.lastInsertRowid) };
    });
  }

  /**
   * The server's answer to pushed edits: drop them from the outbox and take its rows (with their
   * calls and history) as truth. `caughtUpTo`: the server said nothing else changed for this desk
   * up to that cursor, so the cursor moves there and the desk does not pull its own edits back.
   * Returns the refusals, and the leads whose shown state the answer changed (beyond "unsent"):
   * most answers only confirm what the desk showed already, and need no refresh.
   */
  acknowledge(results: MutationResult[], actor: LocalActor, caughtUpTo: number | null = null): Acknowledged {
    this.revision++;
    return this.writing(() => {
      const rejections: Rejection[] = [];
      // Each lead as shown before the answer, once per lead (a batch may hold many edits of one).
      const before = new Map<string, SyncLead | undefined>();
      for (const r of results) {
        const leadId = (this.st.outboxLead.get(r.id) as { lead_id: string } | undefined)?.lead_id;
        if (leadId && !before.has(leadId)) before.set(leadId, this.localState(leadId, actor)?.lead);
      }
      for (const r of results) {
        const row = this.st.outboxLead.get(r.id) as { lead_id: string } | undefined;
        this.st.deleteOutbox.run(r.id);
        const leadId = row?.lead_id;
        if (!leadId) continue;
        if (r.status === 'refused' || r.status === 'gone') rejections.push({ leadId, reason: r.error ?? 'The server refused this edit.' });
        const current = this.serverState(leadId);
        if (r.status === 'gone') {
          this.st.deleteLead.run(leadId); // no longer this user's to see
        } else if (r.lead) {
          const detail = r.history && r.calls ? { calls: r.calls, history: r.history } : (current?.detail ?? { calls: [], history: [] });
          this.writeServerLead(r.lead, detail, actor);
        } else if (current) {
          // Refused without the lead: the edit rolls back, the lead stays as the server last sent it.
          this.writeServerLead(current.lead, current.detail, actor);
        }
      }
      const changed = new Map<string, { kind: SyncLead['kind']; counts: boolean }>();
      for (const [leadId, was] of before) {
        const after = this.localState(leadId, actor)?.lead;
        const kind = (after ?? was)?.kind;
        if (kind && !sameAsShown(was, after)) changed.set(leadId, { kind, counts: was?.status !== after?.status });
      }
      if (caughtUpTo !== null && caughtUpTo > this.cursor) this.setMeta('cursor', String(caughtUpTo));
      return { rejections, changed };
    });
  }

  /**
   * An edit the server could not read at all (a 4xx for the request): only that edit is rolled
   * back. The lead stays on the desk as the server last sent it, with this desk's other pending
   * edits still laid over it; nothing says the user lost sight of it.
   */
  refuse(outboxId: number, reason: string, actor: LocalActor): Rejection | null {
    this.revision++;
    return this.writing(() => {
      const row = this.st.outboxLead.get(outboxId) as { lead_id: string } | undefined;
      this.st.deleteOutbox.run(outboxId);
      if (!row) return null;
      const current = this.serverState(row.lead_id);
      if (current) this.writeServerLead(current.lead, current.detail, actor);
      return { leadId: row.lead_id, reason };
    });
  }

  /** After a large catch-up the query planner's statistics are stale: refresh them (bounded). */
  optimize(): void {
    this.db.pragma('optimize=0x10002');
  }

  noteAttempt(ids: number[], error: string): void {
    this.db.transaction(() => ids.forEach((id) => this.st.bumpAttempt.run(error, id)))();
  }
}

/**
 * Whether a lead looks the same on screen: the server's version number and the exact instant a
 * claim runs out (a few milliseconds apart between desk and server) are not shown.
 */
function sameAsShown(a: SyncLead | undefined, b: SyncLead | undefined): boolean {
  if (!a || !b) return a === b;
  const shown = (l: SyncLead) => JSON.stringify({ ...l, version: 0, claim: l.claim?.userId ?? null });
  return shown(a) === shown(b);
}

/** When the lead was first contacted and when it reached Done, and whether a booked job stands, from the server's history. */
function milestones(l: SyncLead, history: AuditEvent[]): { firstContactAtMs: number | null; doneAtMs: number | null; booked: 0 | 1 } {
  const contact = history.find((h) => h.action === 'status' && h.to === 'contact_attempted');
  const closed = isDone(l.status) ? [...history].reverse().find((h) => h.action === 'status' && h.to === l.status) : undefined;
  const cancelled = new Set(history.filter((h) => h.action === 'job_cancelled').map((h) => h.to));
  const booked = history.some((h) => h.action === 'booked' && !cancelled.has(h.to));
  return { firstContactAtMs: contact ? Date.parse(contact.at) : null, doneAtMs: closed ? Date.parse(closed.at) : null, booked: booked ? 1 : 0 };
}

function toEntry(r: OutboxRow): OutboxEntry {
  return { id: r.id, attempts: r.attempts, at: new Date(r.created_at_ms), mutation: mutationSchema.parse({ name: r.name, args: JSON.parse(r.args_json) }) };
}
