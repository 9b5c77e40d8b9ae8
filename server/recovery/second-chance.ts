import { randomUUID } from 'node:crypto';
import { deriveCallType } from '../../shared';
import type { Queryable } from '../store/db';
import { recordChange } from '../sync/change-log';
import { SYSTEM } from './actors';
import { audit } from './audit';
import type { CallRow } from './calls-repo';

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
    const id = randomUUID();
    const talk = call.talk_seconds ?? 0;
    const callType = deriveCallType({ answered: true, durationSeconds: talk, booked: false });
    await q.query(
      `insert into leads (id, kind, account_id, phone, customer_name, queue_id, campaign_id, status,
                          first_ended_at, ended_at, duration_seconds, attempts, call_type, reason, agent_id,
                          notes, created_at, updated_at)
       values ($1, 'second_chance', $2, $3, $4, $5, $6, 'new', $7, $7, $8, 1, $9, $10, $11, $12, $13, $13)`,
      [
        id, call.account_id, call.customer_e164, call.caller_name, call.queue_id, call.campaign_id,
        call.ended_at, talk, callType, call.reason, call.agent_id, call.notes ?? '', now,
      ],
    );
    await q.query('insert into lead_calls (lead_id, call_sid) values ($1, $2)', [id, call.call_sid]);
    await audit(q, {
      leadId: id,
      at: now,
      actor: SYSTEM,
      action: 'created',
      to: 'new',
      why: call.classification
        ? 'The agent marked the call not booked.'
        : `The call was not classified within ${call.acw_minutes ?? 5} minutes of after-call work.`,
    });
    await recordChange(
      q,
      { leadId: id, accountId: call.account_id, kind: 'second_chance', created: true, customer: call.caller_name ?? call.customer_e164 },
      now,
    );
    created.push(id);
  }
  return created;
}
