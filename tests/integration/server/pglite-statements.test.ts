// Kept (named) statements on PGlite: each distinct statement is parsed once and then only bound
// and run, with the same values in and rows out as PGlite's own query, errors that leave the
// database usable, a plan made for each run's values (a plan for any values made the webhook
// applier's lookup of open leads 13x slower), and a bounded number kept.
import { PGlite } from '@electric-sql/pglite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PgliteStatements } from '../../../server/store/pglite-prepared';

let pg: PGlite;
let statements: PgliteStatements;

beforeEach(async () => {
  pg = await PGlite.create('memory://');
  statements = new PgliteStatements(pg);
  await pg.exec(`create table t (id bigint primary key, name text, at timestamptz, tags text[], doc jsonb, n numeric)`);
});
afterEach(async () => {
  await pg.close();
});

const kept = async () =>
  (await pg.query<{ statement: string; generic_plans: number; custom_plans: number }>('select statement, generic_plans, custom_plans from pg_prepared_statements')).rows;

describe('kept statements on PGlite', () => {
  it('passes values and returns rows exactly as PGlite’s query does, the first time and after', async () => {
    const at = new Date('2026-12-05T10:00:00.123Z');
    const insert = 'insert into t (id, name, at, tags, doc, n) values ($1, $2, $3, $4, $5, $6) returning *';
    const args = (id: number) => [id, `Ann’s “name” ${id}`, at, ['a', 'b,c', null], { wanted: 'AC repair', nested: [1, 2] }, '12.50'];
    const ours = [];
    for (let id = 1; id <= 8; id++) ours.push((await statements.query<Record<string, unknown>>(insert, args(id))).rows[0]);
    const theirs = (await pg.query(insert, args(100))).rows[0] as Record<string, unknown>;
    expect(ours[0]).toEqual({ ...theirs, id: 1, name: 'Ann’s “name” 1' });
    expect(ours[7]).toEqual({ ...theirs, id: 8, name: 'Ann’s “name” 8' });
    expect(ours[7]!['at']).toBeInstanceOf(Date);
    const nulls = await statements.query<{ x: unknown }>('select $1::text as x', [null]);
    expect(nulls.rows).toEqual([{ x: null }]);
    expect(nulls.fields.map((f) => f.name)).toEqual(['x']);
    expect((await statements.query('update t set name = $1 where id < 0', ['nobody'])).affectedRows).toBe(0);
  });

  it('keeps each distinct statement once, and no more than a bounded number', async () => {
    for (let i = 0; i < 3; i++) await statements.query('select id from t where id = $1', [i]);
    expect((await kept()).filter((k) => k.statement === 'select id from t where id = $1')).toHaveLength(1);
    for (let i = 0; i < 300; i++) await statements.query(`select ${i} as n from t where id = $1`, [i]);
    const count = (await kept()).length;
    expect(count).toBeLessThanOrEqual(256);
    expect(count).toBeGreaterThan(200);
    // The least recently used went first: the newest is still there.
    expect((await kept()).some((k) => k.statement === 'select 299 as n from t where id = $1')).toBe(true);
  });

  it('plans every run for its values: never a plan for any values, however often a statement runs', async () => {
    await pg.query('insert into t (id, name) select g, g::text from generate_series(1, 1000) g');
    const sql = 'select name from t where id = $1';
    for (let i = 0; i < 40; i++) expect((await statements.query(sql, [i + 1])).rows).toEqual([{ name: String(i + 1) }]);
    const [k] = (await kept()).filter((x) => x.statement === sql);
    expect(k).toBeDefined();
    expect(Number(k!.generic_plans)).toBe(0);
  });

  it('leaves the database usable after an error, in a transaction and outside one, with the error’s code', async () => {
    const insert = 'insert into t (id, name) values ($1, $2)';
    await statements.query(insert, [1, 'first']);
    await expect(statements.query(insert, [1, 'again'])).rejects.toMatchObject({ code: '23505', query: insert });
    await statements.query(insert, [2, 'second']);
    await pg.transaction(async () => {
      await statements.query('savepoint s');
      await expect(statements.query(insert, [2, 'again'])).rejects.toMatchObject({ code: '23505' });
      await statements.query('rollback to savepoint s');
      await statements.query(insert, [3, 'third']);
    });
    await expect(statements.query('select nonsense from t')).rejects.toMatchObject({ code: '42703' });
    expect((await statements.query<{ id: number }>('select id from t order by id')).rows.map((r) => Number(r.id))).toEqual([1, 2, 3]);
  });

  it('follows a table that changed shape, whether the change came by script or by statement', async () => {
    const sql = 'select * from t where id = $1';
    await statements.query('insert into t (id, name) values ($1, $2)', [1, 'one']);
    expect(Object.keys((await statements.query(sql, [1])).rows[0]!)).not.toContain('extra');
    await pg.exec('alter table t add column extra text');
    await statements.forget();
    expect(Object.keys((await statements.query(sql, [1])).rows[0]!)).toContain('extra');
    await statements.query('alter table t add column more text');
    expect(Object.keys((await statements.query(sql, [1])).rows[0]!)).toContain('more');
    // Changed behind its back: the first run fails as PostgreSQL says, and the next is parsed afresh.
    await pg.query('alter table t add column last text');
    await expect(statements.query(sql, [1])).rejects.toMatchObject({ code: '0A000' });
    expect(Object.keys((await statements.query(sql, [1])).rows[0]!)).toContain('last');
  });
});
