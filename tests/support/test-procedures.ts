// Procedures for the database tests: loaded by PGlite's worker thread by this module's URL.
import { defineProcedure } from '../../server/store/procedure';

/** Inserts each id in turn and returns how many rows the table then holds, with the time it was given. */
export const insertAll = defineProcedure(import.meta.url, 'insertAll', async (tx, a: { ids: number[]; at: Date }) => {
  for (const id of a.ids) await tx.query('insert into t values ($1)', [id]);
  const [r] = await tx.query<{ n: number }>('select count(*)::int as n from t');
  return { n: r!.n, at: a.at };
});
