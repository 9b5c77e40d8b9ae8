import type { VoiceEvent } from '../../shared';
import type { Principal } from '../auth/principal';
import type { Queryable } from '../store/db';
import type { VoiceNotice } from '../changes/voice-notices';

/*
 * Callers waiting in a queue: who is offered them, and who may take one. One place for both,
 * so the live offer, the offer to a desk that connects later and the two ways of taking a
 * caller (Twilio's <Dial><Queue>, the simulated phone) always agree.
 */

/** A direct-dial number's callers wait in a queue of their own employee's, which only that person is offered. */
export const DIRECT_QUEUE_PREFIX = 'direct:';
export const directQueueOwner = (queueId: string | null) => (queueId?.startsWith(DIRECT_QUEUE_PREFIX) ? queueId.slice(DIRECT_QUEUE_PREFIX.length) : null);

export type WaitingCall = {
  call_sid: string;
  account_id: string;
  queue_id: string;
  queue_name: string | null;
  customer_e164: string | null;
  caller_name: string | null;
  started_at: Date | null;
  /** Set for a caller the Voice Agent handed back: why, and the transcript so far. */
  handoff_reason?: string | null;
  /** What the agent gathered before handing back (its hand-off summary). */
  handoff_summary?: string | null;
  notes?: string | null;
  /** Offered first to the agent who left this caller a voicemail, until reserved_until. */
  reserved_for?: string | null;
  reserved_until?: Date | string | null;
};

/** Until when a caller is offered only to the agent who left them a voicemail; null when offered to everyone now. */
export function reservedUntil(c: Pick<WaitingCall, 'reserved_for' | 'reserved_until'>, now: Date): Date | null {
  if (!c.reserved_for || !c.reserved_until) return null;
  const until = new Date(c.reserved_until);
  return until > now ? until : null;
}

/** The offer of one waiting caller, and who hears it: the account's desks, or the one employee dialled. */
export function offerOf(c: WaitingCall, now: Date): VoiceNotice {
  const owner = directQueueOwner(c.queue_id);
  return {
    audience: owner ? { userId: owner } : { accountId: c.account_id },
    event: {
      type: 'offer',
      callSid: c.call_sid,
      accountId: c.account_id,
      queueId: c.queue_id,
      queueName: owner ? 'Direct line' : c.queue_name,
      from: c.customer_e164 ?? 'Unknown caller',
      callerName: c.caller_name,
      since: new Date(c.started_at ?? now).toISOString(),
      handoff: c.handoff_reason ? { reason: c.handoff_reason, summary: c.handoff_summary?.slice(0, 2000) ?? null, transcript: (c.notes ?? '').slice(0, 20_000) } : null,
      reservedUntil: reservedUntil(c, now)?.toISOString() ?? null,
    },
  };
}

export function offerEndedOf(c: { call_sid: string; account_id: string; queue_id: string }): VoiceNotice {
  const owner = directQueueOwner(c.queue_id);
  return { audience: owner ? { userId: owner } : { accountId: c.account_id }, event: { type: 'offerEnded', callSid: c.call_sid } satisfies VoiceEvent };
}

/**
 * The callers this user may take right now (up to two hours back): those the Voice Agent handed
 * back first (they have waited and talked already), then oldest first.
 */
export function waitingCallsFor(q: Queryable, p: Principal, now: Date): Promise<WaitingCall[]> {
  return q.query<WaitingCall>(
    `select c.call_sid, c.account_id, c.queue_id, q.name as queue_name, c.customer_e164, c.caller_name, c.started_at,
            s.handoff_reason, s.handoff_summary, c.notes, c.reserved_for, c.reserved_until
       from calls c left join queues q on q.id = c.queue_id
       left join voice_agent_sessions s on s.call_sid = c.call_sid and s.outcome = 'handed_off'
      where c.queue_id is not null and c.queue_result is null and not c.answered and c.ended_at is null
        and c.account_id = any($1::text[]) and c.started_at > $2
        and (c.queue_id not like '${DIRECT_QUEUE_PREFIX}%' or c.queue_id = '${DIRECT_QUEUE_PREFIX}' || $3)
        and (c.reserved_for is null or c.reserved_for = $3 or c.reserved_until <= $4)
      order by (s.handoff_reason is not null) desc, c.started_at limit 50`,
    [p.accounts.map((a) => a.id), new Date(now.getTime() - 2 * 3_600_000), p.userId, now],
  );
}

export type TakeableCall = { queue_id: string; from_e164: string | null; to_e164: string | null; started_at: Date | null };

/** The waiting caller this user may take, or why not. */
export async function takeableCall(q: Queryable, p: Principal, callSid: string, now = new Date()): Promise<{ ok: true; call: TakeableCall } | { ok: false; reason: string }> {
  const [call] = await q.query<TakeableCall & { account_id: string | null; answered: boolean; queue_result: string | null; reserved_for: string | null; reserved_until: Date | null }>(
    'select account_id, queue_id, answered, queue_result, from_e164, to_e164, started_at, reserved_for, reserved_until from calls where call_sid = $1',
    [callSid],
  );
  if (!call?.queue_id || call.answered || call.queue_result || !p.accounts.some((a) => a.id === call.account_id)) {
    return { ok: false, reason: 'That caller is no longer waiting.' };
  }
  const owner = directQueueOwner(call.queue_id);
  if (owner && owner !== p.userId) return { ok: false, reason: 'That caller dialled someone else directly.' };
  const until = reservedUntil(call, now);
  if (until && call.reserved_for !== p.userId) {
    return { ok: false, reason: `That caller is calling back after a colleague's voicemail and is offered to them first, for ${Math.ceil((until.getTime() - now.getTime()) / 1000)} s more.` };
  }
  return { ok: true, call };
}
