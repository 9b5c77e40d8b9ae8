import type { Routing } from './call-events';

/**
 * Where a call goes when routing cannot reach anyone: the number's forwarding (Call
 * Continuity) number, if it has one. That is when the number routes nowhere today (no active
 * workflow, unassigned, not yet usable, a direct line without its employee) — callers there were
 * disconnected — and when it routes to a queue but nobody who may take its callers is signed in
 * and free (the Voice Agent, when the workflow overflows to it, is asked first). Returns the
 * number to <Dial>, or null to route as usual. Such calls are marked forwarded, never abandoned.
 */
export async function callContinuity(
  route: Routing | null,
  queueId: string | null,
  anyAgentFree: (accountId: string) => Promise<boolean>,
): Promise<string | null> {
  if (!route?.forwarding_e164) return null;
  if (!queueId) return route.forwarding_e164;
  return (await anyAgentFree(route.account_id)) ? null : route.forwarding_e164;
}
