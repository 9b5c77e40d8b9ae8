import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../server/store/db';
import { migrate, MigrationMismatchError } from '../../../server/store/migrate';
import { MIGRATIONS } from '../../../server/store/migrations';
import { openDb } from '../../../server/store/open-db';
import { openPgliteDb } from '../../../server/store/pglite-db';
import { openPostgresDb } from '../../../server/store/postgres-db';
import { BACKENDS, createScratchDatabase } from '../../support/backends';

/*
 * A database written by another build of Rebound (a migration this build does not know, or one
 * it knows under another number) is refused at start, and nothing is written to it: running on
 * a schema one cannot read would corrupt it quietly.
 */
describe.each(BACKENDS)('server migrations on $name', (backend) => {
  let db: Db | null = null;
  let drop: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await db?.close();
    await drop?.();
    db = null;
    drop = null;
  });

  async function fresh(): Promise<Db> {
    const scratch = backend.url ? await createScratchDatabase(backend.url) : null;
    drop = scratch?.drop ?? null;
    db = await openDb({ databaseUrl: scratch?.url });
    return db;
  }

  /** A database with none of the migrations applied yet. */
  async function empty(): Promise<Db> {
    const scratch = backend.url ? await createScratchDatabase(backend.url) : null;
    drop = scratch?.drop ?? null;
    db = scratch ? await openPostgresDb(scratch.url) : await openPgliteDb(undefined);
    return db;
  }

  const history = async (d: Db) => (await d.query<{ id: number }>('select id from schema_migrations order by id')).map((r) => r.id);

  it('applies nothing twice: a database at this build is left as it is', async () => {
    const d = await fresh();
    expect(await history(d)).toEqual(MIGRATIONS.map((m) => m.id));
    expect(await migrate(d)).toEqual([]);
  });

  it('310: a call whose caller hung up on the Voice Agent before it booked becomes an abandoned report call, named for the Voice Agent', async () => {
    const d = await empty();
    const at = MIGRATIONS.findIndex((m) => m.id === 310);
    await migrate(d, MIGRATIONS.slice(0, at));
    await d.query("insert into accounts (id, name) values ('acc-1', 'One')");
    // How each reached the agent: after the wait ('leave') or at once ('voice-agent'); how it ended.
    const calls = [
      ['CA-hung-up', 'leave', false, null, 'hung_up'],
      ['CA-failed', 'voice-agent', false, null, 'failed'],
      ['CA-booked', 'voice-agent', true, 'voice-agent', 'booked'],
      ['CA-kept', 'leave', false, null, 'kept'],
      ['CA-handed-off', 'hangup', false, null, 'handed_off'],
    ] as const;
    for (const [sid, result, answered, agent, outcome] of calls) {
      await d.query(
        `insert into calls (call_sid, account_id, direction, customer_e164, queue_id, started_at, ended_at, queue_result, answered, agent_id, classification)
         values ($1, 'acc-1', 'inbound', '+13125550100', 'q-1', now(), now(), $2, $3, $4, $5)`,
        [sid, result, answered, agent, answered ? 'booked' : null],
      );
      await d.query(
        "insert into voice_agent_sessions (call_sid, account_id, queue_id, reason, status, outcome, created_at) values ($1, 'acc-1', 'q-1', 'wait', 'ended', $2, now())",
        [sid, outcome],
      );
    }
    expect(await migrate(d)).toEqual(MIGRATIONS.slice(at).map((m) => m.id));
    const rows = await d.query<{ call_sid: string; report_type: string | null; agent_id: string | null }>('select call_sid, report_type, agent_id from calls order by call_sid');
    expect(rows).toEqual([
      { call_sid: 'CA-booked', report_type: null, agent_id: 'voice-agent' },
      { call_sid: 'CA-failed', report_type: 'abandoned', agent_id: 'voice-agent' },
      // Handed back to a person and hung up waiting: an ordinary abandoned call, nobody took it.
      { call_sid: 'CA-handed-off', report_type: 'abandoned', agent_id: null },
      { call_sid: 'CA-hung-up', report_type: 'abandoned', agent_id: 'voice-agent' },
      { call_sid: 'CA-kept', report_type: null, agent_id: null },
    ]);
  });

  it('refuses a database with a migration this build has never heard of (a newer build wrote it)', async () => {
    const d = await fresh();
    const newer = [...MIGRATIONS, { id: 999_999, name: 'from the future', sql: 'create table from_the_future (x int)' }];
    await migrate(d, newer);
    await expect(migrate(d)).rejects.toThrow(MigrationMismatchError);
    await expect(migrate(d)).rejects.toThrow(/migration 999999 where this build expects none.*Refusing to start/);
  });

  it('refuses a history that differs from this build’s in the middle, and writes nothing', async () => {
    const d = await fresh();
    const last = MIGRATIONS.at(-1)!;
    // The same length of history, but the last step is one this build does not have.
    await d.query('update schema_migrations set id = $1 where id = $2', [last.id + 1, last.id]);
    const before = await history(d);
    const extra = { id: last.id + 2, name: 'would be applied next', sql: 'create table must_not_exist (x int)' };
    await expect(migrate(d, [...MIGRATIONS, extra])).rejects.toThrow(new RegExp(`migration ${last.id + 1} where this build expects ${last.id}`));
    expect(await history(d)).toEqual(before);
    const [exists] = await d.query<{ t: string | null }>("select to_regclass('must_not_exist')::text as t");
    expect(exists!.t).toBeNull();
  });
});
