import { z } from 'zod';
import { id } from '../domain/records';
import { permissionSchema } from '../permissions/catalog';
import { callbackHoursSchema } from '../voice/callback-hours';

/** Who is signed in on a desk, what they may do and the settings their screens need. */
export const sessionSchema = z.object({
  userId: id,
  userName: z.string(),
  email: z.string(),
  serverUrl: z.string(),
  permissions: z.array(permissionSchema),
  accounts: z.array(z.object({ id, name: z.string() })),
  settings: z.object({ sclEnabled: z.boolean(), sclColdDays: z.number().int().positive() }),
  /** Per account: what the softphone needs (callback hours, after-call work time). */
  accountSettings: z
    .array(
      z.object({
        accountId: id,
        timeZone: z.string(),
        acwMinutes: z.number().int().nonnegative(),
        callbackHours: callbackHoursSchema,
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
