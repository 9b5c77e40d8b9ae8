import type { VoiceAgentSettings } from '../../shared';
import { effectiveVoiceAgent } from '../admin/voice-agent';
import type { Queryable } from '../store/db';

/** What the Voice Agent needs of an account to route, greet and book for its callers. */
export type AgentSetup = {
  settings: VoiceAgentSettings;
  accountName: string;
  timeZone: string;
  jobTypes: readonly { id: string; name: string; dispatchFeeCents: number | null }[];
};

/**
 * Each account's Voice Agent setup, kept in memory beside the routes (RouteCache owns and empties
 * it). A spike of callers overflowing to the agent read the same settings, account and job types
 * seven times per caller on the paths Twilio and the caller wait on; on the embedded database
 * those statements were a fifth of the spike's work. A change to settings, job types or accounts
 * (any process: the routing trigger, migration 320) empties it, and so does this process's own
 * admin write before its reply.
 */
export class AgentSetupCache {
  private setups = new Map<string, { setup: Promise<AgentSetup>; at: number }>();

  constructor(
    private readonly db: Queryable,
    private readonly ttlMs = 10_000,
  ) {}

  clear(): void {
    this.setups.clear();
  }

  get(accountId: string): Promise<AgentSetup> {
    const hit = this.setups.get(accountId);
    if (hit && performance.now() - hit.at < this.ttlMs) return hit.setup;
    // The promise is kept, so a burst of callers on a cold cache shares one read.
    const setup = this.read(accountId);
    const entry = { setup, at: performance.now() };
    this.setups.set(accountId, entry);
    setup.catch(() => {
      if (this.setups.get(accountId) === entry) this.setups.delete(accountId);
    });
    return setup;
  }

  private async read(accountId: string): Promise<AgentSetup> {
    const { settings } = await effectiveVoiceAgent(this.db, accountId);
    const [account] = await this.db.query<{ name: string; time_zone: string }>('select name, time_zone from accounts where id = $1', [accountId]);
    const jobTypes = await this.db.query<{ id: string; name: string; dispatch_fee_cents: number | null }>(
      'select id, name, dispatch_fee_cents from job_types where account_id = $1 order by name',
      [accountId],
    );
    return {
      settings,
      accountName: account?.name ?? '',
      timeZone: account?.time_zone ?? 'America/New_York',
      jobTypes: jobTypes.map((j) => ({ id: j.id, name: j.name, dispatchFeeCents: j.dispatch_fee_cents })),
    };
  }
}
