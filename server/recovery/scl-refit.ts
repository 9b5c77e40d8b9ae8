import { DEFAULT_MODEL, DEFAULT_SCL_THRESHOLD, fitLogistic, isHeldOut, judgeRefit, type Feature, type LabelledCall, type Quality } from '../../shared';
import type { Queryable } from '../store/db';
import { currentModel } from './scl-models';

/** Fewer labelled calls than this teach noise, not patterns: the refit waits for more. */
export const MIN_TRAIN_CALLS = 40;
export const MIN_HELDOUT_CALLS = 10;

/**
 * CSRs' outcomes as labels. Booked after follow-up (Resolved, or a job booked from the lead)
 * and "Lead – not following up" were real opportunities; "Reviewed – not a lead" was not.
 * Leads still being worked carry no label yet.
 */
export const LABEL_SQL = `case when exists (select 1 from jobs j where j.lead_id = l.id) then 1
                               when l.status in ('resolved', 'lead_not_following_up') then 1
                               when l.status = 'reviewed_not_a_lead' then 0 end`;

export async function labelledCalls(q: Queryable): Promise<LabelledCall[]> {
  const rows = await q.query<{ call_sid: string; features: Feature[]; label: number | null }>(
    `select s.call_sid, s.features, ${LABEL_SQL} as label
       from call_scores s join leads l on l.id = s.lead_id`,
  );
  return rows.filter((r) => r.label !== null).map((r) => ({ key: r.call_sid, features: r.features, label: r.label === 1 ? 1 : 0 }));
}

export type RefitOutcome =
  | { ran: false; why: string }
  | { ran: true; version: number; adopted: boolean; trainCalls: number; heldOutCalls: number; current: Quality; candidate: Quality };

/**
 * Refits the network's model from every labelled call, holding out one call in four (chosen by
 * its SID, so never trained on by any refit) to compare the candidate with the model in use.
 * The candidate is adopted only when it flags the held-out calls better (higher F1 at the
 * default threshold); either way the refit and its figures are kept for the settings screen.
 */
export async function refitSclModel(q: Queryable, now: Date): Promise<RefitOutcome> {
  const labelled = await labelledCalls(q);
  const train = labelled.filter((c) => !isHeldOut(c.key));
  const heldOut = labelled.filter((c) => isHeldOut(c.key));
  if (train.length < MIN_TRAIN_CALLS || heldOut.length < MIN_HELDOUT_CALLS) {
    return { ran: false, why: `${labelled.length} labelled calls so far; a refit needs ${MIN_TRAIN_CALLS + MIN_HELDOUT_CALLS} or so.` };
  }
  const model = await currentModel(q);
  const [last] = await q.query<{ v: number | null }>('select max(version) as v from scl_models');
  const version = Math.max(last?.v ?? 0, DEFAULT_MODEL.version) + 1;
  const candidate = fitLogistic(DEFAULT_MODEL, train, version);
  const { adopted, current, candidate: next } = judgeRefit(model, candidate, heldOut, DEFAULT_SCL_THRESHOLD);
  await q.query(
    `insert into scl_models (version, bias, weights, created_at, adopted, train_calls, heldout_calls, heldout_current, heldout_new)
     values ($1, $2, $3::jsonb, $4, $5, $6, $7, $8::jsonb, $9::jsonb)`,
    [version, candidate.bias, JSON.stringify(candidate.weights), now, adopted, train.length, heldOut.length, JSON.stringify({ ...current, version: model.version }), JSON.stringify(next)],
  );
  return { ran: true, version, adopted, trainCalls: train.length, heldOutCalls: heldOut.length, current, candidate: next };
}
