import { z } from 'zod';
import { id } from '../domain/records';
import { permissionSchema, PERMISSIONS } from '../permissions/catalog';
import { plainText } from '../validation/text';

/*
 * What admins edit, validated the same way in the screen, over the wire and on the server.
 */

export const SCL_LIMITS = { acwMinutes: { min: 1, max: 120 }, coldDays: { min: 1, max: 90 }, threshold: { min: 1, max: 99 } } as const;

export const sclSettingsSchema = z.object({
  accountId: id,
  enabled: z.boolean(),
  acwMinutes: z
    .number({ error: 'After Call Work Time must be a number of minutes.' })
    .int('After Call Work Time must be whole minutes.')
    .min(SCL_LIMITS.acwMinutes.min, `After Call Work Time must be at least ${SCL_LIMITS.acwMinutes.min} minute.`)
    .max(SCL_LIMITS.acwMinutes.max, `After Call Work Time may be at most ${SCL_LIMITS.acwMinutes.max} minutes.`),
  coldDays: z
    .number({ error: 'Cold Leads must be a number of days.' })
    .int('Cold Leads must be whole days.')
    .min(SCL_LIMITS.coldDays.min, `Cold Leads must be at least ${SCL_LIMITS.coldDays.min} day.`)
    .max(SCL_LIMITS.coldDays.max, `Cold Leads may be at most ${SCL_LIMITS.coldDays.max} days.`),
  /** Flag calls scoring at least this (0–100); absent keeps the account's current threshold. */
  threshold: z
    .number({ error: 'The flagging threshold must be a number.' })
    .int('The flagging threshold must be a whole number.')
    .min(SCL_LIMITS.threshold.min, `The flagging threshold must be at least ${SCL_LIMITS.threshold.min}.`)
    .max(SCL_LIMITS.threshold.max, `The flagging threshold may be at most ${SCL_LIMITS.threshold.max}.`)
    .optional(),
});
export type SclSettings = z.infer<typeof sclSettingsSchema>;
export const sclSettingsViewSchema = sclSettingsSchema.extend({ accountName: z.string(), threshold: z.number().int() });

export const roleInputSchema = z.object({
  /** Absent for a new role. */
  id: id.optional(),
  name: plainText(1, 80, 'A role needs a name.'),
  permissions: z.array(permissionSchema).max(PERMISSIONS.length),
});
export type RoleInput = z.infer<typeof roleInputSchema>;
export const roleViewSchema = z.object({ id, name: z.string(), permissions: z.array(permissionSchema), users: z.number().int().nonnegative() });
export type RoleView = z.infer<typeof roleViewSchema>;

export const userAccessSchema = z.object({
  userId: id,
  roleIds: z.array(id).max(20),
  accountIds: z.array(id).max(500),
});
export type UserAccess = z.infer<typeof userAccessSchema>;
export const userViewSchema = z.object({
  id,
  name: z.string(),
  email: z.string(),
  roleIds: z.array(id),
  accountIds: z.array(id),
  /** False once deactivated: they cannot sign in and their sessions have ended. */
  active: z.boolean().default(true),
});
export type UserView = z.infer<typeof userViewSchema>;

export const usersAndRolesSchema = z.object({
  roles: z.array(roleViewSchema),
  users: z.array(userViewSchema),
  /** The accounts this admin may hand out. */
  accounts: z.array(z.object({ id, name: z.string() })),
});
export type UsersAndRoles = z.infer<typeof usersAndRolesSchema>;

/** How a person an admin adds signs in the first time. */
export const FIRST_SIGN_IN = ['link', 'password'] as const;
export const FIRST_SIGN_IN_LABELS: Record<(typeof FIRST_SIGN_IN)[number], string> = {
  link: 'One-time sign-in link (they choose their password)',
  password: 'Initial password',
};

export const newUserSchema = z.object({
  name: plainText(1, 120, 'A user needs a name.'),
  email: z.email('Enter an e-mail address like name@example.com.').max(254),
  roleIds: z.array(id).min(1, 'Give the user at least one role.').max(20),
  accountIds: z.array(id).min(1, 'Give the user at least one account.').max(500),
  firstSignIn: z.enum(FIRST_SIGN_IN),
});
export type NewUser = z.infer<typeof newUserSchema>;

/** What the admin hands over once: the code behind the link, or the initial password. Never stored readable. */
export const newUserResultSchema = z.object({
  user: userViewSchema,
  signInCode: z.string().nullable(),
  codeExpiresAt: z.string().nullable(),
  initialPassword: z.string().nullable(),
});
export type NewUserResult = z.infer<typeof newUserResultSchema>;

export const userActiveSchema = z.object({ userId: id, active: z.boolean() });

/** A password someone chooses for themselves (an initial or demo password is not held to it). */
export const newPasswordText = z
  .string()
  .min(10, 'Choose a password of at least 10 characters.')
  .max(200)
  .refine((s) => !s.includes('\u0000'), 'Text cannot contain the NUL character.');
