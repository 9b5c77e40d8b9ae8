import type { AuditEvent } from '../domain/records';
import { formatClock, formatDateTime, zoneName } from '../format/format';
import type { Mutation } from '../sync/protocol';
import { claimHeldByOther, claimHeldMessage, claimNotYoursMessage, type Claim } from './claims';
import type { FollowUpKind } from './kinds';
import type { FollowUpStatus } from './statuses';
import { checkTransition } from './transitions';

/*
 * What each edit does to a lead and its history, written once. The desk lays pending edits over
 * the server's row with it (optimistic), and the server applies a pushed edit with it before it
 * writes the rows, so a lead looks the same on the desk before and after the server confirms it,
 * and both refuse the same edits with the same words.
 */

/** The part of a lead edits read and change. */
export type EditableLead = { kind: FollowUpKind; status: FollowUpStatus; customerName: string | null; claim: Claim | null };

export type EditActor = AuditEvent['actor'];

/** What an edit needs to know beyond the lead: the account's time zone, the job type's name, how long a claim lasts. */
export type EditContext = {
  claimMinutes: number;
  /** The account's zone: a booking's window is told in it. */
  timeZone: string;
  /** The booked job type's name, or null when the account does not offer it. */
  jobTypeName: string | null;
};

export type EditOutcome<L extends EditableLead> = { ok: true; lead: L; history: AuditEvent[] } | { ok: false; reason: string };

/** How a booking reads in a lead's history: as people say it, in the account's zone, never ISO text. */
export function bookedWhy(jobTypeName: string, windowStart: string, windowEnd: string, timeZone: string): string {
  return `Booked ${jobTypeName} for ${formatDateTime(windowStart, timeZone)} – ${formatClock(windowEnd, timeZone)} ${zoneName(timeZone, windowStart)}.`;
}

/** Why a booking cannot be made on this lead now, or null when it can. */
export function bookingRefusal(lead: EditableLead, windowStart: string, now: Date, ctx: EditContext, by: EditActor['kind']): string | null {
  if (ctx.jobTypeName === null) return 'That job type is not offered by this account.';
  // A job is booked for later: a window that has begun already (a typo, a past year) is refused.
  if (Date.parse(windowStart) <= now.getTime()) return 'The appointment window must start in the future.';
  const check = checkTransition(lead.kind, lead.status, 'resolved', by);
  return check.ok ? null : check.reason;
}

/** Applies one edit to a lead: the lead after it and the history entries it adds, or why it is refused. */
export function applyEdit<L extends EditableLead>(lead: L, m: Mutation, actor: EditActor, now: Date, ctx: EditContext): EditOutcome<L> {
  const at = now.toISOString();
  const entry = (e: Omit<AuditEvent, 'at' | 'actor' | 'from' | 'to' | 'why'> & Partial<Pick<AuditEvent, 'from' | 'to' | 'why'>>): AuditEvent => ({
    at, actor, from: null, to: null, why: null, ...e,
  });
  const holder = claimHeldByOther(lead.claim, actor.id, now.getTime());
  switch (m.name) {
    case 'setStatus': {
      const check = checkTransition(lead.kind, lead.status, m.args.to, actor.kind);
      if (!check.ok) return check;
      return { ok: true, lead: { ...lead, status: m.args.to }, history: [entry({ action: 'status', from: lead.status, to: m.args.to, why: m.args.note ?? null })] };
    }
    case 'addNote':
      return { ok: true, lead, history: [entry({ action: 'note', to: m.args.text })] };
    case 'bookJob': {
      const refusal = bookingRefusal(lead, m.args.windowStart, now, ctx, actor.kind);
      if (refusal) return { ok: false, reason: refusal };
      return {
        ok: true,
        lead: { ...lead, status: 'resolved', customerName: lead.customerName ?? m.args.customerName },
        history: [
          entry({ action: 'booked', to: m.args.jobId, why: bookedWhy(ctx.jobTypeName!, m.args.windowStart, m.args.windowEnd, ctx.timeZone) }),
          entry({ action: 'status', from: lead.status, to: 'resolved', why: 'Job booked.' }),
        ],
      };
    }
    case 'claim':
      if (holder) return { ok: false, reason: claimHeldMessage(holder.userName) };
      return {
        ok: true,
        lead: { ...lead, claim: { userId: actor.id, userName: actor.name, expiresAt: new Date(now.getTime() + ctx.claimMinutes * 60_000).toISOString() } },
        history: [entry({ action: 'claimed' })],
      };
    case 'release':
      if (holder) return { ok: false, reason: claimNotYoursMessage(holder.userName) };
      return { ok: true, lead: { ...lead, claim: null }, history: [entry({ action: 'released' })] };
  }
}

/** A booked job as a change to it needs to see it. */
export type BookedJobState = { windowStart: string; cancelledAt: string | null; completedAt: string | null };

/**
 * Why a booked job cannot be moved or cancelled now, or null when it can: one that has ended
 * or whose visit has begun belongs to the field-service system and the technician.
 */
export function jobChangeRefusal(job: BookedJobState, now: Date): string | null {
  if (job.cancelledAt) return 'That job is already cancelled.';
  if (job.completedAt) return 'That job is already completed.';
  if (Date.parse(job.windowStart) <= now.getTime()) return 'That visit has already begun, so it can no longer be changed by phone.';
  return null;
}

/** How a rescheduled job reads in a lead's history, in the account's zone. */
export function rescheduledWhy(jobTypeName: string, from: { start: string }, to: { start: string; end: string }, timeZone: string, why: string): string {
  return `Moved ${jobTypeName} from ${formatDateTime(from.start, timeZone)} to ${formatDateTime(to.start, timeZone)} – ${formatClock(to.end, timeZone)} ${zoneName(timeZone, to.start)}. ${why}`;
}
