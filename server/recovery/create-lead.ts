import { randomUUID } from 'node:crypto';
import type { CallScore, FollowUpKind } from '../../shared';
import type { Queryable } from '../store/db';
import { recordChange } from '../changes/change-log';
import { SYSTEM } from './actors';
import { audit } from './audit';
import type { CallRow } from './calls-repo';

/**
 * A new lead made by the recovery engine from one call: the row, its link to the call, the
 * "created" history entry and the change record, all in the caller's transaction.
 */
export async function createLeadFromCall(
  q: Queryable,
  call: CallRow & { account_id: string; customer_e164: string },
  lead: {
    kind: FollowUpKind;
    endedAt: Date;
    durationSeconds: number;
    callType?: string | null;
    reason?: string | null;
    agentId?: string | null;
    notes?: string;
    /** Second Chance Leads: the score that flagged the call, its reasons and the model's version. */
    score?: CallScore;
    why: string;
    /** false: desks get the row but no "new lead" alert (a lead born resolved, e.g. booked by the Voice Agent). */
    announce?: boolean;
  },
  now: Date,
): Promise<string> {
  const id = randomUUID();
  await q.query(
    `insert into leads (id, kind, account_id, phone, customer_name, queue_id, campaign_id, status,
                        first_ended_at, ended_at, duration_seconds, attempts, call_type, reason, agent_id,
                        notes, created_at, updated_at, score, score_reasons, model_version)
     values ($1, $2, $3, $4, $5, $6, $7, 'new', $8, $8, $9, 1, $10, $11, $12, $13, $14, $14, $15, $16::jsonb, $17)`,
    [
      id, lead.kind, call.account_id, call.customer_e164, call.caller_name, call.queue_id, call.campaign_id,
      lead.endedAt, lead.durationSeconds, lead.callType ?? null, lead.reason ?? null, lead.agentId ?? null, lead.notes ?? '', now,
      lead.score?.score ?? null, lead.score ? JSON.stringify(lead.score.reasons) : null, lead.score?.modelVersion ?? null,
    ],
  );
  await q.query('insert into lead_calls (lead_id, call_sid) values ($1, $2)', [id, call.call_sid]);
  await q.query('update calls set followup_lead_id = $2, lead_origin = true where call_sid = $1', [call.call_sid, id]);
  await audit(q, { leadId: id, at: now, actor: SYSTEM, action: 'created', to: 'new', why: lead.why });
  await recordChange(q, { leadId: id, accountId: call.account_id, kind: lead.kind, created: lead.announce ?? true, customer: call.caller_name ?? call.customer_e164 }, now);
  return id;
}
