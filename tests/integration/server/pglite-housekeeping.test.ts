import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import type { Db } from '../../../server/store/db';
import { openDb } from '../../../server/store/open-db';
import { PgliteHousekeeper } from '../../../server/store/pglite-housekeeping';
import { startTestServer } from '../../support/test-server';

/*
 * PGlite has no autovacuum: the housekeeper does its job. Applied webhooks are the server's
 * busiest churn (each is stored, then updated once applied), so they are what this churns.
 */
describe('PGlite housekeeping', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb({});
  });
  afterAll(async () => {
    await db.close();
  });
  // Each case starts from an empty, freshly housekept inbox.
  beforeEach(async () => {
    await db.query('truncate webhook_inbox');
    await new PgliteHousekeeper(db).runOnce();
  });

  async function churn(n: number): Promise<void> {
    await db.query(
      `insert into webhook_inbox (kind, call_sid, params, query, received_at)
       select 'status', 'CA' || g, '{}'::jsonb, '{}'::jsonb, now() from generate_series(1, $1::int) g`,
      [n],
    );
    await db.query('update webhook_inbox set processed_at = now() where processed_at is null');
  }

  async function stats(table: string) {
    await db.query('select pg_stat_force_next_flush()');
    const [s] = await db.query<{ dead: unknown; reltuples: unknown }>(
      'select s.n_dead_tup as dead, c.reltuples from pg_stat_user_tables s join pg_class c on c.oid = s.relid where s.relname = $1',
      [table],
    );
    return { dead: Number(s!.dead), reltuples: Number(s!.reltuples) };
  }

  it('reclaims the dead rows applied webhooks leave behind and tells the planner how big the table is', async () => {
    await churn(3000);
    expect((await stats('webhook_inbox')).dead).toBeGreaterThanOrEqual(3000);
    const run = await new PgliteHousekeeper(db).runOnce();
    expect(run.vacuumed).toContain('webhook_inbox');
    const after = await stats('webhook_inbox');
    expect(after.dead).toBe(0);
    expect(after.reltuples).toBe(3000);
    // Nothing passed a threshold since: a second run leaves every table alone.
    expect(await new PgliteHousekeeper(db).runOnce()).toEqual({ vacuumed: [], analyzed: [] });
  });

  it('waits while a spike is being applied, and does the work once it has passed', async () => {
    await churn(3000);
    let spiking = true;
    const keeper = new PgliteHousekeeper(db, { busy: () => spiking });
    expect(await keeper.runOnce()).toEqual({ vacuumed: [], analyzed: [] });
    expect((await stats('webhook_inbox')).dead).toBeGreaterThanOrEqual(3000);
    spiking = false;
    expect((await keeper.runOnce()).vacuumed).toContain('webhook_inbox');
  });

  it('holds the database for a table only in a gap between webhook batches, vacuum and analyze apart', async () => {
    await churn(3000);
    // The applier is busy until `gap` is called; the housekeeper must not vacuum before it.
    let gap!: () => void;
    let quietAsked = 0;
    const seen: string[] = [];
    const watched: Db = { ...db, query: (sql: string, params?: unknown[]) => (seen.push(sql), db.query(sql, params)) } as Db;
    const keeper = new PgliteHousekeeper(watched, {
      quiet: () => {
        quietAsked++;
        return new Promise<void>((r) => (gap = r));
      },
    });
    const run = keeper.runOnce();
    await expect.poll(() => quietAsked).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.filter((q) => /^(vacuum|analyze)/.test(q))).toEqual([]);
    gap();
    await expect.poll(() => quietAsked).toBe(2);
    expect(seen.filter((q) => /^(vacuum|analyze)/.test(q))).toEqual(['vacuum "webhook_inbox"']);
    gap();
    // Every later statement waits for a gap of its own; let them all through.
    const open = setInterval(() => gap(), 5);
    try {
      expect((await run).vacuumed).toContain('webhook_inbox');
    } finally {
      clearInterval(open);
    }
    expect(seen).toContain('analyze "webhook_inbox"');
    expect((await stats('webhook_inbox')).dead).toBe(0);
  });

  it('leaves a table alone while its changes are below PostgreSQL autovacuum thresholds', async () => {
    await churn(3000);
    await new PgliteHousekeeper(db).runOnce();
    await db.query("update webhook_inbox set error = 'x' where id in (select id from webhook_inbox order by id limit 40)");
    const run = await new PgliteHousekeeper(db).runOnce();
    expect(run.vacuumed).not.toContain('webhook_inbox');
    expect((await stats('webhook_inbox')).dead).toBeGreaterThanOrEqual(40);
  });
});

describe('PGlite housekeeping after a restart', () => {
  it('analyzes a table bulk-loaded before the restart, though the counters start again at zero', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'housekeeping-'));
    try {
      const first = await openDb({ dataDir: path.join(dir, 'pg') });
      await first.query(`insert into webhook_inbox (kind, call_sid, params, query, received_at, processed_at)
        select 'status', 'CA' || g, '{}'::jsonb, '{}'::jsonb, now(), now() from generate_series(1, 2000) g`);
      await first.close();
      const again = await openDb({ dataDir: path.join(dir, 'pg') });
      try {
        expect((await new PgliteHousekeeper(again).runOnce()).analyzed).toContain('webhook_inbox');
        const [r] = await again.query<{ reltuples: unknown }>("select reltuples from pg_class where relname = 'webhook_inbox'");
        expect(Number(r!.reltuples)).toBe(2000);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('PGlite housekeeping in the server', () => {
  it('analyzes tables that were never analyzed before it serves, so the first catch-up is planned on real row counts', async () => {
    const t = await startTestServer({ name: 'pglite' });
    try {
      // The demo seed filled these before the server started; nothing had analyzed them.
      const rows = await t.db.query<{ relname: string; reltuples: unknown }>("select relname, reltuples from pg_class where relname in ('users', 'accounts', 'tracking_numbers') order by relname");
      expect(rows.map((r) => r.relname)).toEqual(['accounts', 'tracking_numbers', 'users']);
      for (const r of rows) expect(Number(r.reltuples)).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  }, 60_000);

  it('runs as soon as a spike of webhooks has been applied, not minutes later', async () => {
    const t = await startTestServer({ name: 'pglite' });
    try {
      const before = new Date();
      // 150 callers hang up at once: far more arrivals per batch than a steady pace.
      await Promise.all(Array.from({ length: 150 }, (_, i) => t.carrier.abandon({ from: `+1312555${String(7000 + i)}`, to: DEMO_NUMBERS.northRadio, queueSeconds: 20 })));
      await t.server.drain();
      await expect
        .poll(async () => {
          const [r] = await t.db.query<{ at: Date | null }>("select greatest(last_vacuum, last_analyze) as at from pg_stat_user_tables where relname = 'webhook_inbox'");
          return r?.at ? new Date(r.at) >= before : false;
        }, { timeout: 10_000 })
        .toBe(true);
      const [leads] = await t.db.query<{ n: unknown }>("select count(*) as n from leads where phone like '+13125557%'");
      expect(Number(leads!.n)).toBe(150);
    } finally {
      await t.close();
    }
  }, 60_000);
});
