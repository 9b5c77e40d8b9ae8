import { z } from 'zod';

/**
 * The call Type column of Second Chance Leads, derived the way the workflow describes:
 * from whether the call was answered, how long it lasted and whether it booked.
 */
export const CALL_TYPES = ['unanswered', 'short', 'unbooked', 'booked'] as const;
export type CallType = (typeof CALL_TYPES)[number];
export const callTypeSchema = z.enum(CALL_TYPES);

export const CALL_TYPE_LABELS: Record<CallType, string> = {
  unanswered: 'Unanswered',
  short: 'Short call',
  unbooked: 'Unbooked',
  booked: 'Booked',
};

/** The types a Second Chance Lead can have: it was answered and did not book. */
export const SCL_CALL_TYPES = ['short', 'unbooked'] as const satisfies readonly CallType[];

/** Calls shorter than this rarely carry a real conversation about a job. */
export const SHORT_CALL_SECONDS = 30;

export function deriveCallType(call: {
  answered: boolean;
  durationSeconds: number;
  booked: boolean;
}): CallType {
  if (!call.answered) return 'unanswered';
  if (call.booked) return 'booked';
  if (call.durationSeconds < SHORT_CALL_SECONDS) return 'short';
  return 'unbooked';
}

/** Why an answered call did not book, as the agent classifies it in after-call work. */
export const UNBOOKED_REASONS = [
  'price_shopping',
  'needs_to_check_schedule',
  'needs_approval',
  'outside_service_area',
  'service_not_offered',
  'no_availability',
  'will_call_back',
  'other',
] as const;
export type UnbookedReason = (typeof UNBOOKED_REASONS)[number];
export const unbookedReasonSchema = z.enum(UNBOOKED_REASONS);

export const UNBOOKED_REASON_LABELS: Record<UnbookedReason, string> = {
  price_shopping: 'Price shopping',
  needs_to_check_schedule: 'Needs to check schedule',
  needs_approval: 'Needs approval from someone else',
  outside_service_area: 'Outside service area',
  service_not_offered: 'Service not offered',
  no_availability: 'No availability that suits',
  will_call_back: 'Customer will call back',
  other: 'Other',
};
