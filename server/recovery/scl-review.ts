import { ApiError, deriveCallType, type LeftOutCall, type ScoreReason, type SclQuality } from '../../shared';
import type { Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import { num } from '../store/db';
import { transact } from '../store/retry';
import { lockCall } from './calls-repo';
import { createLeadFromCall } from './create-lead';
import { currentModel } from './scl-models';
import { LABEL_SQL } from './scl-refit';

/*
 * Reviewing the Second Chance Leads flagging. Who may ask is the route map's to say
 * (shared/api/server-routes.ts: sclQuality, sclLeftOut, flagLeftOutCall), checked before these run;
 * here each answer keeps to the caller's accounts.
 */

const DAY = 86_400_000;
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/**
 * Precision and recall of the flagging per account over the last 30 days, from CSRs' outcomes:
 * precision among flagged leads with an outcome; recall among the real opportunities known,
 * flagged ones and left-out calls someone flagged by hand that turned out real. Plus each refit.
 */
export async function sclQuality(ctx: ServerContext, p: Principal): Promise<SclQuality> {
  const since = new Date(ctx.clock().getTime() - 30 * DAY);
  const rows = await ctx.db.query<{ account_id: string; name: string; threshold: number; reviewed: unknown; flagged: unknown; labelled: unknown; tp: unknown; fp: unknown; fn: unknown }>(
    `select a.id as account_id, a.name, st.scl_threshold as threshold,
            count(s.call_sid) as reviewed,
            count(s.call_sid) filter (where s.flagged) as flagged,
            count(s.call_sid) filter (where o.label is not null) as labelled,
            count(s.call_sid) filter (where s.flagged and o.label = 1) as tp,
            count(s.call_sid) filter (where s.flagged and o.label = 0) as fp,
            count(s.call_sid) filter (where not s.flagged and o.label = 1) as fn
       from accounts a join account_settings st on st.account_id = a.id
       left join call_scores s on s.account_id = a.id and s.scored_at >= $2
       left join lateral (select ${LABEL_SQL} as label from leads l where l.id = s.lead_id) o on true
      where a.id = any($1::text[])
      group by a.id, a.name, st.scl_threshold order by a.name`,
    [p.accounts.map((a) => a.id), since],
  );
  const refits = await ctx.db.query<{ version: number; created_at: Date; adopted: boolean; train_calls: number; heldout_calls: number; heldout_current: SclQuality['refits'][number]['before']; heldout_new: SclQuality['refits'][number]['after'] }>(
    'select version, created_at, adopted, train_calls, heldout_calls, heldout_current, heldout_new from scl_models order by version desc limit 12',
  );
  return {
    modelVersion: (await currentModel(ctx.db)).version,
    accounts: rows.map((r) => ({
      accountId: r.account_id,
      accountName: r.name,
      threshold: r.threshold,
      reviewed: num(r.reviewed),
      flagged: num(r.flagged),
      labelled: num(r.labelled),
      precision: ratio(num(r.tp), num(r.tp) + num(r.fp)),
      recall: ratio(num(r.tp), num(r.tp) + num(r.fn)),
    })),
    refits: refits.map((r) => ({
      version: r.version, at: new Date(r.created_at).toISOString(), adopted: r.adopted, trainCalls: r.train_calls, heldOutCalls: r.heldout_calls,
      before: r.heldout_current, after: r.heldout_new,
    })),
  };
}

/**
 * Calls reviewed and left out in the last 30 days, newest call first (the list shows when each
 * call ended; calls scored together, as a history is, came in no order by scoring time), with the
 * reasons they scored low.
 */
export async function leftOutCalls(ctx: ServerContext, p: Principal, limit = 100): Promise<LeftOutCall[]> {
  const rows = await ctx.db.query<{ call_sid: string; account_id: string; account_name: string; customer: string; ended_at: Date; talk_seconds: number | null; agent_name: string | null; score: number; threshold: number; reasons: ScoreReason[]; model_version: number }>(
    `select s.call_sid, s.account_id, a.name as account_name, coalesce(c.caller_name, c.customer_e164, 'Unknown caller') as customer,
            c.ended_at, c.talk_seconds, u.name as agent_name, s.score, s.threshold, s.reasons, s.model_version
       from call_scores s join calls c on c.call_sid = s.call_sid join accounts a on a.id = s.account_id
       left join users u on u.id = c.agent_id
      where s.account_id = any($1::text[]) and not s.flagged and s.lead_id is null and s.scored_at >= $2
      order by c.ended_at desc nulls last, s.scored_at desc limit $3`,
    [p.accounts.map((a) => a.id), new Date(ctx.clock().getTime() - 30 * DAY), limit],
  );
  return rows.map((r) => ({
    callSid: r.call_sid, accountId: r.account_id, accountName: r.account_name, customer: r.customer, endedAt: new Date(r.ended_at).toISOString(),
    talkSeconds: r.talk_seconds ?? 0, agentName: r.agent_name, score: r.score, threshold: r.threshold, reasons: r.reasons, modelVersion: r.model_version,
  }));
}

/**
 * Someone who works Second Chance Leads flags a left-out call after all. The call stays
 * recorded as not flagged by the model (so recall counts it when it proves real), and its lead
 * carries the model's score and reasons like any other.
 */
export async function flagLeftOutCall(ctx: ServerContext, p: Principal, callSid: string): Promise<{ ok: true }> {
  return transact(ctx.db, async (tx) => {
    const [s] = await tx.query<{ account_id: string; score: number; reasons: ScoreReason[]; model_version: number; lead_id: string | null; flagged: boolean }>(
      'select account_id, score, reasons, model_version, lead_id, flagged from call_scores where call_sid = $1 for update',
      [callSid],
    );
    if (!s || !p.accounts.some((a) => a.id === s.account_id)) throw new ApiError('not_found', 'No such reviewed call in your accounts.');
    if (s.flagged || s.lead_id) throw new ApiError('conflict', 'This call is already a Second Chance Lead.');
    const call = await lockCall(tx, callSid);
    if (!call?.customer_e164) throw new ApiError('conflict', 'This call has no customer number to call back.');
    const talk = call.talk_seconds ?? 0;
    const leadId = await createLeadFromCall(
      tx,
      { ...call, account_id: s.account_id, customer_e164: call.customer_e164 },
      {
        kind: 'second_chance', endedAt: call.ended_at ?? ctx.clock(), durationSeconds: talk,
        callType: deriveCallType({ answered: true, durationSeconds: talk, booked: false }), reason: call.reason, agentId: call.agent_id,
        notes: call.notes ?? '', score: { score: s.score, reasons: s.reasons, modelVersion: s.model_version },
        why: `${p.userName} flagged it from the calls left out (it scored ${s.score}).`,
      },
      ctx.clock(),
    );
    await tx.query('update call_scores set lead_id = $2 where call_sid = $1', [callSid, leadId]);
    return { ok: true as const };
  });
}
