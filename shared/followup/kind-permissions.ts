import type { Capability } from '../permissions/catalog';
import type { FollowUpKind } from './kinds';

/** The capability a person needs to see and work each queue. */
export const CAPABILITY_FOR_KIND: Record<FollowUpKind, Capability> = {
  abandoned: 'workAbandoned',
  second_chance: 'workSecondChance',
};
