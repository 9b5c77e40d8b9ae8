import { z } from 'zod';
import type { FollowUpKind } from './kinds';
import { isDone, STATUSES_BY_KIND, type FollowUpStatus } from './statuses';

export const TABS = ['open', 'cold', 'done'] as const;
export type Tab = (typeof TABS)[number];
export const tabSchema = z.enum(TABS);

const HOUR_MS = 60 * 60 * 1000;
export const ABANDONED_COLD_AFTER_MS = 24 * HOUR_MS;

export type TabSettings = {
  /** Cold Leads days for Second Chance Leads of an account not listed below (the tenant's default). */
  sclColdDays: number;
  /** Each account's own Cold Leads setting: a lead turns Cold by its own account's days. */
  sclColdDaysByAccount?: Readonly<Record<string, number>>;
};

/** Cold Leads days for a Second Chance Lead of this account. */
export function sclColdDaysFor(settings: TabSettings, accountId: string | undefined): number {
  return (accountId !== undefined ? settings.sclColdDaysByAccount?.[accountId] : undefined) ?? settings.sclColdDays;
}

/** How long a lead may stay unreviewed before it turns Cold, by its queue and its account. */
export function coldAfterMs(kind: FollowUpKind, settings: TabSettings, accountId?: string): number {
  return kind === 'abandoned' ? ABANDONED_COLD_AFTER_MS : sclColdDaysFor(settings, accountId) * 24 * HOUR_MS;
}

/**
 * Which tab a lead shows under at `nowMs`. Derived at read time with the reader's clock,
 * so a lead turns Cold without any traffic. Cold means still unreviewed (New) for
 * *more than* the threshold: exactly at the threshold it is still Open.
 */
export function deriveTab(
  lead: { kind: FollowUpKind; status: FollowUpStatus; endedAtMs: number; accountId?: string },
  nowMs: number,
  settings: TabSettings,
): Tab {
  if (isDone(lead.status)) return 'done';
  if (lead.status === 'new' && nowMs - lead.endedAtMs > coldAfterMs(lead.kind, settings, lead.accountId)) {
    return 'cold';
  }
  return 'open';
}

/** The instant a New lead turns Cold: the first millisecond past the threshold. */
export function turnsColdAtMs(
  lead: { kind: FollowUpKind; endedAtMs: number; accountId?: string },
  settings: TabSettings,
): number {
  return lead.endedAtMs + coldAfterMs(lead.kind, settings, lead.accountId) + 1;
}

/**
 * The statuses a lead of this kind can have while it shows under `tab`: Open holds the ones not
 * finished, Cold only New (an unreviewed lead left too long), Done the finished ones. A status
 * filter offers these, never a status no lead of the tab can have.
 */
export function statusesOnTab(kind: FollowUpKind, tab: Tab): readonly FollowUpStatus[] {
  return STATUSES_BY_KIND[kind].filter((s) => (tab === 'done' ? isDone(s) : tab === 'cold' ? s === 'new' : !isDone(s)));
}
