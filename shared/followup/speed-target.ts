import { z } from 'zod';
import { id } from '../domain/records';
import type { FollowUpStatus } from './statuses';

/*
 * Speed-to-lead, the workflow's "single biggest predictor of recovery": supervisors set a target
 * per account (minutes from the call's end to the first contact attempt), the tiles show the
 * share of today's leads reached within it, and the lists mark leads waiting past it.
 */

export const SPEED_TARGET_LIMITS = { min: 1, max: 24 * 60 } as const;

export const speedTargetSchema = z.object({
  accountId: id,
  minutes: z
    .number({ error: 'The target must be a number of minutes.' })
    .int('The target must be whole minutes.')
    .min(SPEED_TARGET_LIMITS.min, 'The target must be at least 1 minute.')
    .max(SPEED_TARGET_LIMITS.max, 'The target may be at most 1440 minutes (a day).'),
});
export type SpeedTarget = z.infer<typeof speedTargetSchema>;

/** Not yet reached (still New) and older than the target: the list marks it, the tile turns red. */
export function pastSpeedTarget(lead: { status: FollowUpStatus; endedAtMs: number }, nowMs: number, targetMinutes: number): boolean {
  return lead.status === 'new' && nowMs - lead.endedAtMs > targetMinutes * 60_000;
}

export type SpeedState = 'ok' | 'amber' | 'red';

/**
 * Red while someone is waiting past the target now; amber when today's leads were reached late
 * but nobody is waiting past it any more; otherwise on target.
 */
export function speedState(t: { waitingPastTarget: number; missedTargetToday: number }): SpeedState {
  if (t.waitingPastTarget > 0) return 'red';
  if (t.missedTargetToday > 0) return 'amber';
  return 'ok';
}
