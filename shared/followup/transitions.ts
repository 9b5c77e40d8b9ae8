import type { FollowUpKind } from './kinds';
import { isStatusOfKind, STATUS_LABELS, type FollowUpStatus } from './statuses';

/** Who asks for a status change: a person at a desk, or the recovery engine. */
export type Actor = 'user' | 'system';

type Rule = { to: FollowUpStatus; by: readonly Actor[] };

const USER: readonly Actor[] = ['user'];
const ANYONE: readonly Actor[] = ['user', 'system'];

/*
 * The system may only move a lead forward on evidence from the phone network: a dial started
 * (Contact Attempted) or, for abandoned calls, a later conversation over 30 seconds (Resolved).
 * Every judgement call (dismiss, the SCL outcomes, reopening) belongs to a person.
 * A person may reopen a Done lead to Follow-up Needed to undo a mistaken close; the system never
 * reopens one, because a new call from the customer makes a new entry instead.
 */
const ABANDONED: Record<string, readonly Rule[]> = {
  new: [
    { to: 'contact_attempted', by: ANYONE },
    { to: 'follow_up_needed', by: USER },
    { to: 'resolved', by: ANYONE },
    { to: 'dismissed', by: USER },
  ],
  contact_attempted: [
    { to: 'follow_up_needed', by: USER },
    { to: 'resolved', by: ANYONE },
    { to: 'dismissed', by: USER },
  ],
  follow_up_needed: [
    { to: 'contact_attempted', by: ANYONE },
    { to: 'resolved', by: ANYONE },
    { to: 'dismissed', by: USER },
  ],
  resolved: [{ to: 'follow_up_needed', by: USER }],
  dismissed: [{ to: 'follow_up_needed', by: USER }],
};

const SCL_OUTCOMES: readonly Rule[] = [
  { to: 'resolved', by: USER },
  { to: 'reviewed_not_a_lead', by: USER },
  { to: 'lead_not_following_up', by: USER },
];

const SECOND_CHANCE: Record<string, readonly Rule[]> = {
  new: [
    { to: 'contact_attempted', by: ANYONE },
    { to: 'follow_up_needed', by: USER },
    ...SCL_OUTCOMES,
  ],
  contact_attempted: [{ to: 'follow_up_needed', by: USER }, ...SCL_OUTCOMES],
  follow_up_needed: [{ to: 'contact_attempted', by: ANYONE }, ...SCL_OUTCOMES],
  resolved: [{ to: 'follow_up_needed', by: USER }],
  reviewed_not_a_lead: [{ to: 'follow_up_needed', by: USER }],
  lead_not_following_up: [{ to: 'follow_up_needed', by: USER }],
};

const RULES: Record<FollowUpKind, Record<string, readonly Rule[]>> = {
  abandoned: ABANDONED,
  second_chance: SECOND_CHANCE,
};

export type TransitionCheck = { ok: true } | { ok: false; reason: string };

export function checkTransition(
  kind: FollowUpKind,
  from: FollowUpStatus,
  to: FollowUpStatus,
  actor: Actor,
): TransitionCheck {
  if (!isStatusOfKind(kind, to)) {
    return { ok: false, reason: `${STATUS_LABELS[to]} is not a status of this queue.` };
  }
  if (from === to) {
    return { ok: false, reason: `The lead is already ${STATUS_LABELS[to]}.` };
  }
  const rule = (RULES[kind][from] ?? []).find((r) => r.to === to);
  if (!rule) {
    return {
      ok: false,
      reason: `A lead cannot go from ${STATUS_LABELS[from]} to ${STATUS_LABELS[to]}.`,
    };
  }
  if (!rule.by.includes(actor)) {
    return {
      ok: false,
      reason: `Only a person can set ${STATUS_LABELS[to]}; the system may not.`,
    };
  }
  return { ok: true };
}

/** The statuses a lead may move to next, for menus that show only legal choices. */
export function nextStatuses(
  kind: FollowUpKind,
  from: FollowUpStatus,
  actor: Actor,
): FollowUpStatus[] {
  return (RULES[kind][from] ?? []).filter((r) => r.by.includes(actor)).map((r) => r.to);
}
