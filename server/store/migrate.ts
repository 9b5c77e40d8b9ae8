import type { Db } from './db';
import { MIGRATIONS, type Migration } from './migrations';

const LOCK_KEY = 724_001; // any constant: serialises migrations across server processes

export class MigrationMismatchError extends Error {}

/**
 * Applies the migrations this database lacks, all of them in one transaction under an advisory
 * lock: a failing migration leaves the schema as it was, never half-upgraded. A database whose
 * applied history is not a prefix of this build's list is refused, before anything is written.
 */
export async function migrate(db: Db, known: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return db.transaction(async (tx) => {
    // Taken before anything else, so two servers starting at once on one database take turns.
    await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.exec(`create table if not exists schema_migrations (
      id integer primary key, name text not null, applied_at timestamptz not null default now())`);
    const applied = (await tx.query<{ id: number }>('select id from schema_migrations order by id')).map((r) => r.id);
    applied.forEach((id, i) => {
      if (known[i]?.id !== id) {
        throw new MigrationMismatchError(
          `This database has migration ${id} where this build expects ${known[i]?.id ?? 'none'}: ` +
            'it was written by a different version of Rebound. Refusing to start.',
        );
      }
    });
    const todo = known.slice(applied.length);
    for (const m of todo) {
      await tx.exec(m.sql);
      await tx.query('insert into schema_migrations (id, name) values ($1, $2)', [m.id, m.name]);
    }
    return todo.map((m) => m.id);
  });
}
