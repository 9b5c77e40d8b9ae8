import { randomBytes, randomUUID } from 'node:crypto';
import { can, type NewUser } from '../../shared';
import { hashPassword, SIGN_IN_CODE_HOURS } from '../auth/passwords';
import type { Principal } from '../auth/principal';
import { codeHash } from '../auth/sessions';
import type { ServerContext } from '../context';
import { transact } from '../store/retry';
import { notifyAccess } from '../changes/access-notice';
import { AdminRefusal } from './refusal';
import { needSharedUser } from './scope';


function needPermission(p: Principal) {
  if (!can(p.permissions, 'manageUsersAndRoles')) throw new AdminRefusal(403, 'Managing users and roles needs the Manage Users and Roles permission.');
}

/** Twelve characters a person can read out loud: no 0/O, 1/l/I. */
function readable(length: number): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(length);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

/**
 * Adds a person with roles and some of the admin's own accounts. Nothing readable is stored:
 * the admin gets the one-time code (or the initial password) once, in this answer, to hand over.
 */
export async function addUser(ctx: ServerContext, p: Principal, u: NewUser) {
  needPermission(p);
  const mine = new Set(p.accounts.map((a) => a.id));
  if (u.accountIds.some((a) => !mine.has(a))) throw new AdminRefusal(404, 'Only your own accounts can be given.');
  const initialPassword = u.firstSignIn === 'password' ? readable(14) : null;
  // Nobody knows this password: until the code is redeemed the account cannot be signed into.
  const hash = await hashPassword(initialPassword ?? randomBytes(32).toString('base64url'));
  const code = u.firstSignIn === 'link' ? readable(24) : null;
  const now = ctx.clock();
  const expires = new Date(now.getTime() + SIGN_IN_CODE_HOURS * 3_600_000);
  return transact(ctx.db, async (tx) => {
    const [clash] = await tx.query('select 1 from users where lower(email) = lower($1)', [u.email]);
    if (clash) throw new AdminRefusal(409, `Someone with the e-mail ${u.email} already exists.`, 'email');
    const roleIds = [...new Set(u.roleIds)].sort();
    const known = await tx.query<{ id: string }>('select id from roles where id = any($1::text[])', [roleIds]);
    if (known.length !== roleIds.length) throw new AdminRefusal(404, 'One of those roles no longer exists.');
    const id = `u-${randomUUID()}`;
    await tx.query('insert into users (id, email, name, password_hash) values ($1, $2, $3, $4)', [id, u.email, u.name, hash]);
    for (const r of roleIds) await tx.query('insert into user_roles (user_id, role_id) values ($1, $2)', [id, r]);
    const accountIds = [...new Set(u.accountIds)].sort();
    for (const a of accountIds) await tx.query('insert into user_accounts (user_id, account_id) values ($1, $2)', [id, a]);
    if (code) await tx.query('insert into sign_in_codes (code_hash, user_id, created_at, expires_at) values ($1, $2, $3, $4)', [codeHash(code), id, now, expires]);
    return {
      user: { id, name: u.name, email: u.email, roleIds, accountIds, active: true },
      signInCode: code,
      codeExpiresAt: code ? expires.toISOString() : null,
      initialPassword,
    };
  });
}

/**
 * Deactivates (or reactivates) a person. Deactivation ends every session at once: their open
 * desks lose the socket and their next request is refused. Only an admin who holds every
 * account the person works for may do it, so no account loses someone behind its admins' back.
 */
export async function setUserActive(ctx: ServerContext, p: Principal, userId: string, active: boolean) {
  needPermission(p);
  if (userId === p.userId && !active) throw new AdminRefusal(409, 'You cannot deactivate yourself. Ask another admin.');
  const mine = new Set(p.accounts.map((a) => a.id));
  return transact(ctx.db, async (tx) => {
    const [user] = await tx.query<{ id: string; name: string; email: string }>('select id, name, email from users where id = $1 for update', [userId]);
    const theirs = (await tx.query<{ account_id: string }>('select account_id from user_accounts where user_id = $1 order by account_id', [userId])).map((r) => r.account_id);
    // Someone who shares none of the admin's accounts is, to this admin, nobody.
    if (!user) throw new AdminRefusal(404, 'No such user.');
    await needSharedUser(tx, p, userId);
    if (theirs.some((a) => !mine.has(a))) throw new AdminRefusal(403, `${user.name} also works for accounts you do not manage; an admin of all of them must do this.`);
    await tx.query('update users set deactivated_at = $2 where id = $1', [userId, active ? null : ctx.clock()]);
    if (!active) {
      await tx.query('delete from sessions where user_id = $1', [userId]);
      await tx.query('delete from sign_in_codes where user_id = $1 and used_at is null', [userId]);
    }
    await notifyAccess(tx, { userIds: [userId] });
    const roleIds = (await tx.query<{ role_id: string }>('select role_id from user_roles where user_id = $1 order by role_id', [userId])).map((r) => r.role_id);
    return { id: user.id, name: user.name, email: user.email, roleIds, accountIds: theirs, active };
  });
}
