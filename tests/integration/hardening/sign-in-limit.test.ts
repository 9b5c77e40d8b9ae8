import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SignInLimiter } from '../../../server/auth/sign-in-limiter';
import { startTestServer, type TestServer } from '../../support/test-server';

// The real hash, counted: a refused attempt must be answered without computing one.
const hashes = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../server/auth/passwords', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../server/auth/passwords')>();
  return {
    ...real,
    verifyPassword: async (password: string, stored: string) => {
      hashes.count++;
      return real.verifyPassword(password, stored);
    },
  };
});

async function signIn(url: string, email: string, password: string, address: string) {
  const res = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), json: (await res.json()) as { message: string; token?: string } };
}

describe('sign-in rate limit (PGlite)', () => {
  let t: TestServer;
  beforeAll(async () => {
    // Twelve failures per address instead of thirty keeps the burst short on a busy machine.
    t = await startTestServer({ name: 'pglite' }, { server: { signInLimiter: new SignInLimiter({ addressFailures: 12 }) } });
  });
  afterAll(() => t?.close());

  it('refuses the 201st wrong password for one account without computing a hash, and says when to try again', async () => {
    hashes.count = 0;
    const answers: number[] = [];
    let last: Awaited<ReturnType<typeof signIn>> | null = null;
    for (let i = 0; i < 201; i++) {
      last = await signIn(t.url, 'ava@northside.example', `wrong-${i}`, '10.0.0.1');
      answers.push(last.status);
    }
    expect(answers.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(answers.slice(10).every((s) => s === 429)).toBe(true);
    expect(hashes.count).toBe(10);
    expect(last!.json.message).toMatch(/^Too many failed sign-ins\. Try again in \d+ s\.$/);
    expect(Number(last!.retryAfter)).toBeGreaterThan(0);
    // The right password is refused too while the account is locked: guessing it is the point.
    expect((await signIn(t.url, 'ava@northside.example', 'rebound-demo', '10.0.0.2')).status).toBe(429);
    expect(hashes.count).toBe(10);
    // Other people, elsewhere, are not locked out by it.
    expect((await signIn(t.url, 'cora@southside.example', 'rebound-demo', '10.0.0.3')).status).toBe(200);
  }, 60_000);

  it('limits one address spraying many accounts, while another address signs in at once', async () => {
    hashes.count = 0;
    const burst = await Promise.all(
      Array.from({ length: 24 }, (_, i) => signIn(t.url, `nobody-${i}@example.com`, 'guess', '10.0.0.9')),
    );
    expect(burst.filter((r) => r.status === 401)).toHaveLength(12);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(12);
    expect(hashes.count).toBe(12);
    const started = Date.now();
    const real = await signIn(t.url, 'ben@rebound.example', 'rebound-demo', '10.0.0.10');
    expect(real.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 60_000);
});
