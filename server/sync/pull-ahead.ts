import type { PullResponse } from '../../shared';
import type { Principal } from '../auth/principal';

type Prepared = { key: string; at: number; page: Promise<PullResponse>; read: () => Promise<PullResponse> };

/** How long a prepared page waits for its desk, and how many wait at once (each is a few MB). */
const KEEP_MS = 10_000;
const MAX_PREPARED = 8;

/**
 * The next page of a long catch-up, prepared while the desk stores the one it has. Without it the
 * server sat idle while the desk parsed and stored a page, and the desk waited while the server
 * read the next: the two took turns instead of overlapping.
 *
 * A prepared page is only handed to the same desk asking for exactly it, as the same user with the
 * same accounts, queues and permissions: a role or account change made meanwhile makes the
 * request miss, and the page is read afresh under the new scope.
 */
export class PullAhead {
  private prepared: Prepared[] = [];

  constructor(
    private readonly read: (p: Principal, cursor: number, limit: number) => Promise<PullResponse>,
    private readonly now: () => number = Date.now,
  ) {}

  async pull(p: Principal, clientId: string, cursor: number, limit: number, nextLimit?: number): Promise<PullResponse> {
    const page = await (this.take(keyOf(p, clientId, cursor, limit)) ?? this.read(p, cursor, limit));
    if (nextLimit && page.hasMore && !page.reset) this.prepare(keyOf(p, clientId, page.cursor, nextLimit), () => this.read(p, page.cursor, nextLimit));
    return page;
  }

  /** How many pages wait for their desks (for tests). */
  get waiting(): number {
    return this.prepared.length;
  }

  private take(key: string): Promise<PullResponse> | null {
    const now = this.now();
    this.prepared = this.prepared.filter((e) => now - e.at < KEEP_MS);
    const i = this.prepared.findIndex((e) => e.key === key);
    if (i < 0) return null;
    const [hit] = this.prepared.splice(i, 1);
    // A prepared read that failed is read again, now, so the desk gets this request's own answer.
    return hit!.page.catch(() => hit!.read());
  }

  private prepare(key: string, read: () => Promise<PullResponse>): void {
    const page = read();
    page.catch(() => {}); // awaited when the desk asks; a failure then means reading again
    this.prepared = [...this.prepared.filter((e) => e.key !== key), { key, at: this.now(), page, read }].slice(-MAX_PREPARED);
  }
}

function keyOf(p: Principal, clientId: string, cursor: number, limit: number): string {
  const scope = [p.accounts.map((a) => a.id).sort(), [...p.kinds].sort(), [...p.permissions].sort()];
  return JSON.stringify([p.userId, clientId, cursor, limit, scope]);
}
