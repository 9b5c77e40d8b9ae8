import { randomUUID } from 'node:crypto';
import { can, permissionSchema, plural, type Permission, type RoleInput, type UserAccess } from '../../shared';
import { loadPrincipal, type Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import type { Queryable } from '../store/db';
import { transact } from '../store/retry';
import { notifyAccess } from '../changes/access-notice';
import { AdminRefusal } from './refusal';
import { needEveryAccount, needSharedUser, overEveryAccount } from './scope';

function needPermission(p: Principal) {
  if (!can(p.permissions, 'manageUsersAndRoles')) throw new AdminRefusal(403, 'Managing users and roles needs the Manage Users and Roles permission.');
}

const permissionsOf = (raw: unknown): Permission[] =>
  (Array.isArray(raw) ? raw : []).flatMap((x) => {
    const r = permissionSchema.safeParse(x);
    return r.success ? [r.data] : [];
  });

async function roles(q: Queryable) {
  const rows = await q.query<{ id: string; name: string; permissions: unknown; users: unknown }>(
    `select r.id, r.name, r.permissions, (select count(*) from user_roles ur where ur.role_id = r.id) as users from roles r order by r.name`,
  );
  return rows.map((r) => ({ id: r.id, name: r.name, permissions: permissionsOf(r.permissions), users: Number(r.users) }));
}

/** Users who share at least one account with the admin, with only those shared accounts shown. */
async function users(q: Queryable, p: Principal) {
  const mine = p.accounts.map((a) => a.id);
  const everyAccount = await overEveryAccount(q, p);
  const rows = await q.query<{ id: string; name: string; email: string; role_ids: string[] | null; account_ids: string[] | null; active: boolean }>(
    `select u.id, u.name, u.email, u.deactivated_at is null as active,
            array(select role_id from user_roles where user_id = u.id order by role_id) as role_ids,
            array(select account_id from user_accounts where user_id = u.id and account_id = any($1::text[]) order by account_id) as account_ids
       from users u
      where exists (select 1 from user_accounts ua where ua.user_id = u.id and ua.account_id = any($1::text[]))
         or ($2 and not exists (select 1 from user_accounts ua where ua.user_id = u.id))
      order by u.name`,
    [mine, everyAccount],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, roleIds: r.role_ids ?? [], accountIds: r.account_ids ?? [], active: r.active }));
}

export async function listUsersAndRoles(ctx: ServerContext, p: Principal) {
  needPermission(p);
  return { roles: await roles(ctx.db), users: await users(ctx.db, p), accounts: p.accounts };
}

/** The admin must not take away their own right to manage access: nobody could give it back. */
async function keepsOwnAccess(q: Queryable, p: Principal) {
  const me = await loadPrincipal(q, p.userId);
  if (!me || !can(me.permissions, 'manageUsersAndRoles')) {
    throw new AdminRefusal(409, 'That would remove your own Manage Users and Roles permission. Ask another admin to make this change.');
  }
}

export async function saveRole(ctx: ServerContext, p: Principal, input: RoleInput) {
  needPermission(p);
  return transact(ctx.db, async (tx) => {
    await needEveryAccount(tx, p, 'Roles');
    // Stored as chosen; a broader permission brings its narrower ones when it is read.
    const permissions = [...new Set(input.permissions)].sort();
    const id = input.id ?? `role-${randomUUID()}`;
    const [clash] = await tx.query<{ id: string }>('select id from roles where lower(name) = lower($1) and id <> $2', [input.name, id]);
    if (clash) throw new AdminRefusal(409, `A role named “${input.name}” already exists.`, 'name');
    if (input.id) {
      const [row] = await tx.query('update roles set name = $2, permissions = $3 where id = $1 returning id', [id, input.name, JSON.stringify(permissions)]);
      if (!row) throw new AdminRefusal(404, 'That role no longer exists.');
    } else {
      await tx.query('insert into roles (id, name, permissions) values ($1, $2, $3)', [id, input.name, JSON.stringify(permissions)]);
    }
    await keepsOwnAccess(tx, p);
    const holders = await tx.query<{ user_id: string }>('select user_id from user_roles where role_id = $1', [id]);
    if (holders.length) await notifyAccess(tx, { userIds: holders.map((h) => h.user_id) });
    const [users] = await tx.query<{ n: unknown }>('select count(*) as n from user_roles where role_id = $1', [id]);
    return { id, name: input.name, permissions, users: Number(users!.n) };
  });
}

export async function deleteRole(ctx: ServerContext, p: Principal, roleId: string) {
  needPermission(p);
  return transact(ctx.db, async (tx) => {
    await needEveryAccount(tx, p, 'Roles');
    const [held] = await tx.query<{ n: unknown }>('select count(*) as n from user_roles where role_id = $1', [roleId]);
    if (Number(held!.n) > 0) throw new AdminRefusal(409, `This role is held by ${plural(Number(held!.n), 'user', 'users')}; take it from them first.`);
    const [row] = await tx.query('delete from roles where id = $1 returning id', [roleId]);
    if (!row) throw new AdminRefusal(404, 'That role no longer exists.');
    return { ok: true as const };
  });
}

/**
 * Sets a user's roles and, among the admin's own accounts, which ones they may see. Accounts
 * outside the admin's scope are left as they are: an admin cannot grant or revoke what they
 * cannot see themselves.
 */
export async function saveUserAccess(ctx: ServerContext, p: Principal, a: UserAccess) {
  needPermission(p);
  const mine = new Set(p.accounts.map((x) => x.id));
  const outside = a.accountIds.filter((id) => !mine.has(id));
  if (outside.length) throw new AdminRefusal(404, 'Only your own accounts can be given.');
  return transact(ctx.db, async (tx) => {
    const [user] = await tx.query<{ id: string; name: string; email: string; active: boolean }>(
      'select id, name, email, deactivated_at is null as active from users where id = $1 for update',
      [a.userId],
    );
    if (!user) throw new AdminRefusal(404, 'No such user.');
    const { accountIds: theirs } = await needSharedUser(tx, p, a.userId);
    // A person's roles apply in every account they work for: changing them takes an admin of all of those.
    const current = (await tx.query<{ role_id: string }>('select role_id from user_roles where user_id = $1', [a.userId])).map((r) => r.role_id);
    const sameRoles = current.length === new Set(a.roleIds).size && current.every((r) => a.roleIds.includes(r));
    if (!sameRoles && theirs.some((acc) => !mine.has(acc))) {
      throw new AdminRefusal(403, "This person's roles also apply in accounts you do not administer; an admin over all of their accounts can change them.");
    }
    const known = await tx.query<{ id: string }>('select id from roles where id = any($1::text[])', [a.roleIds]);
    if (known.length !== new Set(a.roleIds).size) throw new AdminRefusal(404, 'One of those roles no longer exists.');
    await tx.query('delete from user_roles where user_id = $1', [a.userId]);
    for (const r of new Set(a.roleIds)) await tx.query('insert into user_roles (user_id, role_id) values ($1, $2)', [a.userId, r]);
    await tx.query('delete from user_accounts where user_id = $1 and account_id = any($2::text[])', [a.userId, [...mine]]);
    for (const acc of new Set(a.accountIds)) await tx.query('insert into user_accounts (user_id, account_id) values ($1, $2)', [a.userId, acc]);
    if (a.userId === p.userId) await keepsOwnAccess(tx, p);
    await notifyAccess(tx, { userIds: [a.userId] });
    const accountIds = (await tx.query<{ account_id: string }>('select account_id from user_accounts where user_id = $1 and account_id = any($2::text[]) order by account_id', [a.userId, [...mine]])).map((r) => r.account_id);
    return { id: user.id, name: user.name, email: user.email, roleIds: [...new Set(a.roleIds)].sort(), accountIds, active: user.active };
  });
}

