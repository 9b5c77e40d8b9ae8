/** Renew this long before the token's own expiry, so a slow answer never leaves a gap. */
export const REFRESH_MARGIN_MS = 60_000;

export type Timer = { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void };

/** The `exp` claim of a JWT, in epoch milliseconds; null when the token cannot be read. */
export function tokenExpiry(jwt: string): number | null {
  try {
    const part = jwt.split('.')[1] ?? '';
    const json = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof json.exp === 'number' ? json.exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * Keeps a Voice token fresh from its own `exp`, renewing again after every renewal. The SDK's
 * tokenWillExpire fires only once (twilio-voice.js #93), so it cannot be relied on past the
 * first hour. A failed renewal retries sooner, never later than the token's end.
 */
export function keepTokenFresh(o: {
  token: string;
  now: () => number;
  renew: () => Promise<string>;
  apply: (token: string) => void;
  failed: (err: unknown) => void;
  timer?: Timer;
}): () => void {
  const timer = o.timer ?? { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };
  let handle: unknown = null;
  let stopped = false;

  const arm = (token: string) => {
    const exp = tokenExpiry(token);
    if (exp === null || stopped) return;
    handle = timer.set(() => void renew(exp), Math.max(0, exp - REFRESH_MARGIN_MS - o.now()));
  };
  const renew = async (exp: number) => {
    try {
      const next = await o.renew();
      if (stopped) return;
      o.apply(next);
      arm(next);
    } catch (err) {
      if (stopped) return;
      o.failed(err);
      const left = exp - o.now();
      if (left > 1000) handle = timer.set(() => void renew(exp), Math.min(10_000, left / 2));
    }
  };
  arm(o.token);
  return () => {
    stopped = true;
    if (handle !== null) timer.clear(handle);
  };
}
