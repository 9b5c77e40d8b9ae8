import { DEFAULT_SCL_THRESHOLD, deriveCallType, extractFeatures, plural, reasonLine, scoreFeatures } from '../../shared';
import type { Queryable } from '../store/db';
import { defineProcedure } from '../store/procedure';
import type { CallRow } from './calls-repo';
import { createLeadFromCall } from './create-lead';
import { gatherFacts } from './scl-facts';
import { currentModel } from './scl-models';

/** Classifications that keep a call out of Second Chance Leads. */
const NOT_CANDIDATES = new Set(['booked', 'not_a_lead', 'excused']);

/**
 * Reviews answered, unbooked calls once the agent's After Call Work Time has passed: each is
 * scored from what was said and the call's facts, and flagged as a Second Chance Lead when the
 * score reaches the account's threshold. Every reviewed call keeps its score and reasons
 * (call_scores), flagged or not, so a supervisor can check what was left out and CSRs'
 * outcomes can teach the model. Each call is looked at once: a call whose window passed while
 * SCL was off for the account is marked checked and stays out.
 */
export async function sweepSecondChance(q: Queryable, now: Date, limit = 500): Promise<string[]> {
  return (await reviewDueCalls(q, now, limit, Infinity)).created;
}

/**
 * The server's sweep: one transaction run whole where the database runs (store/procedure.ts),
 * reviewing due calls for about `budgetMs` at most. A sweep of many calls as one transaction,
 * statement by statement, held the embedded database for 50 ms and more, and every webhook
 * waited to be stored behind it (bench/voice-agent.bench.ts); the server repeats it while a
 * whole chunk was reviewed.
 */
export const secondChanceSweep = defineProcedure(import.meta.url, 'secondChanceSweep', (tx: Queryable, a: { now: Date; limit: number; budgetMs: number }) =>
  reviewDueCalls(tx, a.now, a.limit, a.budgetMs),
);

/** Reviews up to `limit` due calls, stopping early once `budgetMs` have passed (the rest stay due). */
async function reviewDueCalls(q: Queryable, now: Date, limit: number, budgetMs: number): Promise<{ reviewed: number; more: boolean; created: string[] }> {
  const started = performance.now();
  const due = await q.query<CallRow & { scl_enabled: boolean | null; acw_minutes: number | null; scl_threshold: number | null; time_zone: string | null }>(
    `select c.*, s.scl_enabled, s.acw_minutes, s.scl_threshold, a.time_zone from calls c
       left join account_settings s on s.account_id = c.account_id
       left join accounts a on a.id = c.account_id
      where c.answered and not c.scl_checked and c.direction = 'inbound' and c.ended_at is not null
        and c.ended_at + make_interval(mins => coalesce(s.acw_minutes, 5)) <= $1
      order by c.ended_at limit $2
      for update of c skip locked`,
    [now, limit],
  );
  const created: string[] = [];
  const model = due.length ? await currentModel(q) : null;
  let reviewed = 0;
  for (const call of due) {
    if (reviewed > 0 && performance.now() - started > budgetMs) break;
    reviewed++;
    await q.query('update calls set scl_checked = true where call_sid = $1', [call.call_sid]);
    if (!call.scl_enabled || !call.account_id || !call.customer_e164 || !model) continue;
    if (call.classification && NOT_CANDIDATES.has(call.classification)) continue;
    const scoped = { ...call, account_id: call.account_id, customer_e164: call.customer_e164 };
    const features = extractFeatures(await gatherFacts(q, scoped, call.time_zone ?? 'UTC'));
    const score = scoreFeatures(model, features);
    const threshold = call.scl_threshold ?? DEFAULT_SCL_THRESHOLD;
    const flagged = score.score >= threshold;
    const talk = call.talk_seconds ?? 0;
    const leadId = flagged
      ? await createLeadFromCall(
          q,
          scoped,
          {
            kind: 'second_chance',
            endedAt: call.ended_at!,
            durationSeconds: talk,
            callType: deriveCallType({ answered: true, durationSeconds: talk, booked: false }),
            reason: call.reason,
            agentId: call.agent_id,
            notes: call.notes ?? '',
            score,
            why:
              (call.classification
                ? 'The agent marked the call not booked.'
                : `The call was not classified within ${plural(call.acw_minutes ?? 5, 'minute', 'minutes')} of after-call work.`) +
              ` Scored ${score.score} (flagged at ${threshold} or more): ${reasonLine(score, true)}.`,
          },
          now,
        )
      : null;
    await q.query(
      `insert into call_scores (call_sid, account_id, scored_at, score, threshold, flagged, reasons, features, model_version, lead_id)
       values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10) on conflict (call_sid) do nothing`,
      [call.call_sid, call.account_id, now, score.score, threshold, flagged, JSON.stringify(score.reasons), JSON.stringify(features), score.modelVersion, leadId],
    );
    if (leadId) created.push(leadId);
  }
  return { reviewed, more: reviewed < due.length || due.length === limit, created };
}
