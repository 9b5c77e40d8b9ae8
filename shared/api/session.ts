import { z } from 'zod';
import { id } from '../domain/records';
import { permissionSchema } from '../permissions/catalog';
import { callbackHoursSchema } from '../voice/callback-hours';
import type { TabSettings } from '../followup/tabs';

/** Who is signed in on a desk, what they may do and the settings their screens need. */
export const sessionSchema = z.object({
  userId: id,
  userName: z.string(),
  email: z.string(),
  serverUrl: z.string(),
  permissions: z.array(permissionSchema),
  accounts: z.array(z.object({ id, name: z.string() })),
  /**
   * Across the user's accounts: SCL shows if any account has it; `sclColdDays` is the smallest
   * Cold Leads days, for an account whose own setting (accountSettings) the desk has not heard.
   */
  settings: z.object({ sclEnabled: z.boolean(), sclColdDays: z.number().int().positive() }),
  /** Per account: what the softphone needs (callback hours, after-call work time). */
  accountSettings: z
    .array(
      z.object({
        accountId: id,
        timeZone: z.string(),
        acwMinutes: z.number().int().nonnegative(),
        callbackHours: callbackHoursSchema,
        /** The account's Cold Leads days: its Second Chance Leads turn Cold by this, not another account's. */
        sclColdDays: z.number().int().positive().optional(),
        /** Speed-to-lead target the supervisors set: a lead should be reached within this many minutes. */
        speedTargetMinutes: z.number().int().positive().default(5),
        /** The voicemail plan's callback number agents leave; null: the number the callback showed. */
        callbackNumber: z.string().nullable().default(null),
        /** Whether the account flags Second Chance Leads; a screen says so when it does not. */
        sclEnabled: z.boolean().default(true),
      }),
    )
    .default([]),
  /** Whether calls go through Twilio or the server's simulated carrier. */
  telephony: z.enum(['twilio', 'simulated']).default('simulated'),
});
export type Session = z.infer<typeof sessionSchema>;

/** The Cold rules of a session's leads: each account's own Cold Leads days, the smallest for the rest. */
export function tabSettingsOf(session: Pick<Session, 'settings' | 'accountSettings'>): TabSettings {
  const byAccount: Record<string, number> = {};
  for (const a of session.accountSettings) if (a.sclColdDays !== undefined) byAccount[a.accountId] = a.sclColdDays;
  return { sclColdDays: session.settings.sclColdDays, sclColdDaysByAccount: byAccount };
}
