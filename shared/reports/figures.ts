import { doneOutcome, type FollowUpStatus } from '../followup/statuses';

/*
 * The supervisor figures, defined once for the queue tiles and the report (and their tests):
 *
 * - a follow-up is **recovered** when a job was booked from it (and not cancelled), **resolved
 *   without job** when it was marked Resolved otherwise (auto-resolved by a later conversation, or
 *   by hand), **dismissed** when it was closed any other way (Dismissed, Reviewed - not a lead,
 *   Lead - not following up), and **open** until then;
 * - **speed to lead** is the whole seconds from the end of the call that opened the follow-up to
 *   the first attempt to reach the customer, and a period's figure is the median of its calls';
 * - a period's figures count the calls of that period (the report's date range; "today" on a
 *   tile is the account's day, as the report's Today preset has it), whatever day they were
 *   worked on, so a tile and the report for the same day say the same.
 *
 * Open and Cold are the Open/Cold tab rule of shared/followup/tabs.ts.
 */

export const FIGURE_OUTCOMES = ['recovered', 'resolved_without_job', 'dismissed', 'open'] as const;
export type FigureOutcome = (typeof FIGURE_OUTCOMES)[number];
export const FIGURE_OUTCOME_LABELS: Record<FigureOutcome, string> = {
  recovered: 'Recovered (job booked)',
  resolved_without_job: 'Resolved without job',
  dismissed: 'Dismissed',
  open: 'Open',
};

/** Which of the four a follow-up counts as: `booked` when a job booked from it stands (not cancelled). */
export function figureOutcome(status: FollowUpStatus, booked: boolean): FigureOutcome {
  if (booked) return 'recovered';
  const done = doneOutcome(status);
  return done === null ? 'open' : done === 'recovered' ? 'resolved_without_job' : 'dismissed';
}


/** Speed to lead in whole seconds (as the database rounds it); null when nobody tried yet. */
export function speedToLeadSeconds(callEndedAtMs: number, firstContactAtMs: number | null): number | null {
  return firstContactAtMs === null ? null : Math.max(0, Math.round((firstContactAtMs - callEndedAtMs) / 1000));
}

/** Calls with the same outcome and speed, counted together (how the report's SQL groups them). */
export type FigureGroup = { outcome: FigureOutcome | 'none'; speed: number | null; n: number };

export type SupervisorFigures = { recovered: number; resolvedWithoutJob: number; dismissed: number; medianSpeedToLeadSeconds: number | null };

/** Recovered, dismissed and the median speed to lead of a set of calls. */
export function supervisorFigures(groups: readonly FigureGroup[]): SupervisorFigures {
  let recovered = 0;
  let resolvedWithoutJob = 0;
  let dismissed = 0;
  const speeds: [number, number][] = [];
  for (const g of groups) {
    if (g.outcome === 'recovered') recovered += g.n;
    if (g.outcome === 'resolved_without_job') resolvedWithoutJob += g.n;
    if (g.outcome === 'dismissed') dismissed += g.n;
    if (g.speed !== null) speeds.push([g.speed, g.n]);
  }
  return { recovered, resolvedWithoutJob, dismissed, medianSpeedToLeadSeconds: medianOfCounts(speeds) };
}

/** The median of values given as (value, how many), as percentile_cont(0.5) computes it. */
export function medianOfCounts(pairs: readonly [value: number, count: number][]): number | null {
  const sorted = [...pairs].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const at = (k: number) => {
    let seen = 0;
    for (const [v, n] of sorted) {
      seen += n;
      if (k < seen) return v;
    }
    return sorted.at(-1)![0];
  };
  return total % 2 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}
