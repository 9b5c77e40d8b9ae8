/**
 * Exponential backoff with equal jitter (half the ceiling, plus a random part of the other half):
 * a branch office whose link comes back does not get every desk reconnecting in the same
 * millisecond, and no desk retries at once after a failure, as full jitter sometimes would.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
