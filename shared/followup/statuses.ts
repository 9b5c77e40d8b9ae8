import { z } from 'zod';
import type { FollowUpKind } from './kinds';

/**
 * Every status either queue uses. Which ones a kind may hold is in STATUSES_BY_KIND:
 * Dismissed exists only for abandoned calls, the two "not" outcomes only for SCL.
 */
export const ALL_STATUSES = [
  'new',
  'contact_attempted',
  'follow_up_needed',
  'resolved',
  'dismissed',
  'reviewed_not_a_lead',
  'lead_not_following_up',
] as const;
export type FollowUpStatus = (typeof ALL_STATUSES)[number];
export const followUpStatusSchema = z.enum(ALL_STATUSES);

export const STATUS_LABELS: Record<FollowUpStatus, string> = {
  new: 'New',
  contact_attempted: 'Contact Attempted',
  follow_up_needed: 'Follow-up Needed',
  resolved: 'Resolved',
  dismissed: 'Dismissed',
  reviewed_not_a_lead: 'Reviewed - not a lead',
  lead_not_following_up: 'Lead - not following up',
};

export const STATUSES_BY_KIND: Record<FollowUpKind, readonly FollowUpStatus[]> = {
  abandoned: ['new', 'contact_attempted', 'follow_up_needed', 'resolved', 'dismissed'],
  second_chance: [
    'new',
    'contact_attempted',
    'follow_up_needed',
    'resolved',
    'reviewed_not_a_lead',
    'lead_not_following_up',
  ],
};

export function isStatusOfKind(kind: FollowUpKind, status: FollowUpStatus): boolean {
  return STATUSES_BY_KIND[kind].includes(status);
}

/**
 * How a finished lead ended. Reports count recoveries apart from leads that were never
 * viable, so Dismissed and the SCL "not" outcomes never inflate the recovery rate.
 */
export type DoneOutcome = 'recovered' | 'dismissed' | 'not_a_lead' | 'not_pursued';

const DONE_OUTCOMES: Partial<Record<FollowUpStatus, DoneOutcome>> = {
  resolved: 'recovered',
  dismissed: 'dismissed',
  reviewed_not_a_lead: 'not_a_lead',
  lead_not_following_up: 'not_pursued',
};

export function isDone(status: FollowUpStatus): boolean {
  return DONE_OUTCOMES[status] !== undefined;
}

export function doneOutcome(status: FollowUpStatus): DoneOutcome | null {
  return DONE_OUTCOMES[status] ?? null;
}

/** What the Done tab says of each finished lead: recovered, or which of the dismissals it got. */
export const DONE_OUTCOME_LABELS: Record<DoneOutcome, string> = {
  recovered: 'Resolved',
  dismissed: 'Dismissed',
  not_a_lead: 'Dismissed: Reviewed - not a lead',
  not_pursued: 'Dismissed: Lead - not following up',
};
