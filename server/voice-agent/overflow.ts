import type { ServerContext } from '../context';
import { queueFor, type Routing } from '../telephony/call-events';
import type { AgentSetupCache } from './agent-setup';
import type { Presence } from './presence';
import { openSession } from './session-store';

/*
 * The routing workflow's overflow rule, executed:
 *  - wait: the caller waits; once the wait passes the rule's seconds the wait TwiML answers
 *    <Leave/> and the Enqueue action connects them to the Voice Agent;
 *  - no_agent: with nobody signed in and free to take the queue's callers, the incoming call
 *    goes straight to the Voice Agent;
 *  - no rule, a direct-dial number, or the Voice Agent switched off for the account: the queue,
 *    exactly as without a Voice Agent.
 */

export type Overflow =
  | { kind: 'queue'; queueId: string | null }
  | { kind: 'wait'; queueId: string; waitSeconds: number }
  | { kind: 'agent'; accountId: string; queueId: string };

type Caller = { CallSid: string; From?: string | undefined; CallerName?: string | undefined };

async function agentOn(setup: AgentSetupCache, accountId: string): Promise<boolean> {
  return (await setup.get(accountId)).settings.enabled;
}

export async function decideOverflow(ctx: ServerContext, setup: AgentSetupCache, presence: Presence, route: Routing | null, p: Caller): Promise<Overflow> {
  const now = ctx.clock();
  const queueId = queueFor(route, now);
  if (!route || !queueId || route.number_type === 'direct' || !route.overflow_rule || route.overflow_rule === 'none') return { kind: 'queue', queueId };
  if (!(await agentOn(setup, route.account_id))) return { kind: 'queue', queueId };
  if (route.overflow_rule === 'wait') return { kind: 'wait', queueId, waitSeconds: route.overflow_wait_seconds ?? 60 };
  if (await presence.anyAgentFree(route.account_id, now)) return { kind: 'queue', queueId };
  await openSession(
    ctx.db,
    { callSid: p.CallSid, accountId: route.account_id, queueId, campaignId: route.campaign_id, reason: 'no_agent', from: p.From ?? null, callerName: p.CallerName ?? null },
    now,
  );
  return { kind: 'agent', accountId: route.account_id, queueId };
}

/** The wait passed: true (and the session opened) when the Voice Agent should take this caller now. */
export async function overflowAfterWait(ctx: ServerContext, setup: AgentSetupCache, route: Routing | null, p: Caller): Promise<boolean> {
  const now = ctx.clock();
  const queueId = queueFor(route, now);
  if (!route || !queueId || route.overflow_rule !== 'wait' || !(await agentOn(setup, route.account_id))) return false;
  await openSession(
    ctx.db,
    { callSid: p.CallSid, accountId: route.account_id, queueId, campaignId: route.campaign_id, reason: 'wait', from: p.From ?? null, callerName: p.CallerName ?? null },
    now,
  );
  return true;
}
