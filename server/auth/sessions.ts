import { createHash, randomBytes } from 'node:crypto';
import type { ServerContext } from '../context';
import { verifyPassword } from './passwords';
import { loadPrincipal, type Principal } from './principal';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Checks the password and opens a session; only the token's hash is stored. */
export async function signIn(
  ctx: ServerContext,
  email: string,
  password: string,
): Promise<{ token: string; principal: Principal } | null> {
  const [user] = await ctx.db.query<{ id: string; password_hash: string }>(
    'select id, password_hash from users where lower(email) = lower($1)',
    [email],
  );
  // Verify against a dummy hash when the user is unknown, so timing does not reveal who exists.
  const ok = await verifyPassword(password, user?.password_hash ?? 'scrypt$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  if (!user || !ok) return null;
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock();
  const expires = new Date(now.getTime() + ctx.config.sessionHours * 3_600_000);
  await ctx.db.query(
    'insert into sessions (token_hash, user_id, created_at, expires_at) values ($1, $2, $3, $4)',
    [sha256(token), user.id, now, expires],
  );
  const principal = await loadPrincipal(ctx.db, user.id);
  return principal ? { token, principal } : null;
}

/** The principal behind a bearer token, freshly loaded so role changes apply at once. */
export async function authenticate(ctx: ServerContext, token: string | undefined): Promise<Principal | null> {
  if (!token) return null;
  const [row] = await ctx.db.query<{ user_id: string }>(
    'select user_id from sessions where token_hash = $1 and expires_at > $2',
    [sha256(token), ctx.clock()],
  );
  return row ? loadPrincipal(ctx.db, row.user_id) : null;
}

export async function signOut(ctx: ServerContext, token: string): Promise<void> {
  await ctx.db.query('delete from sessions where token_hash = $1', [sha256(token)]);
}
