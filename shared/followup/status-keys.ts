import type { FollowUpKind } from './kinds';
import { STATUS_LABELS, type FollowUpStatus } from './statuses';

/*
 * The digit that sets each status from the lead drawer. Fixed per status, not per position: a
 * CSR's fingers learn "3 is Resolved", so the digit must not move when a lead's other choices
 * differ (a Done lead offers only reopening, a Contact Attempted one no longer offers itself).
 * A status both queues have keeps the same digit in both.
 */
const KEYS: Record<FollowUpKind, Partial<Record<FollowUpStatus, string>>> = {
  abandoned: { contact_attempted: '1', follow_up_needed: '2', resolved: '3', dismissed: '4' },
  second_chance: { contact_attempted: '1', follow_up_needed: '2', resolved: '3', reviewed_not_a_lead: '4', lead_not_following_up: '5' },
};

/** The digit that sets `status` on a lead of `kind`, or null when none does. */
export function statusKey(kind: FollowUpKind, status: FollowUpStatus): string | null {
  return KEYS[kind][status] ?? null;
}

/** The status a digit sets on a lead of `kind`, when that status is among `choices`. */
export function statusForKey(kind: FollowUpKind, key: string, choices: readonly FollowUpStatus[]): FollowUpStatus | null {
  return choices.find((s) => KEYS[kind][s] === key) ?? null;
}

/**
 * The status a digit stands for on a lead of `kind`, offered now or not; null when no status has
 * it. Lets the drawer say why a digit did nothing ("already Contact Attempted") instead of
 * ignoring it.
 */
export function statusOfKey(kind: FollowUpKind, key: string): FollowUpStatus | null {
  return (Object.keys(KEYS[kind]) as FollowUpStatus[]).find((s) => KEYS[kind][s] === key) ?? null;
}

/** Every digit of a queue and the status it sets, in digit order (the keyboard help lists them). */
export function statusKeys(kind: FollowUpKind): { key: string; status: FollowUpStatus }[] {
  return (Object.entries(KEYS[kind]) as [FollowUpStatus, string][]).map(([status, key]) => ({ key, status })).sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** What the drawer's button for `status` says (and the keyboard help): giving up says so. */
export function statusActionLabel(status: FollowUpStatus): string {
  return status === 'dismissed' ? 'Dismiss (not viable)' : STATUS_LABELS[status];
}
