import { z } from 'zod';
import { callTypeSchema, UNBOOKED_REASONS, type CallType } from '../followup/call-types';
import type { FollowUpKind } from '../followup/kinds';
import { plainText } from '../validation/text';
import { STATUSES_BY_KIND, type FollowUpStatus } from '../followup/statuses';

/** The column filters each screen offers, in the order the workflow lists them. */
export const FILTER_COLUMNS = {
  abandoned: ['status', 'age', 'duration', 'account', 'customer', 'queue', 'campaign'],
  second_chance: ['status', 'notes', 'age', 'account', 'customer', 'type', 'reason', 'agent'],
} as const satisfies Record<FollowUpKind, readonly string[]>;

/**
 * The Reason filter's choice for leads given no reason: flagged from what was said, or not
 * classified yet in after-call work. A filter value only, never a lead's reason.
 */
export const REASON_NOT_CLASSIFIED = 'not_classified';
export const REASON_NOT_CLASSIFIED_LABEL = 'Not classified';
/** What the Reason filter may hold: the unbooked reasons, and "Not classified". */
export const REASON_FILTER_VALUES = [...UNBOOKED_REASONS, REASON_NOT_CLASSIFIED] as const;
export type ReasonFilterValue = (typeof REASON_FILTER_VALUES)[number];

const idList = z.array(z.string().trim().min(1).max(64)).min(1).max(500);
/** The longest text a filter box takes (the box stops there). */
export const FILTER_TEXT_MAX_LENGTH = 200;
const text = plainText(1, FILTER_TEXT_MAX_LENGTH);

/** An inclusive range; either end may be left open, but not both. */
function range(unit: string) {
  return z
    .object({
      min: z.number().int().nonnegative().optional(),
      max: z.number().int().nonnegative().optional(),
    })
    .strict()
    .refine((r) => r.min !== undefined || r.max !== undefined, {
      message: `Give a lowest or a highest ${unit}.`,
    })
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
      message: `The lowest ${unit} is above the highest.`,
    });
}

function statusList(kind: FollowUpKind) {
  const [first, ...rest] = STATUSES_BY_KIND[kind];
  return z.array(z.enum([first!, ...rest] as [FollowUpStatus, ...FollowUpStatus[]])).min(1);
}

export const abandonedFiltersSchema = z
  .object({
    status: statusList('abandoned').optional(),
    /** Minutes since the call ended. */
    age: range('age in minutes').optional(),
    /** Seconds the caller waited before hanging up. */
    duration: range('duration in seconds').optional(),
    account: idList.optional(),
    customer: text.optional(),
    queue: idList.optional(),
    campaign: idList.optional(),
  })
  .strict();

export const secondChanceFiltersSchema = z
  .object({
    status: statusList('second_chance').optional(),
    notes: text.optional(),
    age: range('age in minutes').optional(),
    account: idList.optional(),
    customer: text.optional(),
    type: z.array(callTypeSchema).min(1).optional(),
    reason: z.array(z.enum(REASON_FILTER_VALUES)).min(1).optional(),
    agent: idList.optional(),
  })
  .strict();

export type AbandonedFilters = z.infer<typeof abandonedFiltersSchema>;
export type SecondChanceFilters = z.infer<typeof secondChanceFiltersSchema>;

export const filterSetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('abandoned'), filters: abandonedFiltersSchema }).strict(),
  z.object({ kind: z.literal('second_chance'), filters: secondChanceFiltersSchema }).strict(),
]);
export type FilterSet = z.infer<typeof filterSetSchema>;

/** The fields of a lead that the filters look at. */
export type FilterableLead = {
  status: FollowUpStatus;
  endedAtMs: number;
  durationSeconds: number;
  accountId: string;
  customerName: string | null;
  phone: string;
  queueId: string | null;
  campaignId: string | null;
  notes: string;
  callType: CallType | null;
  reason: string | null;
  agentId: string | null;
};

function inRange(value: number, r: { min?: number | undefined; max?: number | undefined }) {
  return (r.min === undefined || value >= r.min) && (r.max === undefined || value <= r.max);
}

function inList(value: string | null, list: readonly string[]) {
  return value !== null && list.includes(value);
}

/**
 * Customer matches the name, or the phone number when the query is made of digits and
 * punctuation: people type "555 12" or "(555)" as often as a name.
 */
export function customerMatches(
  query: string,
  lead: Pick<FilterableLead, 'customerName' | 'phone'>,
): boolean {
  const q = query.trim().toLowerCase();
  const digits = q.replace(/\D/g, '');
  const looksLikeNumber = digits.length > 0 && !/[a-z]/.test(q);
  if (looksLikeNumber) return lead.phone.replace(/\D/g, '').includes(digits);
  return (lead.customerName ?? '').toLowerCase().includes(q);
}

/** Whether any column is filtered (a key set to undefined filters nothing). */
export function hasFilters(set: FilterSet): boolean {
  return Object.values(set.filters).some((v) => v !== undefined);
}

/** The reference meaning of a filter set; the SQL in each store must agree with it. */
export function matchesFilters(set: FilterSet, lead: FilterableLead, nowMs: number): boolean {
  const f = set.filters;
  const ageMinutes = Math.floor((nowMs - lead.endedAtMs) / 60_000);
  if (f.status && !f.status.includes(lead.status as never)) return false;
  if (f.age && !inRange(ageMinutes, f.age)) return false;
  if (f.account && !inList(lead.accountId, f.account)) return false;
  if (f.customer && !customerMatches(f.customer, lead)) return false;
  if (set.kind === 'abandoned') {
    const a = set.filters;
    if (a.duration && !inRange(lead.durationSeconds, a.duration)) return false;
    if (a.queue && !inList(lead.queueId, a.queue)) return false;
    if (a.campaign && !inList(lead.campaignId, a.campaign)) return false;
    return true;
  }
  const s = set.filters;
  if (s.notes && !lead.notes.toLowerCase().includes(s.notes.trim().toLowerCase())) return false;
  if (s.type && !inList(lead.callType, s.type)) return false;
  if (s.reason && !(s.reason as readonly string[]).includes(lead.reason ?? REASON_NOT_CLASSIFIED)) return false;
  if (s.agent && !inList(lead.agentId, s.agent)) return false;
  return true;
}

export type FilterColumn = (typeof FILTER_COLUMNS)[FollowUpKind][number];

/**
 * The set with one column's filter replaced; an empty value (undefined, '', []) removes it.
 * Every control that edits filters (a column's popover, the active-filter chips) goes through here.
 */
export function withFilter(set: FilterSet, column: FilterColumn, value: unknown): FilterSet {
  const next: Record<string, unknown> = { ...set.filters };
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete next[column];
  else next[column] = value;
  return { kind: set.kind, filters: next } as FilterSet;
}
