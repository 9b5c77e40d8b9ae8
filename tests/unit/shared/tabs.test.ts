import { describe, expect, it } from 'vitest';
import { deriveTab, doneOutcome, DONE_OUTCOME_LABELS, statusesOnTab, STATUSES_BY_KIND, TABS, turnsColdAtMs, type FollowUpStatus } from '../../../shared';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const ended = Date.UTC(2026, 10, 20, 15, 0, 0);
const settings = { sclColdDays: 3 };

function tab(kind: 'abandoned' | 'second_chance', status: FollowUpStatus, ageMs: number) {
  return deriveTab({ kind, status, endedAtMs: ended }, ended + ageMs, settings);
}

describe('Open / Cold / Done', () => {
  it('keeps a New abandoned call Open at 23h59 and turns it Cold at 24h01', () => {
    expect(tab('abandoned', 'new', 23 * HOUR + 59 * MIN)).toBe('open');
    expect(tab('abandoned', 'new', 24 * HOUR)).toBe('open');
    expect(tab('abandoned', 'new', 24 * HOUR + 1 * MIN)).toBe('cold');
  });

  it('keeps a reviewed abandoned call Open however old it is', () => {
    expect(tab('abandoned', 'contact_attempted', 10 * DAY)).toBe('open');
    expect(tab('abandoned', 'follow_up_needed', 10 * DAY)).toBe('open');
  });

  it("uses the tenant's Cold Leads days for Second Chance Leads", () => {
    expect(tab('second_chance', 'new', 2 * DAY)).toBe('open');
    expect(tab('second_chance', 'new', 3 * DAY - MIN)).toBe('open');
    expect(tab('second_chance', 'new', 3 * DAY + MIN)).toBe('cold');
    expect(deriveTab({ kind: 'second_chance', status: 'new', endedAtMs: ended }, ended + 2 * DAY, { sclColdDays: 1 })).toBe('cold');
  });

  it('puts every done status in Done at any age', () => {
    for (const status of ['resolved', 'dismissed'] as const) {
      expect(tab('abandoned', status, MIN)).toBe('done');
      expect(tab('abandoned', status, 30 * DAY)).toBe('done');
    }
    for (const status of ['resolved', 'reviewed_not_a_lead', 'lead_not_following_up'] as const) {
      expect(tab('second_chance', status, 30 * DAY)).toBe('done');
    }
  });

  it('tells the instant a lead turns cold, for a timer', () => {
    const at = turnsColdAtMs({ kind: 'abandoned', endedAtMs: ended }, settings);
    expect(tab('abandoned', 'new', at - ended - 1)).toBe('open');
    expect(tab('abandoned', 'new', at - ended)).toBe('cold');
  });

  it('treats a call that ended in the future (client clock behind) as Open', () => {
    expect(tab('abandoned', 'new', -2 * HOUR)).toBe('open');
  });

  it('puts a Second Chance Lead in Done exactly when it is Resolved or one of the two dismissals, whatever its age', () => {
    for (const st of ['resolved', 'reviewed_not_a_lead', 'lead_not_following_up'] as const) {
      expect(tab('second_chance', st, 0)).toBe('done');
      expect(tab('second_chance', st, 30 * DAY)).toBe('done');
    }
    for (const st of ['new', 'contact_attempted', 'follow_up_needed'] as const) expect(tab('second_chance', st, MIN)).toBe('open');
    expect(doneOutcome('reviewed_not_a_lead')).toBe('not_a_lead');
    expect(DONE_OUTCOME_LABELS[doneOutcome('lead_not_following_up')!]).toBe('Dismissed: Lead - not following up');
    expect(DONE_OUTCOME_LABELS[doneOutcome('resolved')!]).toBe('Resolved');
  });
});

describe('the statuses each tab can show', () => {
  it('offers on Open only the statuses not finished, on Cold only New, on Done the finished ones', () => {
    expect(statusesOnTab('abandoned', 'open')).toEqual(['new', 'contact_attempted', 'follow_up_needed']);
    expect(statusesOnTab('abandoned', 'cold')).toEqual(['new']);
    expect(statusesOnTab('abandoned', 'done')).toEqual(['resolved', 'dismissed']);
    expect(statusesOnTab('second_chance', 'open')).toEqual(['new', 'contact_attempted', 'follow_up_needed']);
    expect(statusesOnTab('second_chance', 'done')).toEqual(['resolved', 'reviewed_not_a_lead', 'lead_not_following_up']);
  });

  it('agrees with where a lead of each status shows, whatever its age', () => {
    for (const kind of ['abandoned', 'second_chance'] as const) {
      for (const status of STATUSES_BY_KIND[kind]) {
        for (const age of [0, 10 * DAY]) {
          const shownOn = tab(kind, status, age);
          expect(statusesOnTab(kind, shownOn)).toContain(status);
        }
        // A status is offered on a tab only if some lead of that status can show there.
        const tabsOf = new Set([0, 10 * DAY].map((age) => tab(kind, status, age)));
        for (const t of TABS) expect(statusesOnTab(kind, t).includes(status)).toBe(tabsOf.has(t));
      }
    }
  });
});
