import { describe, expect, it } from 'vitest';
import {
  ALL_STATUSES,
  checkTransition,
  doneOutcome,
  isDone,
  nextStatuses,
  STATUSES_BY_KIND,
  type Actor,
  type FollowUpKind,
  type FollowUpStatus,
} from '../../../shared';

// The full table, written out by hand from the workflow, so the test states the rule
// independently of the code: [kind, from, to, who may make it].
const ALLOWED: Array<[FollowUpKind, FollowUpStatus, FollowUpStatus, Actor[]]> = [
  ['abandoned', 'new', 'contact_attempted', ['user', 'system']],
  ['abandoned', 'new', 'follow_up_needed', ['user']],
  ['abandoned', 'new', 'resolved', ['user', 'system']],
  ['abandoned', 'new', 'dismissed', ['user']],
  ['abandoned', 'contact_attempted', 'follow_up_needed', ['user']],
  ['abandoned', 'contact_attempted', 'resolved', ['user', 'system']],
  ['abandoned', 'contact_attempted', 'dismissed', ['user']],
  ['abandoned', 'follow_up_needed', 'contact_attempted', ['user', 'system']],
  ['abandoned', 'follow_up_needed', 'resolved', ['user', 'system']],
  ['abandoned', 'follow_up_needed', 'dismissed', ['user']],
  ['abandoned', 'resolved', 'follow_up_needed', ['user']],
  ['abandoned', 'dismissed', 'follow_up_needed', ['user']],
  ['second_chance', 'new', 'contact_attempted', ['user', 'system']],
  ['second_chance', 'new', 'follow_up_needed', ['user']],
  ['second_chance', 'new', 'resolved', ['user']],
  ['second_chance', 'new', 'reviewed_not_a_lead', ['user']],
  ['second_chance', 'new', 'lead_not_following_up', ['user']],
  ['second_chance', 'contact_attempted', 'follow_up_needed', ['user']],
  ['second_chance', 'contact_attempted', 'resolved', ['user']],
  ['second_chance', 'contact_attempted', 'reviewed_not_a_lead', ['user']],
  ['second_chance', 'contact_attempted', 'lead_not_following_up', ['user']],
  ['second_chance', 'follow_up_needed', 'contact_attempted', ['user', 'system']],
  ['second_chance', 'follow_up_needed', 'resolved', ['user']],
  ['second_chance', 'follow_up_needed', 'reviewed_not_a_lead', ['user']],
  ['second_chance', 'follow_up_needed', 'lead_not_following_up', ['user']],
  ['second_chance', 'resolved', 'follow_up_needed', ['user']],
  ['second_chance', 'reviewed_not_a_lead', 'follow_up_needed', ['user']],
  ['second_chance', 'lead_not_following_up', 'follow_up_needed', ['user']],
];

function allowedFor(kind: FollowUpKind, from: FollowUpStatus, to: FollowUpStatus): Actor[] {
  return ALLOWED.find(([k, f, t]) => k === kind && f === from && t === to)?.[3] ?? [];
}

describe('status transitions', () => {
  for (const kind of ['abandoned', 'second_chance'] as const) {
    for (const from of STATUSES_BY_KIND[kind]) {
      for (const to of ALL_STATUSES) {
        for (const actor of ['user', 'system'] as const) {
          const expected = allowedFor(kind, from, to).includes(actor);
          it(`${kind}: ${from} -> ${to} by ${actor} is ${expected ? 'allowed' : 'refused'}`, () => {
            const result = checkTransition(kind, from, to, actor);
            expect(result.ok).toBe(expected);
            if (!result.ok) expect(result.reason.length).toBeGreaterThan(10);
          });
        }
      }
    }
  }

  it('explains a refusal in words a CSR understands', () => {
    expect(checkTransition('abandoned', 'new', 'reviewed_not_a_lead', 'user')).toEqual({
      ok: false,
      reason: 'Reviewed - not a lead is not a status of this queue.',
    });
    expect(checkTransition('abandoned', 'new', 'dismissed', 'system')).toEqual({
      ok: false,
      reason: 'Only a person can set Dismissed; the system may not.',
    });
    expect(checkTransition('abandoned', 'resolved', 'resolved', 'user')).toEqual({
      ok: false,
      reason: 'The lead is already Resolved.',
    });
  });

  it('lists only the legal next statuses for a menu', () => {
    expect(nextStatuses('abandoned', 'new', 'user')).toEqual([
      'contact_attempted',
      'follow_up_needed',
      'resolved',
      'dismissed',
    ]);
    expect(nextStatuses('abandoned', 'new', 'system')).toEqual(['contact_attempted', 'resolved']);
    expect(nextStatuses('second_chance', 'resolved', 'system')).toEqual([]);
  });
});

describe('done statuses', () => {
  it('counts resolved, dismissed and the SCL outcomes as done, and tells them apart', () => {
    const done = ALL_STATUSES.filter(isDone);
    expect(done).toEqual(['resolved', 'dismissed', 'reviewed_not_a_lead', 'lead_not_following_up']);
    expect(doneOutcome('resolved')).toBe('recovered');
    expect(doneOutcome('dismissed')).toBe('dismissed');
    expect(doneOutcome('reviewed_not_a_lead')).toBe('not_a_lead');
    expect(doneOutcome('lead_not_following_up')).toBe('not_pursued');
    expect(doneOutcome('follow_up_needed')).toBeNull();
  });
});
