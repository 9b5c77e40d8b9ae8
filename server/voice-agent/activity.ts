import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import {
  ApiError,
  can,
  VOICE_AGENT_USAGE_COLUMNS,
  type VoiceAgentSession,
  type VoiceAgentTile,
  type VoiceAgentUsageRow,
} from '../../shared';
import type { Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import { turnsOf, type SessionRow } from './session-store';

/*
 * What supervisors and admins read of the Voice Agent: today's sessions with transcripts and
 * the live tile (supervisors), and the usage meter billing reads (Voice Agent admins).
 * Scoped to the reader's accounts on every read.
 */

/** A read the server will not answer, with the status and the reason to show. */
export class ActivityRefusal extends ApiError {
  constructor(readonly status: 400 | 403, message: string) {
    super(status === 403 ? 'forbidden' : 'invalid_request', message);
  }
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export async function voiceAgentActivity(ctx: ServerContext, p: Principal, dayStart: Date): Promise<{ tiles: VoiceAgentTile[]; sessions: VoiceAgentSession[] }> {
  if (!can(p.permissions, 'viewQueueTiles')) throw new ActivityRefusal(403, 'The Voice Agent board is for supervisors (View Queue Tiles).');
  const ids = p.accounts.map((a) => a.id);
  const rows = await ctx.db.query<SessionRow & { account_name: string }>(
    `select s.*, a.name as account_name from voice_agent_sessions s join accounts a on a.id = s.account_id
      where s.account_id = any($1::text[]) and (s.created_at >= $2 or s.outcome is null and s.created_at > $3)
      order by s.created_at desc limit 500`,
    [ids, dayStart, new Date(ctx.clock().getTime() - 2 * 3_600_000)],
  );
  const tiles = new Map<string, VoiceAgentTile>();
  for (const a of p.accounts) tiles.set(a.id, { accountId: a.id, accountName: a.name, inConversation: 0, handled: 0, booked: 0, handedOff: 0, hungUp: 0, changedJobs: 0 });
  for (const r of rows) {
    const t = tiles.get(r.account_id)!;
    if (!r.outcome) {
      if (r.status === 'live') t.inConversation++;
      continue;
    }
    if (new Date(r.created_at) < dayStart) continue;
    t.handled++;
    if (r.outcome === 'booked') t.booked++;
    else if (r.outcome === 'handed_off') t.handedOff++;
    else if (r.outcome === 'rescheduled' || r.outcome === 'cancelled') t.changedJobs++;
    // A caller who kept their visit was handled and needs nobody: counted in Handled only.
    else if (r.outcome !== 'kept') t.hungUp++;
  }
  return {
    tiles: [...tiles.values()],
    sessions: rows
      .filter((r) => new Date(r.created_at) >= dayStart || r.status === 'live')
      .map((r) => ({
        callSid: r.call_sid,
        accountId: r.account_id,
        accountName: r.account_name,
        from: r.from_e164,
        customerName: r.customer_name,
        reason: r.reason,
        startedAt: iso(r.created_at)!,
        connectedAt: iso(r.connected_at),
        durationSeconds: r.duration_seconds,
        outcome: r.outcome,
        wanted: r.wanted,
        handoffReason: r.handoff_reason,
        // Kept on every session that reached the end of a conversation; shown for a hand-off only.
        handoffSummary: r.outcome === 'handed_off' ? r.handoff_summary : null,
        transcript: turnsOf(r.transcript),
      })),
  };
}

export async function voiceAgentUsage(ctx: ServerContext, p: Principal, range: { from: string; to: string }): Promise<VoiceAgentUsageRow[]> {
  if (!can(p.permissions, 'configureVoiceAgent')) throw new ActivityRefusal(403, 'Voice Agent usage needs the Edit Voice Agent Settings permission.');
  const from = DateTime.fromISO(range.from);
  const to = DateTime.fromISO(range.to);
  if (!from.isValid || !to.isValid || to < from) throw new ActivityRefusal(400, 'The range must end on or after the day it starts.');
  if (to.diff(from, 'days').days > 731) throw new ActivityRefusal(400, 'Usage can be read for at most two years at a time.');
  const rows = await ctx.db.query<{ account_id: string; name: string; day: string | Date; sessions: number; connected_seconds: number; billed_minutes: number }>(
    `select u.account_id, a.name, to_char(u.day, 'YYYY-MM-DD') as day, u.sessions, u.connected_seconds, u.billed_minutes
       from voice_agent_usage u join accounts a on a.id = u.account_id
      where u.account_id = any($1::text[]) and u.day between $2::date and $3::date
      order by u.day desc, a.name`,
    [p.accounts.map((a) => a.id), range.from, range.to],
  );
  return rows.map((r) => ({ accountId: r.account_id, accountName: r.name, day: String(r.day), sessions: r.sessions, connectedSeconds: r.connected_seconds, billedMinutes: r.billed_minutes }));
}

export function usageCsv(rows: readonly VoiceAgentUsageRow[]): string {
  return '\uFEFF' + stringify([[...VOICE_AGENT_USAGE_COLUMNS], ...rows.map((r) => [r.accountName, r.day, r.sessions, r.connectedSeconds, r.billedMinutes])]);
}
