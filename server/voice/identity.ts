/*
 * A Voice SDK client identity may only hold letters, digits and underscores, and arrives back
 * as `client:<identity>` in the From of every call the softphone places. User ids may hold
 * other characters, so they travel hex-encoded and are decoded on the way in.
 */
const PREFIX = 'agent_';

export function identityFor(userId: string): string {
  return PREFIX + Buffer.from(userId, 'utf8').toString('hex');
}

/** The user behind `client:<identity>`, or null for anything that is not one of ours. */
export function userIdFromClient(from: string | undefined): string | null {
  const m = /^client:agent_((?:[0-9a-f]{2})+)$/.exec(from ?? '');
  if (!m) return null;
  const id = Buffer.from(m[1]!, 'hex').toString('utf8');
  // Only what identityFor could have made: valid UTF-8 (no replacement characters standing in
  // for broken bytes) and no NUL, which PostgreSQL cannot compare or store.
  return identityFor(id) === `${PREFIX}${m[1]!.toLowerCase()}` && !id.includes('\u0000') ? id : null;
}
