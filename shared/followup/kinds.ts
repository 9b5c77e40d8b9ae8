import { z } from 'zod';

/** The two recovery queues a lead can belong to. */
export const FOLLOW_UP_KINDS = ['abandoned', 'second_chance'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];
export const followUpKindSchema = z.enum(FOLLOW_UP_KINDS);

export const FOLLOW_UP_KIND_LABELS: Record<FollowUpKind, string> = {
  abandoned: 'Abandoned Calls',
  second_chance: 'Second Chance Leads',
};
