/**
 * Exponential backoff with full jitter: a branch office whose link comes back does not get
 * every desk reconnecting in the same millisecond.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
