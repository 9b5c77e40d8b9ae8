import type { Db } from './db';

/**
 * PostgreSQL's own autovacuum thresholds (autovacuum_*_threshold and *_scale_factor defaults):
 * a table is vacuumed once its dead rows pass 50 + 20% of its rows, or its inserts since the
 * last vacuum pass 1000 + 20%, and analyzed once its changes since the last analyze pass 50 + 10%.
 */
const VACUUM_BASE = 50;
const VACUUM_SCALE = 0.2;
const INSERT_BASE = 1000;
const INSERT_SCALE = 0.2;
const ANALYZE_BASE = 50;
const ANALYZE_SCALE = 0.1;

type TableStats = { relname: string; live: unknown; dead: unknown; modified: unknown; inserted: unknown; reltuples: unknown };

export type HousekeepingRun = { vacuumed: string[]; analyzed: string[] };

/**
 * PGlite runs PostgreSQL in single-user mode, where autovacuum never runs: without this, every
 * updated row leaves a dead version behind for good and the planner never learns a table's size.
 * Measured after an 8-second burst of 30,000 webhooks, the statement that refreshes the report
 * for a batch's leads took 11–60 ms instead of 1–5 ms, and the idle webhook-to-desk time doubled.
 * This does autovacuum's job on the same thresholds, one table at a time so the event loop (which
 * also acknowledges webhooks) gets a turn between tables, and never while `busy()` says a spike
 * is being applied. PostgreSQL servers have their own autovacuum; this is for PGlite only.
 */
export class PgliteHousekeeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<HousekeepingRun> | null = null;

  private readonly busy: () => boolean;
  private readonly everyMs: number;
  private readonly quiet: () => Promise<void>;

  /**
   * `busy`: a spike is being applied (skip this run). `quiet`: resolves when nothing waits to be
   * applied, so a table's pause starts right after a batch, not between a webhook's insert and its
   * batch (where it slipped in and a lead waited for two tables). `everyMs`: how often it looks.
   */
  constructor(
    private readonly db: Db,
    opts: { busy?: () => boolean; quiet?: () => Promise<void>; everyMs?: number } = {},
  ) {
    this.busy = opts.busy ?? (() => false);
    this.quiet = opts.quiet ?? (() => Promise.resolve());
    this.everyMs = opts.everyMs ?? 15_000;
  }

  start(): void {
    if (this.db.dialect !== 'pglite') return;
    this.timer = setInterval(() => void this.runOnce().catch((err) => console.error('database housekeeping:', err)), this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Vacuums and analyzes the tables that passed their thresholds; returns which. */
  runOnce(): Promise<HousekeepingRun> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  private async run(): Promise<HousekeepingRun> {
    const out: HousekeepingRun = { vacuumed: [], analyzed: [] };
    if (this.db.dialect !== 'pglite' || this.busy()) return out;
    // The backend publishes its counters lazily; single-user mode would otherwise keep them to itself.
    await this.db.query('select pg_stat_force_next_flush()');
    const tables = await this.db.query<TableStats>(
      `select s.relname, s.n_live_tup as live, s.n_dead_tup as dead, s.n_mod_since_analyze as modified,
              s.n_ins_since_vacuum as inserted, c.reltuples
         from pg_stat_user_tables s join pg_class c on c.oid = s.relid
        where s.schemaname = 'public'`,
    );
    // Analyzing shares the one thread that acknowledges webhooks: a tenth of the default sample
    // is a tenth of the pause, and the hot path's lookups by key need row counts, not histograms.
    await this.db.query("select set_config('default_statistics_target', '10', false)");
    try {
      await this.tidy(tables, out);
    } finally {
      await this.db.query("select set_config('default_statistics_target', '100', false)");
    }
    return out;
  }

  private async tidy(tables: TableStats[], out: HousekeepingRun): Promise<void> {
    for (const t of tables) {
      // The counters start again at every restart; reltuples (kept in the catalog) says whether
      // the table was ever analyzed at all.
      const rows = Math.max(Number(t.live), Number(t.reltuples), 0);
      const vacuum = Number(t.dead) > VACUUM_BASE + VACUUM_SCALE * rows || Number(t.inserted) > INSERT_BASE + INSERT_SCALE * rows;
      const analyze = Number(t.modified) > ANALYZE_BASE + ANALYZE_SCALE * rows || Number(t.reltuples) < 0;
      if (!vacuum && !analyze) continue;
      // Table names come from the catalog, quoted all the same.
      const name = `"${t.relname.replace(/"/g, '""')}"`;
      // Vacuum and analyze apart: each holds the database, and two short pauses, each after the
      // applier's batch, hold a lead back less than one long one.
      for (const statement of vacuum ? [`vacuum ${name}`, `analyze ${name}`] : [`analyze ${name}`]) {
        await new Promise((r) => setImmediate(r));
        await this.quiet();
        if (this.busy()) return;
        await this.db.query(statement);
      }
      if (vacuum) out.vacuumed.push(t.relname);
      out.analyzed.push(t.relname);
    }
  }
}
