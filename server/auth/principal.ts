import {
  CAPABILITY_FOR_KIND,
  can,
  expandPermissions,
  FOLLOW_UP_KINDS,
  permissionSchema,
  type FollowUpKind,
  type Permission,
} from '../../shared';
import type { Queryable } from '../store/db';

/** Who is asking, with everything needed to check permission and tenant scope. */
export type Principal = {
  userId: string;
  userName: string;
  email: string;
  permissions: Set<Permission>;
  accounts: { id: string; name: string }[];
  /** The queues this user may read and edit. */
  kinds: FollowUpKind[];
};

export async function loadPrincipal(q: Queryable, userId: string): Promise<Principal | null> {
  const [user] = await q.query<{ id: string; name: string; email: string }>(
    // A deactivated user is nobody: every request and socket of theirs is refused.
    'select id, name, email from users where id = $1 and deactivated_at is null',
    [userId],
  );
  if (!user) return null;
  const roles = await q.query<{ permissions: unknown }>(
    'select r.permissions from roles r join user_roles ur on ur.role_id = r.id where ur.user_id = $1',
    [userId],
  );
  const granted = roles.flatMap((r) =>
    (Array.isArray(r.permissions) ? r.permissions : []).flatMap((p) => {
      const parsed = permissionSchema.safeParse(p);
      return parsed.success ? [parsed.data] : [];
    }),
  );
  const permissions = expandPermissions(granted);
  const accounts = await q.query<{ id: string; name: string }>(
    'select a.id, a.name from accounts a join user_accounts ua on ua.account_id = a.id where ua.user_id = $1 order by a.name',
    [userId],
  );
  return {
    userId: user.id,
    userName: user.name,
    email: user.email,
    permissions,
    accounts,
    kinds: FOLLOW_UP_KINDS.filter((k) => can(permissions, CAPABILITY_FOR_KIND[k])),
  };
}

export function mayWork(p: Principal, lead: { accountId: string; kind: FollowUpKind }): boolean {
  return p.kinds.includes(lead.kind) && p.accounts.some((a) => a.id === lead.accountId);
}
