import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

type Cost = { N: number; r: number; p: number };

/**
 * OWASP's current guidance for scrypt lists N=2^16, r=8, p=2 (64 MiB, about 0.3 s here) among
 * its equivalent settings: the 64 MiB variant keeps a few concurrent sign-ins within memory.
 */
export const SCRYPT_COST: Cost = { N: 2 ** 16, r: 8, p: 2 };
/** What hashes written before the cost was raised used (Node's default). */
const LEGACY_COST: Cost = { N: 2 ** 14, r: 8, p: 1 };

function scrypt(password: string, salt: Buffer, len: number, cost: Cost): Promise<Buffer> {
  const opts: ScryptOptions = { ...cost, maxmem: 128 * cost.N * cost.r * cost.p + 64 * 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCb(password, salt, len, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

/** scrypt with a random salt and its cost in the record: `scrypt2$N,r,p$<salt>$<hash>` (base64url). */
export async function hashPassword(password: string, cost: Cost = SCRYPT_COST): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32, cost);
  return `scrypt2$${cost.N},${cost.r},${cost.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

function parse(stored: string): { cost: Cost; salt: string; hash: string } | null {
  const parts = stored.split('$');
  if (parts[0] === 'scrypt' && parts.length === 3) return { cost: LEGACY_COST, salt: parts[1]!, hash: parts[2]! };
  if (parts[0] !== 'scrypt2' || parts.length !== 4) return null;
  const [N, r, p] = parts[1]!.split(',').map(Number);
  if (!N || !r || !p) return null;
  return { cost: { N, r, p }, salt: parts[2]!, hash: parts[3]! };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const rec = parse(stored);
  if (!rec) return false;
  const expected = Buffer.from(rec.hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(rec.salt, 'base64url'), expected.length, rec.cost);
  return timingSafeEqual(actual, expected);
}

/** A hash written at a lower cost than today's: rewritten at the next successful sign-in. */
export function needsRehash(stored: string): boolean {
  const rec = parse(stored);
  return !rec || rec.cost.N < SCRYPT_COST.N || rec.cost.r < SCRYPT_COST.r || rec.cost.p < SCRYPT_COST.p;
}

/** Verified against when the email is unknown, at today's cost, so timing does not reveal who exists. */
export const UNKNOWN_USER_HASH = `scrypt2$${SCRYPT_COST.N},${SCRYPT_COST.r},${SCRYPT_COST.p}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;

/** A one-time sign-in code is good for three days, then the admin issues another. */
export const SIGN_IN_CODE_HOURS = 72;
