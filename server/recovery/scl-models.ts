import { DEFAULT_MODEL, type SclModel } from '../../shared';
import type { Queryable } from '../store/db';

/** The network's model in use: the latest adopted refit, or the hand-set default before any. */
export async function currentModel(q: Queryable): Promise<SclModel> {
  const [row] = await q.query<{ version: number; bias: number; weights: Record<string, number> }>(
    'select version, bias, weights from scl_models where adopted order by version desc limit 1',
  );
  return row ? { version: row.version, bias: Number(row.bias), weights: row.weights } : DEFAULT_MODEL;
}
