import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../server/store/db';
import { migrate, MigrationMismatchError } from '../../../server/store/migrate';
import { MIGRATIONS } from '../../../server/store/migrations';
import { openDb } from '../../../server/store/open-db';
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

  const history = async (d: Db) => (await d.query<{ id: number }>('select id from schema_migrations order by id')).map((r) => r.id);

  it('applies nothing twice: a database at this build is left as it is', async () => {
    const d = await fresh();
    expect(await history(d)).toEqual(MIGRATIONS.map((m) => m.id));
    expect(await migrate(d)).toEqual([]);
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
