import { randomBytes, randomUUID } from 'node:crypto';
import { newPasswordText, PERMISSIONS, formatIssues } from '../../shared';
import type { Db } from '../store/db';
import { transact } from '../store/retry';
import { hashPassword, SIGN_IN_CODE_HOURS } from './passwords';
import { codeHash } from './sessions';

export class FirstAdminRefusal extends Error {}

/** The role the first admin holds: every permission. Kept if it exists already. */
const OWNER_ROLE = { id: 'role-owner', name: 'Owner' };

/**
 * The first person of a production database: an admin over every account, with a password
 * chosen by whoever runs the server (never a published one) or, without one, a one-time sign-in
 * code printed once, with which they choose their own. Refused once anybody exists.
 */
export async function createFirstAdmin(
  db: Db,
  input: { email: string; name?: string; password?: string },
  now = new Date(),
): Promise<{ userId: string; signInCode: string | null; codeExpiresAt: Date | null }> {
  const email = input.email.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new FirstAdminRefusal(`"${email}" is not an e-mail address.`);
  if (input.password !== undefined) {
    const ok = newPasswordText.safeParse(input.password);
    if (!ok.success) throw new FirstAdminRefusal(`The first admin's password: ${formatIssues(ok.error)}`);
  }
  const code = input.password === undefined ? randomBytes(18).toString('base64url') : null;
  const hash = await hashPassword(input.password ?? randomBytes(32).toString('base64url'));
  const expires = new Date(now.getTime() + SIGN_IN_CODE_HOURS * 3_600_000);
  return transact(db, async (tx) => {
    const [someone] = await tx.query('select 1 from users limit 1');
    if (someone) throw new FirstAdminRefusal('This database has users already: the first admin exists. Add people from the Users screen.');
    await tx.query('insert into roles (id, name, permissions) values ($1, $2, $3) on conflict (id) do nothing', [OWNER_ROLE.id, OWNER_ROLE.name, JSON.stringify(PERMISSIONS)]);
    const userId = `u-${randomUUID()}`;
    await tx.query('insert into users (id, email, name, password_hash) values ($1, $2, $3, $4)', [userId, email, input.name?.trim() || email, hash]);
    await tx.query('insert into user_roles (user_id, role_id) values ($1, $2)', [userId, OWNER_ROLE.id]);
    await tx.query('insert into user_accounts (user_id, account_id) select $1, id from accounts', [userId]);
    if (code) await tx.query('insert into sign_in_codes (code_hash, user_id, created_at, expires_at) values ($1, $2, $3, $4)', [codeHash(code), userId, now, expires]);
    return { userId, signInCode: code, codeExpiresAt: code ? expires : null };
  });
}
