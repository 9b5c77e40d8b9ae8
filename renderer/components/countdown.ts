/**
 * Whole seconds left on a countdown, as a person reads one: it starts at the full time (2:00 for
 * a 2-minute After Call Work Time, never 2:01), ticks to 1:59 one second in, and shows 0:00 only
 * when the time is up. The clock reading may be older than the countdown's start (a ticker reads
 * the time once a tick, and the countdown can begin between two ticks): it never adds time.
 */
export function secondsLeft(countdown: { deadline: number; seconds: number }, now: number): number {
  return Math.min(countdown.seconds, Math.max(0, Math.ceil((countdown.deadline - now) / 1000)));
}
