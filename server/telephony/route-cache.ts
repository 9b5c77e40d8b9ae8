import type { Db } from '../store/db';
import { AgentSetupCache } from '../voice-agent/agent-setup';
import { routeFor, type Routing } from './call-events';

export const ROUTING_CHANNEL = 'rebound_routing';

/**
 * Each tracking number's route, kept in memory for the TwiML answer to an incoming call: that
 * answer is on the path Twilio waits on, and reading the route for every call cost a third of
 * the embedded database's time under load. A change to numbers, workflows, queues or accounts
 * (any process: a trigger NOTIFYs) empties it; so does this process's own admin write, before
 * its reply, so nobody sees an old route after being told of a new one. The recorded call
 * still reads the route from the database when it is applied. The Voice Agent's setup per
 * account (its settings decide the overflow) is kept and emptied with the routes.
 */
export class RouteCache {
  private routes = new Map<string, { route: Routing | null; at: number }>();
  private unlisten: (() => Promise<void>) | null = null;
  readonly agentSetup: AgentSetupCache;

  constructor(
    private readonly db: Db,
    /** A bound on staleness should a notification ever be missed (a dropped LISTEN connection). */
    private readonly ttlMs = 10_000,
  ) {
    this.agentSetup = new AgentSetupCache(db, ttlMs);
  }

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(ROUTING_CHANNEL, () => this.clear());
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
  }

  clear(): void {
    this.routes.clear();
    this.agentSetup.clear();
  }

  async get(number: string | undefined): Promise<Routing | null> {
    if (!number) return null;
    const hit = this.routes.get(number);
    if (hit && performance.now() - hit.at < this.ttlMs) return hit.route;
    const route = await routeFor(this.db, number);
    this.routes.set(number, { route, at: performance.now() });
    return route;
  }
}
