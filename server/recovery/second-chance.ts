import { deriveCallType } from '../../shared';
import type { Queryable } from '../store/db';
import type { CallRow } from './calls-repo';
import { createLeadFromCall } from './create-lead';

/** Classifications that keep a call out of Second Chance Leads. */
const NOT_CANDIDATES = new Set(['booked', 'not_a_lead', 'excused']);

/**
 * Flags answered, unbooked calls as Second Chance Leads once the agent's After Call Work Time
 * has passed. Each call is looked at once: a call whose window passed while SCL was off for
 * the account is marked checked and stays out, so turning SCL on applies from the next call on.
 */
export async function sweepSecondChance(q: Queryable, now: Date, limit = 500): Promise<string[]> {
  const due = await q.query<CallRow & { scl_enabled: boolean | null; acw_minutes: number | null }>(
    `select c.*, s.scl_enabled, s.acw_minutes from calls c
       left join account_settings s on s.account_id = c.account_id
      where c.answered and not c.scl_checked and c.direction = 'inbound' and c.ended_at is not null
        and c.ended_at + make_interval(mins => coalesce(s.acw_minutes, 5)) <= $1
      order by c.ended_at limit $2
      for update of c skip locked`,
    [now, limit],
  );
  const created: string[] = [];
  for (const call of due) {
    await q.query('update calls set scl_checked = true where call_sid = $1', [call.call_sid]);
    if (!call.scl_enabled || !call.account_id || !call.customer_e164) continue;
    if (call.classification && NOT_CANDIDATES.has(call.classification)) continue;
    const talk = call.talk_seconds ?? 0;
    const id = await createLeadFromCall(
      q,
      { ...call, account_id: call.account_id, customer_e164: call.customer_e164 },
      {
        kind: 'second_chance',
        endedAt: call.ended_at!,
        durationSeconds: talk,
        callType: deriveCallType({ answered: true, durationSeconds: talk, booked: false }),
        reason: call.reason,
        agentId: call.agent_id,
        notes: call.notes ?? '',
        why: call.classification
          ? 'The agent marked the call not booked.'
          : `The call was not classified within ${call.acw_minutes ?? 5} minutes of after-call work.`,
      },
      now,
    );
    created.push(id);
  }
  return created;
}
