import { createHash, randomBytes } from 'node:crypto';
import type { ServerContext } from '../context';
import { transact } from '../store/retry';
import { hashPassword, needsRehash, UNKNOWN_USER_HASH, verifyPassword } from './passwords';
import { loadPrincipal, type Principal } from './principal';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** One-time sign-in codes are stored as their hash, like session tokens. */
export const codeHash = sha256;

/** A session's last use is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

/** Checks the password and opens a session; only the token's hash is stored. */
export async function signIn(
  ctx: ServerContext,
  email: string,
  password: string,
): Promise<{ token: string; principal: Principal } | null> {
  const [user] = await ctx.db.query<{ id: string; password_hash: string }>(
    'select id, password_hash from users where lower(email) = lower($1) and deactivated_at is null',
    [email],
  );
  // Verify against a dummy hash when the user is unknown, so timing does not reveal who exists.
  const ok = await verifyPassword(password, user?.password_hash ?? UNKNOWN_USER_HASH);
  if (!user || !ok) return null;
  if (needsRehash(user.password_hash)) {
    await ctx.db.query('update users set password_hash = $2 where id = $1', [user.id, await hashPassword(password)]);
  }
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock();
  const expires = new Date(now.getTime() + ctx.config.sessionHours * 3_600_000);
  await ctx.db.query(
    'insert into sessions (token_hash, user_id, created_at, expires_at, last_seen_at) values ($1, $2, $3, $4, $3)',
    [sha256(token), user.id, now, expires],
  );
  const principal = await loadPrincipal(ctx.db, user.id);
  return principal ? { token, principal } : null;
}

/** The oldest last use a live session may have: older ones ended for being idle. */
const idleCutoff = (ctx: ServerContext) => new Date(ctx.clock().getTime() - ctx.config.sessionIdleMinutes * 60_000);

/**
 * First sign-in with a one-time code an admin handed over: the code (for this e-mail, unused,
 * unexpired) is spent and `password` becomes the user's own. False when the code does not hold.
 */
export async function redeemSignInCode(ctx: ServerContext, email: string, code: string, password: string): Promise<boolean> {
  const hash = await hashPassword(password);
  return transact(ctx.db, async (tx) => {
    const [row] = await tx.query<{ user_id: string }>(
      `update sign_in_codes c set used_at = $3
         from users u
        where c.code_hash = $1 and u.id = c.user_id and lower(u.email) = lower($2) and u.deactivated_at is null
          and c.used_at is null and c.expires_at > $3
      returning c.user_id`,
      [codeHash(code), email, ctx.clock()],
    );
    if (!row) return false;
    await tx.query('update users set password_hash = $2 where id = $1', [row.user_id, hash]);
    return true;
  });
}

/** The principal behind a bearer token, freshly loaded so role changes apply at once. */
export async function authenticate(ctx: ServerContext, token: string | undefined): Promise<(Principal & { tokenHash: string }) | null> {
  if (!token) return null;
  const now = ctx.clock();
  const tokenHash = sha256(token);
  const [row] = await ctx.db.query<{ user_id: string; last_seen_at: Date | string }>(
    'select user_id, last_seen_at from sessions where token_hash = $1 and expires_at > $2 and last_seen_at > $3',
    [tokenHash, now, idleCutoff(ctx)],
  );
  if (!row) return null;
  if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) {
    await ctx.db.query('update sessions set last_seen_at = $2 where token_hash = $1', [tokenHash, now]);
  }
  const principal = await loadPrincipal(ctx.db, row.user_id);
  return principal ? { ...principal, tokenHash } : null;
}

/** Of these sessions, the ones still live (not signed out, expired or idle). */
export async function liveSessions(ctx: ServerContext, tokenHashes: string[]): Promise<Set<string>> {
  if (tokenHashes.length === 0) return new Set();
  const rows = await ctx.db.query<{ token_hash: string }>(
    'select token_hash from sessions where token_hash = any($1) and expires_at > $2 and last_seen_at > $3',
    [tokenHashes, ctx.clock(), idleCutoff(ctx)],
  );
  return new Set(rows.map((r) => r.token_hash));
}

export async function signOut(ctx: ServerContext, token: string): Promise<void> {
  await ctx.db.query('delete from sessions where token_hash = $1', [sha256(token)]);
}

/** Ended sessions are deleted, not kept: a stolen database then holds fewer token hashes. */
export async function deleteEndedSessions(ctx: ServerContext): Promise<void> {
  await ctx.db.query('delete from sessions where expires_at <= $1 or last_seen_at <= $2', [ctx.clock(), idleCutoff(ctx)]);
}
