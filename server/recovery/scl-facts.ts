import { DateTime } from 'luxon';
import type { CallFacts, UnbookedReason } from '../../shared';
import { num, type Queryable } from '../store/db';
import type { CallRow } from './calls-repo';

/** A customer who calls again within this many days is a repeat caller, not yet an existing customer. */
const REPEAT_DAYS = 7;

/**
 * Gathers what the scorer reads about one answered call: both sides' transcribed turns, and
 * from the call records whether the customer is known, how often they called this week, the
 * campaign and the hour in the account's time zone.
 */
export async function gatherFacts(q: Queryable, call: CallRow & { account_id: string; customer_e164: string }, timeZone: string): Promise<CallFacts> {
  const turns = await q.query<{ speaker: string; text: string }>(
    'select speaker, text from call_transcripts where call_sid = $1 order by spoken_at, id',
    [call.call_sid],
  );
  const started = call.started_at ? new Date(call.started_at) : new Date(call.ended_at!);
  const weekBefore = new Date(started.getTime() - REPEAT_DAYS * 86_400_000);
  const [history] = await q.query<{ repeat: unknown; earlier: unknown; jobs: unknown }>(
    `select
       (select count(*) from calls where account_id = $1 and customer_e164 = $2 and call_sid <> $3
           and direction = 'inbound' and started_at >= $5 and started_at < $4) as repeat,
       (select count(*) from calls where account_id = $1 and customer_e164 = $2 and call_sid <> $3 and started_at < $5) as earlier,
       (select count(*) from jobs j join leads l on l.id = j.lead_id where l.account_id = $1 and l.phone = $2) as jobs`,
    [call.account_id, call.customer_e164, call.call_sid, started, weekBefore],
  );
  const [campaign] = call.campaign_id ? await q.query<{ id: string; name: string }>('select id, name from campaigns where id = $1', [call.campaign_id]) : [];
  const local = DateTime.fromJSDate(started).setZone(timeZone);
  return {
    customerTurns: turns.filter((t) => t.speaker === 'customer').map((t) => t.text),
    agentTurns: turns.filter((t) => t.speaker === 'agent').map((t) => t.text),
    talkSeconds: call.talk_seconds ?? 0,
    classification: call.classification === 'not_booked' ? 'not_booked' : null,
    reason: (call.reason as UnbookedReason | null) ?? null,
    existingCustomer: num(history?.earlier) + num(history?.jobs) > 0,
    repeatCalls: num(history?.repeat),
    campaign: campaign ?? null,
    localHour: local.isValid ? local.hour : null,
  };
}
