import { z } from 'zod';

/**
 * The permission catalog. Names and grouping follow the workflow's Enterprise Hub roles;
 * the ids are ours and stable, the labels are what admins read.
 */
export const PERMISSIONS = [
  'followups.all',
  'followups.abandoned.edit',
  'followups.scl.edit',
  'supervisor.queue_tiles',
  'reports.unbooked_abandoned',
  'admin.feature_management',
  'admin.ti_followup_reporting_settings',
  'admin.voice_agent',
  'admin.users_roles',
  'servicetitan.phone_settings',
] as const;
export type Permission = (typeof PERMISSIONS)[number];
export const permissionSchema = z.enum(PERMISSIONS);

export type PermissionSection = 'general' | 'admin' | 'servicetitan';

export type PermissionInfo = {
  label: string;
  section: PermissionSection;
  /** Narrower permissions a holder of this one has too. */
  includes: readonly Permission[];
};

export const PERMISSION_CATALOG: Record<Permission, PermissionInfo> = {
  'followups.all': {
    label: 'View and Action All Follow Ups',
    section: 'general',
    includes: ['followups.abandoned.edit', 'followups.scl.edit'],
  },
  'followups.abandoned.edit': { label: 'Edit Abandoned Calls', section: 'general', includes: [] },
  'followups.scl.edit': { label: 'Edit Second Chance Leads', section: 'general', includes: [] },
  'supervisor.queue_tiles': { label: 'View Queue Tiles', section: 'general', includes: [] },
  'reports.unbooked_abandoned': {
    label: 'View Unbooked and Abandoned Calls Report',
    section: 'general',
    includes: [],
  },
  'admin.feature_management': {
    label: 'View & Edit Feature Management',
    section: 'admin',
    includes: [],
  },
  'admin.ti_followup_reporting_settings': {
    label: 'Edit TI, Follow Up, & Reporting Settings',
    section: 'admin',
    includes: [],
  },
  'admin.voice_agent': { label: 'Edit Voice Agent Settings', section: 'admin', includes: [] },
  'admin.users_roles': { label: 'Manage Users and Roles', section: 'admin', includes: [] },
  'servicetitan.phone_settings': { label: 'Phone settings', section: 'servicetitan', includes: [] },
};

/** Every permission a set grants once broader ones are opened up into their parts. */
export function expandPermissions(granted: Iterable<Permission>): Set<Permission> {
  const out = new Set<Permission>();
  const stack = [...granted];
  while (stack.length) {
    const p = stack.pop()!;
    if (out.has(p)) continue;
    out.add(p);
    stack.push(...PERMISSION_CATALOG[p].includes);
  }
  return out;
}

/** Things a person can do that need more than one permission at once. */
export const CAPABILITIES = {
  workAbandoned: ['followups.abandoned.edit'],
  workSecondChance: ['followups.scl.edit'],
  configureSecondChance: ['admin.feature_management', 'admin.ti_followup_reporting_settings'],
  configureVoiceAgent: ['admin.voice_agent'],
  manageTrackingNumbers: ['servicetitan.phone_settings'],
  manageUsersAndRoles: ['admin.users_roles'],
  viewReports: ['reports.unbooked_abandoned'],
  viewQueueTiles: ['supervisor.queue_tiles'],
} as const satisfies Record<string, readonly Permission[]>;
export type Capability = keyof typeof CAPABILITIES;

export const roleSchema = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1).max(80),
  permissions: z.array(permissionSchema),
});
export type Role = z.infer<typeof roleSchema>;

/** A user holds roles and a set of accounts (tenants) they may see. */
export type Grantee = { roleIds: readonly string[]; accountIds: readonly string[] };

export function effectivePermissions(user: Grantee, roles: readonly Role[]): Set<Permission> {
  const held = roles.filter((r) => user.roleIds.includes(r.id)).flatMap((r) => r.permissions);
  return expandPermissions(held);
}

export function can(permissions: ReadonlySet<Permission>, capability: Capability): boolean {
  return CAPABILITIES[capability].every((p) => permissions.has(p));
}

export function canSeeAccount(user: Pick<Grantee, 'accountIds'>, accountId: string): boolean {
  return user.accountIds.includes(accountId);
}
