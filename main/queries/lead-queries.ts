import {
  coldAfterMs,
  deriveTab,
  type ApiResponse,
  isDone,
  ALL_STATUSES,
  type ApiParsedRequest,
  type FilterSet,
  type Lead,
  type SyncLead,
  type Tab,
  type TabSettings,
} from '../../shared';
import type { CacheDb } from '../cache/open-cache';

const DONE = ALL_STATUSES.filter(isDone);
const DONE_SQL = DONE.map((s) => `'${s}'`).join(', ');

type Sql = { where: string[]; params: Record<string, unknown> };

/** The SQL twin of shared/filters' matchesFilters; a property test holds the two together. */
function filterSql(set: FilterSet, nowMs: number): Sql {
  const where = ['kind = @kind'];
  const params: Record<string, unknown> = { kind: set.kind, now: nowMs };
  // Literal placeholders, not json_each: SQLite then walks the index once per value.
  const list = (col: string, name: string, values: readonly string[] | undefined) => {
    if (!values) return;
    const names = values.map((v, i) => {
      params[`${name}${i}`] = v;
      return `@${name}${i}`;
    });
    where.push(`${col} in (${names.join(', ')})`);
  };
  const f = set.filters;
  list('status', 'status', f.status);
  list('account_id', 'account', f.account);
  if (f.age?.min !== undefined) {
    params['ageMin'] = nowMs - f.age.min * 60_000;
    where.push('ended_at_ms <= @ageMin');
  }
  if (f.age?.max !== undefined) {
    params['ageMax'] = nowMs - (f.age.max + 1) * 60_000;
    where.push('ended_at_ms > @ageMax');
  }
  if (f.customer) {
    const q = f.customer.trim().toLowerCase();
    const digits = q.replace(/\D/g, '');
    if (digits.length > 0 && !/[a-z]/.test(q)) {
      params['customerDigits'] = digits;
      where.push('instr(phone, @customerDigits) > 0');
    } else {
      params['customerText'] = q;
      where.push("instr(lower(coalesce(customer_name, '')), @customerText) > 0");
    }
  }
  if (set.kind === 'abandoned') {
    const a = set.filters;
    if (a.duration?.min !== undefined) {
      params['durMin'] = a.duration.min;
      where.push('duration_seconds >= @durMin');
    }
    if (a.duration?.max !== undefined) {
      params['durMax'] = a.duration.max;
      where.push('duration_seconds <= @durMax');
    }
    list('queue_id', 'queue', a.queue);
    list('campaign_id', 'campaign', a.campaign);
  } else {
    const s = set.filters;
    if (s.notes) {
      params['notes'] = s.notes.trim().toLowerCase();
      where.push('instr(lower(notes), @notes) > 0');
    }
    list('call_type', 'type', s.type);
    list('reason', 'reason', s.reason);
    list('agent_id', 'agent', s.agent);
  }
  return { where, params };
}

function tabSql(tab: Tab, set: FilterSet, nowMs: number, settings: TabSettings, params: Record<string, unknown>): string {
  params['coldBefore'] = nowMs - coldAfterMs(set.kind, settings);
  const cold = `(status = 'new' and ended_at_ms < @coldBefore)`;
  if (tab === 'done') return `status in (${DONE_SQL})`;
  if (tab === 'cold') return cold;
  return `status not in (${DONE_SQL}) and not ${cold}`;
}

const SORT_SQL: Record<ApiParsedRequest<'listLeads'>['sort']['column'], string> = {
  // Sorted on the column itself so the (kind, ended_at_ms) indexes serve it; see `flip`.
  age: 'ended_at_ms',
  duration: 'duration_seconds',
  status: 'status',
  account: 'account_name',
  customer: 'customer_sort',
  queue: 'queue_name',
  campaign: 'campaign_name',
  type: 'call_type',
  reason: 'reason',
  agent: 'agent_name',
};

type Row = { id: string; status: Lead['status']; claim_json: string | null; pending: number };

function toLead(r: Row, serverJson: string, tab: Tab): Lead {
  const server = JSON.parse(serverJson) as SyncLead;
  return { ...server, status: r.status, claim: r.claim_json ? JSON.parse(r.claim_json) : null, tab, pending: r.pending > 0 };
}

/** The screens' queries, answered from the desk's cache alone, with the desk's clock. */
export class LeadQueries {
  private cache = new Map<string, ReturnType<CacheDb['prepare']>>();
  private lastCounts: { key: string; counts: Record<Tab, number> } | null = null;

  /** `revision` tells whether the cache changed since counts were last computed. */
  constructor(
    private readonly db: CacheDb,
    private readonly revision: (() => number) | null = null,
  ) {}

  private prepared(sql: string) {
    let st = this.cache.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.cache.set(sql, st);
    }
    return st;
  }

  list(req: ApiParsedRequest<'listLeads'>, nowMs: number, settings: TabSettings): { rows: Lead[]; total: number } {
    const { where, params } = filterSql(req.filterSet, nowMs);
    where.push(tabSql(req.tab, req.filterSet, nowMs, settings, params));
    const clause = where.join(' and ');
    // A smaller age is a later end time: age ascending is ended_at descending.
    const flip = req.sort.column === 'age';
    const dir = (req.sort.direction === 'asc') !== flip ? 'asc' : 'desc';
    // One screen refresh asks for the page and the tab counts at the same instant: the total is
    // taken from the counts, computed once per filter, clock reading and cache revision.
    const total = this.counts(req.filterSet, nowMs, settings)[req.tab];
    const rows = this.prepared(
      `select id, status, claim_json, exists (select 1 from outbox o where o.lead_id = leads.id) as pending
         from leads where ${clause}
        order by ${SORT_SQL[req.sort.column]} ${dir}, rowid ${dir} limit @limit offset @offset`,
    ).all({ ...params, limit: req.limit, offset: req.offset }) as Row[];
    // The documents only for the page shown.
    const docs = new Map(
      (this.prepared('select id, server_json from lead_docs where id in (select value from json_each(?))').all(JSON.stringify(rows.map((r) => r.id))) as { id: string; server_json: string }[]).map((d) => [d.id, d.server_json]),
    );
    return { rows: rows.map((r) => toLead(r, docs.get(r.id)!, req.tab)), total };
  }

  counts(set: FilterSet, nowMs: number, settings: TabSettings): Record<Tab, number> {
    if (!this.revision) return this.countNow(set, nowMs, settings);
    const key = JSON.stringify([set, nowMs, settings.sclColdDays, this.revision()]);
    if (this.lastCounts?.key === key) return this.lastCounts.counts;
    const counts = this.countNow(set, nowMs, settings);
    this.lastCounts = { key, counts };
    return counts;
  }

  /**
   * Supervisors' tiles, one per account, queue and campaign: Open and Cold now, the oldest open
   * lead, and today's speed to lead (call end to first contact attempt), recoveries and dismissals.
   */
  tiles(dayStartMs: number, nowMs: number, settings: TabSettings): ApiResponse<'queueTiles'> {
    const rows = this.prepared(
      `select account_id, account_name, queue_name, campaign_name, kind, status, ended_at_ms, first_contact_at_ms, done_at_ms
         from leads`,
    ).all({}) as {
      account_id: string; account_name: string; queue_name: string | null; campaign_name: string | null; kind: FilterSet['kind'];
      status: Lead['status']; ended_at_ms: number; first_contact_at_ms: number | null; done_at_ms: number | null;
    }[];
    type Tile = ApiResponse<'queueTiles'>[number] & { speeds: number[]; oldest: number | null };
    const tiles = new Map<string, Tile>();
    for (const r of rows) {
      const key = JSON.stringify([r.account_id, r.queue_name, r.campaign_name]);
      let t = tiles.get(key);
      if (!t) {
        t = { accountId: r.account_id, accountName: r.account_name, queueName: r.queue_name, campaignName: r.campaign_name, open: 0, cold: 0, oldestOpenEndedAt: null, medianSpeedToLeadSeconds: null, recoveredToday: 0, dismissedToday: 0, speeds: [], oldest: null };
        tiles.set(key, t);
      }
      const tab = deriveTab({ kind: r.kind, status: r.status, endedAtMs: r.ended_at_ms }, nowMs, settings);
      if (tab === 'open') {
        t.open++;
        t.oldest = t.oldest === null ? r.ended_at_ms : Math.min(t.oldest, r.ended_at_ms);
      }
      if (tab === 'cold') t.cold++;
      if (r.first_contact_at_ms !== null && r.first_contact_at_ms >= dayStartMs) t.speeds.push((r.first_contact_at_ms - r.ended_at_ms) / 1000);
      if (r.done_at_ms !== null && r.done_at_ms >= dayStartMs) {
        if (r.status === 'resolved') t.recoveredToday++;
        if (r.status === 'dismissed') t.dismissedToday++;
      }
    }
    return [...tiles.values()]
      .map(({ speeds, oldest, ...t }) => {
        speeds.sort((a, b) => a - b);
        const mid = speeds.length / 2;
        const median = speeds.length === 0 ? null : speeds.length % 2 ? speeds[Math.floor(mid)]! : (speeds[mid - 1]! + speeds[mid]!) / 2;
        return { ...t, oldestOpenEndedAt: oldest === null ? null : new Date(oldest).toISOString(), medianSpeedToLeadSeconds: median === null ? null : Math.max(0, median) };
      })
      .sort((a, b) => b.open + b.cold - (a.open + a.cold) || a.accountName.localeCompare(b.accountName));
  }

  /** The choices for the Queue, Campaign and Agent filters: what this desk's leads carry. */
  filterOptions(kind: FilterSet['kind']): ApiResponse<'filterOptions'> {
    const pairs = (idCol: string, nameCol: string) =>
      this.prepared(
        `select distinct ${idCol} as id, coalesce(${nameCol}, ${idCol}) as name from leads
          where kind = @kind and ${idCol} is not null order by name`,
      ).all({ kind }) as { id: string; name: string }[];
    return { queues: pairs('queue_id', 'queue_name'), campaigns: pairs('campaign_id', 'campaign_name'), agents: pairs('agent_id', 'agent_name') };
  }

  private countNow(set: FilterSet, nowMs: number, settings: TabSettings): Record<Tab, number> {
    const { where, params } = filterSql(set, nowMs);
    params['coldBefore'] = nowMs - coldAfterMs(set.kind, settings);
    const r = this.prepared(
      `select
         sum(case when status in (${DONE_SQL}) then 1 else 0 end) as done,
         sum(case when status = 'new' and ended_at_ms < @coldBefore then 1 else 0 end) as cold,
         count(*) as total
       from leads where ${where.join(' and ')}`,
    ).get(params) as { done: number | null; cold: number | null; total: number };
    const done = r.done ?? 0;
    const cold = r.cold ?? 0;
    return { open: r.total - done - cold, cold, done };
  }
}
