import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export type LimiterVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Failed sign-ins counted per account (guessing one person's password) and per address
 * (spraying many accounts). A refused attempt is answered before any password hash is computed,
 * so a flood costs the server almost nothing and real sign-ins are not queued behind it.
 * Counts live in this process: with several server processes each keeps its own.
 */
export class SignInLimiter {
  private readonly perAccount: RateLimiterMemory;
  private readonly perAddress: RateLimiterMemory;

  constructor(opts: { accountFailures?: number; addressFailures?: number; windowSeconds?: number } = {}) {
    const duration = opts.windowSeconds ?? 15 * 60;
    this.perAccount = new RateLimiterMemory({ keyPrefix: 'acct', points: opts.accountFailures ?? 10, duration });
    this.perAddress = new RateLimiterMemory({ keyPrefix: 'addr', points: opts.addressFailures ?? 30, duration });
  }

  private static accountKey(email: string): string {
    return email.trim().toLowerCase();
  }

  /**
   * Counts an attempt before its password is checked (so a burst sent all at once is counted
   * too) and says whether it may be checked at all.
   */
  async attempt(email: string, address: string): Promise<LimiterVerdict> {
    const results = await Promise.allSettled([this.perAccount.consume(SignInLimiter.accountKey(email)), this.perAddress.consume(address)]);
    const refusals = results.flatMap((r) => (r.status === 'rejected' && r.reason instanceof RateLimiterRes ? [r.reason.msBeforeNext] : []));
    const failure = results.find((r) => r.status === 'rejected' && !(r.reason instanceof RateLimiterRes));
    if (failure) throw (failure as PromiseRejectedResult).reason;
    if (refusals.length === 0) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...refusals) / 1000)) };
  }

  /** A correct password clears that account's count and gives the address its attempt back. */
  async succeeded(email: string, address: string): Promise<void> {
    await Promise.all([this.perAccount.delete(SignInLimiter.accountKey(email)), this.perAddress.reward(address, 1)]);
  }
}
