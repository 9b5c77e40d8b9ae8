import {
  coldAfterMs,
  hasFilters,
  deriveTab,
  type ApiResponse,
  figureOutcome,
  pastSpeedTarget,
  speedToLeadSeconds,
  supervisorFigures,
  type FigureGroup,
  speedState,
  isDone,
  ALL_STATUSES,
  REASON_NOT_CLASSIFIED,
  type ApiParsedRequest,
  type FilterSet,
  type Lead,
  type SyncLead,
  type Tab,
  type TabSettings,
} from '../../shared';
import type { CacheDb } from '../cache/open-cache';
import { TextHits } from './text-hits';

const DONE = ALL_STATUSES.filter(isDone);
/** The target a tile uses for an account whose settings this desk has not heard yet. */
const DEFAULT_SPEED_TARGET = 5;
const DONE_SQL = DONE.map((s) => `'${s}'`).join(', ');
const OPEN_SQL = ALL_STATUSES.filter((s) => !isDone(s)).map((s) => `'${s}'`).join(', ');

type Sql = { where: string[]; params: Record<string, unknown> };

const KINDS: readonly FilterSet['kind'][] = ['abandoned', 'second_chance'];

function kindSql(kind: FilterSet['kind']): string {
  if (!KINDS.includes(kind)) throw new Error(`Unknown lead kind ${JSON.stringify(kind)}`);
  return `kind = '${kind}'`;
}

/** The SQL twin of shared/filters' matchesFilters; a property test holds the two together. */
function filterSql(set: FilterSet, nowMs: number, text: TextHits | null): Sql {
  // The kind is written into the SQL, not bound: the indexes of one screen's columns cover only
  // that kind's rows (partial indexes), and SQLite uses those only for a literal it can match.
  const where = [kindSql(set.kind)];
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
      where.push(textSql(set, 'phone', 'instr(phone, @customerDigits) > 0', digits, text));
    } else {
      params['customerText'] = q;
      where.push(textSql(set, 'name', "instr(lower(coalesce(customer_name, '')), @customerText) > 0", q, text));
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
      where.push(textSql(set, 'notes', 'instr(lower(notes), @notes) > 0', params['notes'] as string, text));
    }
    list('call_type', 'type', s.type);
    if (s.reason) {
      // "Not classified" is a lead without a reason: NULL, which `in (...)` never matches.
      const given = s.reason.filter((r) => r !== REASON_NOT_CLASSIFIED);
      const names = given.map((v, i) => {
        params[`reason${i}`] = v;
        return `@reason${i}`;
      });
      const parts = [...(names.length ? [`reason in (${names.join(', ')})`] : []), ...(given.length < s.reason.length ? ['reason is null'] : [])];
      where.push(parts.length === 1 ? parts[0]! : `(${parts.join(' or ')})`);
    }
    list('agent_id', 'agent', s.agent);
  }
  return { where, params };
}

/**
 * A substring filter, looked up in the trigram index (lead_text), which folds case as the
 * shared rule does. With another list filter present, that filter's covering index drives and
 * the text match only tests membership (`+rowid`): following thousands of text matches back to
 * their rows cost three times as much. Without the index (`text` null), or for fewer than
 * three characters, which it cannot look up, the rows are read (`exact`, the twin of
 * shared/filters).
 */
function textSql(set: FilterSet, column: 'name' | 'phone' | 'notes', exact: string, needle: string, text: TextHits | null): string {
  if (!text || [...needle].length < 3) return exact;
  const indexed = LIST_FILTERS.some((f) => (set.filters as Record<string, unknown>)[f] !== undefined);
  return `${indexed ? '+' : ''}leads.rowid in ${text.table(column, needle)}`;
}

/** The filters with a (kind, column, status, age) index of their own. */
const LIST_FILTERS = ['status', 'account', 'queue', 'campaign', 'agent', 'type', 'reason'] as const;

/**
 * Which rows lie past the Cold line at `nowMs` (`op` '<': ended before it) or not yet (`op` '>='),
 * as SQL. Each Second Chance Lead turns Cold by its own account's days: accounts whose setting
 * differs from the default get a branch of their own. When they all agree (always for abandoned
 * calls) it is one range on ended_at_ms, which the (column, status, age) indexes serve.
 */
function coldSql(kind: FilterSet['kind'], settings: TabSettings, nowMs: number, params: Record<string, unknown>, tag: string, op: '<' | '>='): string {
  params[tag] = nowMs - coldAfterMs(kind, settings);
  if (kind === 'abandoned') return `ended_at_ms ${op} @${tag}`;
  const byDays = new Map<number, string[]>();
  for (const [account, days] of Object.entries(settings.sclColdDaysByAccount ?? {})) {
    if (days !== settings.sclColdDays) byDays.set(days, [...(byDays.get(days) ?? []), account]);
  }
  if (byDays.size === 0) return `ended_at_ms ${op} @${tag}`;
  const listed: string[] = [];
  const branches = [...byDays].map(([days, accounts], g) => {
    const names = accounts.map((a, i) => {
      params[`${tag}_${g}_${i}`] = a;
      return `@${tag}_${g}_${i}`;
    });
    listed.push(...names);
    params[`${tag}_${g}`] = nowMs - days * 24 * 60 * 60 * 1000;
    return `(account_id in (${names.join(', ')}) and ended_at_ms ${op} @${tag}_${g})`;
  });
  return `(${[...branches, `(account_id not in (${listed.join(', ')}) and ended_at_ms ${op} @${tag})`].join(' or ')})`;
}

function tabSql(tab: Tab, set: FilterSet, nowMs: number, settings: TabSettings, params: Record<string, unknown>): string {
  if (tab === 'done') return `status in (${DONE_SQL})`;
  if (tab === 'cold') return `(status = 'new' and ${coldSql(set.kind, settings, nowMs, params, 'coldBefore', '<')})`;
  // Said as what Open is, not what it is not, so the (column, status, age) indexes serve it.
  return `status in (${OPEN_SQL}) and (status <> 'new' or ${coldSql(set.kind, settings, nowMs, params, 'coldBefore', '>=')})`;
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
  attempts: 'attempts',
  score: 'score',
};

/** The indexes that hold each kind's rows in a sort column's order (see `list`). */
const SORT_INDEX: Partial<Record<ApiParsedRequest<'listLeads'>['sort']['column'], string>> = {
  age: 'leads_kind_age',
  duration: 'leads_kind_duration',
  account: 'leads_kind_account_name',
  customer: 'leads_kind_customer_sort',
};

/**
 * A filter's counts at one clock reading (`at`: the Cold lines then), valid while the cache is
 * at `revision` and for the same Cold settings (`settings`).
 */
type Counted = { total: number; done: number; cold: number; at: number; settings: string; revision: number };

type Row = { id: string; pending: number };

/**
 * The lead as the desk shows it, with edits not yet acknowledged laid over the server's row: the
 * store's `localState` (main/cache/optimistic.ts, leadAsShown), the same the drawer reads.
 */
export type ShownLead = (leadId: string) => SyncLead | null;

/** The screens' queries, answered from the desk's cache alone, with the desk's clock. */
export class LeadQueries {
  private cache = new Map<string, ReturnType<CacheDb['prepare']>>();
  private counted = new Map<string, Counted>();
  private readonly text: TextHits;

  constructor(
    private readonly db: CacheDb,
    /** The cache's write counter: tells whether the cache changed since counts were computed. */
    private readonly revision: (() => number) | null = null,
    /** Reads a lead with unsent edits as shown; a lead without any is the server's document. */
    private readonly shown: ShownLead | null = null,
    /** The leads written since a revision, when known (LeadStore.writtenSince). */
    writtenSince: ((revision: number) => string[] | null) | null = null,
  ) {
    this.text = new TextHits(db, revision, writtenSince);
  }

  private prepared(sql: string) {
    let st = this.cache.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.cache.set(sql, st);
    }
    return st;
  }

  list(req: ApiParsedRequest<'listLeads'>, nowMs: number, settings: TabSettings): { rows: Lead[]; total: number } {
    const { where, params } = filterSql(req.filterSet, nowMs, this.text);
    where.push(tabSql(req.tab, req.filterSet, nowMs, settings, params));
    const clause = where.join(' and ');
    // A smaller age is a later end time: age ascending is ended_at descending.
    const flip = req.sort.column === 'age';
    const dir = (req.sort.direction === 'asc') !== flip ? 'asc' : 'desc';
    // The page's total is the tab's count (see `counts`, kept per filter while the cache is unchanged).
    const total = this.counts(req.filterSet, nowMs, settings)[req.tab];
    // Two ways to a page, chosen with the exact counts in hand: walk the kind's rows in sort
    // order until the page is full (cheap when most rows match), or gather the matching rows
    // through the filters' indexes and sort just those (cheap when few match). SQLite's own
    // guess cannot see how selective a tab's clock-dependent clause is, and guessed wrong 10x.
    const index = SORT_INDEX[req.sort.column];
    const walk = (req.offset + req.limit) * (this.kindRows(req.filterSet.kind) / Math.max(1, total));
    // A filter on the sort column itself bunches the matches together in that order, wherever
    // the walk would start: those are gathered and sorted. (Age and duration filters are ranges
    // the walk seeks to, so they do not bunch.)
    const bunched = (req.sort.column === 'account' || req.sort.column === 'customer') && (req.filterSet.filters as Record<string, unknown>)[req.sort.column] !== undefined;
    const inOrder = index !== undefined && !bunched && total > 0 && walk <= 2 * total;
    const sortCol = `${inOrder ? '' : '+'}${SORT_SQL[req.sort.column]}`;
    const rows = this.prepared(
      `select id, exists (select 1 from outbox o where o.lead_id = leads.id) as pending
         from leads ${inOrder ? `indexed by ${index}` : ''} where ${clause}
        order by ${sortCol} ${dir}, rowid ${dir} limit @limit offset @offset`,
    ).all({ ...params, limit: req.limit, offset: req.offset }) as Row[];
    // The documents only for the page shown (a row with unsent edits is read as shown, below).
    const docs = new Map(
      (this.prepared('select id, server_json from lead_docs where id in (select value from json_each(?))').all(JSON.stringify(rows.filter((r) => !r.pending).map((r) => r.id))) as { id: string; server_json: string }[]).map((d) => [d.id, d.server_json]),
    );
    return { rows: rows.map((r) => ({ ...(r.pending ? this.withEdits(r.id) : (JSON.parse(docs.get(r.id)!) as SyncLead)), tab: req.tab, pending: r.pending > 0 })), total };
  }

  private withEdits(leadId: string): SyncLead {
    const lead = this.shown?.(leadId);
    if (!lead) throw new Error(`Lead ${leadId} has unsent edits, and these queries were given no way to show them.`);
    return lead;
  }

  /**
   * Tab counts for a filter. Only Cold moves with the clock (a New lead turns Cold as it ages),
   * so while the cache is unchanged a later clock reading adds just the leads that crossed the
   * Cold line since: sorting, paging, switching tabs and the ticking age column cost a range
   * read instead of a recount. Any write to the cache (a new revision) counts afresh.
   */
  counts(set: FilterSet, nowMs: number, settings: TabSettings): Record<Tab, number> {
    // An age filter moves every row's match with the clock: such counts are never carried over.
    const revision = set.filters.age === undefined ? (this.revision?.() ?? null) : null;
    const key = JSON.stringify(set);
    const coldKey = JSON.stringify(settings);
    const known = this.counted.get(key);
    let c: Counted;
    if (revision !== null && known && known.revision === revision && known.settings === coldKey && known.at <= nowMs) {
      c = known;
      if (nowMs > c.at) {
        c.cold += this.coldBetween(set, settings, nowMs, c.at);
        c.at = nowMs;
      }
    } else {
      c = { ...this.countNow(set, nowMs, settings), revision: revision ?? -1, at: nowMs, settings: coldKey };
      if (revision !== null) this.remember(key, c);
    }
    return { open: c.total - c.done - c.cold, cold: c.cold, done: c.done };
  }

  private remember(key: string, c: Counted): void {
    this.counted.delete(key);
    this.counted.set(key, c);
    // A handful of recent filters: the ones a user flips between.
    if (this.counted.size > 16) this.counted.delete(this.counted.keys().next().value!);
  }

  /** New leads matching the filter that turned Cold between two clock readings. */
  private coldBetween(set: FilterSet, settings: TabSettings, nowMs: number, thenMs: number): number {
    // The exact text rules, not the text index: these are a few rows, and looking the text up
    // would cost more than reading them.
    const { where, params } = filterSql(set, nowMs, null);
    const coldNow = coldSql(set.kind, settings, nowMs, params, 'coldTo', '<');
    const warmThen = coldSql(set.kind, settings, thenMs, params, 'coldFrom', '>=');
    const r = this.prepared(`select count(*) as n from leads where ${where.join(' and ')} and status = 'new' and ${warmThen} and ${coldNow}`).get(params) as { n: number };
    return r.n;
  }

  /**
   * Supervisors' tiles, one per account, queue and campaign: Open and Cold now, the oldest open
   * lead, and today's speed to lead (call end to first contact attempt), recoveries and dismissals.
   */
  tiles(dayStartMs: number, nowMs: number, settings: TabSettings, speedTargets: ReadonlyMap<string, number> = new Map()): ApiResponse<'queueTiles'> {
    const rows = this.prepared(
      `select account_id, account_name, queue_name, campaign_name, kind, status, ended_at_ms, first_contact_at_ms, done_at_ms, attempts, booked
         from leads`,
    ).all({}) as {
      account_id: string; account_name: string; queue_name: string | null; campaign_name: string | null; kind: FilterSet['kind'];
      status: Lead['status']; ended_at_ms: number; first_contact_at_ms: number | null; done_at_ms: number | null; attempts: number; booked: number;
    }[];
    type Tile = ApiResponse<'queueTiles'>[number] & { figures: FigureGroup[]; oldest: number | null };
    const tiles = new Map<string, Tile>();
    for (const r of rows) {
      const key = JSON.stringify([r.account_id, r.queue_name, r.campaign_name]);
      let t = tiles.get(key);
      if (!t) {
        t = {
          accountId: r.account_id, accountName: r.account_name, queueName: r.queue_name, campaignName: r.campaign_name, open: 0, cold: 0, openSecondChance: 0, coldSecondChance: 0, oldestOpenEndedAt: null,
          medianSpeedToLeadSeconds: null, recoveredToday: 0, resolvedWithoutJobToday: 0, dismissedToday: 0, repeatWaiting: 0, speedTargetMinutes: speedTargets.get(r.account_id) ?? DEFAULT_SPEED_TARGET,
          inTargetToday: 0, missedTargetToday: 0, waitingPastTarget: 0, speedState: 'ok', figures: [], oldest: null,
        };
        tiles.set(key, t);
      }
      const tab = deriveTab({ kind: r.kind, status: r.status, endedAtMs: r.ended_at_ms, accountId: r.account_id }, nowMs, settings);
      const scl = r.kind === 'second_chance' ? 1 : 0;
      if (tab === 'open') {
        t.open++;
        t.openSecondChance += scl;
        t.oldest = t.oldest === null ? r.ended_at_ms : Math.min(t.oldest, r.ended_at_ms);
      }
      if (tab === 'cold') {
        t.cold++;
        t.coldSecondChance += scl;
      }
      if (tab !== 'done' && r.attempts > 1) t.repeatWaiting++;
      if (r.ended_at_ms >= dayStartMs) {
        // Today's leads against the target: reached in time, reached late, or still waiting past it.
        const targetMs = t.speedTargetMinutes * 60_000;
        if (r.first_contact_at_ms !== null) {
          if (r.first_contact_at_ms - r.ended_at_ms <= targetMs) t.inTargetToday++;
          else t.missedTargetToday++;
        } else if (pastSpeedTarget({ status: r.status, endedAtMs: r.ended_at_ms }, nowMs, t.speedTargetMinutes)) {
          t.missedTargetToday++;
          t.waitingPastTarget++;
        }
      }
      if (r.ended_at_ms >= dayStartMs) {
        // Today's calls, by the rule the report counts them with (shared/reports/figures.ts).
        t.figures.push({ outcome: figureOutcome(r.status, r.booked === 1), speed: speedToLeadSeconds(r.ended_at_ms, r.first_contact_at_ms), n: 1 });
      }
    }
    return [...tiles.values()]
      .map(({ figures, oldest, ...t }) => {
        const f = supervisorFigures(figures);
        return {
          ...t,
          speedState: speedState(t),
          oldestOpenEndedAt: oldest === null ? null : new Date(oldest).toISOString(),
          medianSpeedToLeadSeconds: f.medianSpeedToLeadSeconds,
          recoveredToday: f.recovered,
          resolvedWithoutJobToday: f.resolvedWithoutJob,
          dismissedToday: f.dismissed,
        };
      })
      .sort((a, b) => b.open + b.cold - (a.open + a.cold) || a.accountName.localeCompare(b.accountName));
  }

  /**
   * The choices for the Queue, Campaign and Agent filters: what this desk's leads carry. Two
   * accounts' queues or campaigns of one name ("Service" at Northside and at Southside) are told
   * apart by their account; an agent is one person whichever account.
   */
  filterOptions(kind: FilterSet['kind']): ApiResponse<'filterOptions'> {
    const pairs = (idCol: string, nameCol: string, byAccount: boolean) => {
      const rows = this.prepared(
        `select ${idCol} as id, coalesce(${nameCol}, ${idCol}) as name, min(account_name) as account from leads
          where kind = @kind and ${idCol} is not null group by ${idCol}, coalesce(${nameCol}, ${idCol}) order by name, account`,
      ).all({ kind }) as { id: string; name: string; account: string }[];
      const ids = new Map<string, Set<string>>();
      for (const r of rows) ids.set(r.name, (ids.get(r.name) ?? new Set()).add(r.id));
      return rows.map((r) => ({ id: r.id, name: byAccount && ids.get(r.name)!.size > 1 ? `${r.name} · ${r.account}` : r.name }));
    };
    return { queues: pairs('queue_id', 'queue_name', true), campaigns: pairs('campaign_id', 'campaign_name', true), agents: pairs('agent_id', 'agent_name', false) };
  }

  /** Rows per status of one kind, from the tally the cache's triggers keep. */
  private tally(kind: FilterSet['kind']): { status: Lead['status']; n: number }[] {
    return this.prepared('select status, n from lead_tally where kind = ?').all(kind) as { status: Lead['status']; n: number }[];
  }

  private kindRows(kind: FilterSet['kind']): number {
    return this.tally(kind).reduce((sum, r) => sum + r.n, 0);
  }

  private countNow(set: FilterSet, nowMs: number, settings: TabSettings): { total: number; done: number; cold: number } {
    const { where, params } = filterSql(set, nowMs, this.text);
    const cold = coldSql(set.kind, settings, nowMs, params, 'coldBefore', '<');
    if (!hasFilters(set)) {
      // Done and the total come from the tally; Cold moves with the clock, so it is counted
      // (a range of the (kind, status, age) index).
      const tally = this.tally(set.kind);
      const total = tally.reduce((sum, r) => sum + r.n, 0);
      const done = tally.filter((r) => isDone(r.status)).reduce((sum, r) => sum + r.n, 0);
      const row = this.prepared(`select count(*) as cold from leads where ${kindSql(set.kind)} and status = 'new' and ${cold}`).get(params) as { cold: number };
      return { total, done, cold: row.cold };
    }
    const r = this.prepared(
      `select
         sum(case when status in (${DONE_SQL}) then 1 else 0 end) as done,
         sum(case when status = 'new' and ${cold} then 1 else 0 end) as cold,
         count(*) as total
       from leads where ${where.join(' and ')}`,
    ).get(params) as { done: number | null; cold: number | null; total: number };
    return { total: r.total, done: r.done ?? 0, cold: r.cold ?? 0 };
  }
}
