import type { DbPriority } from './db';

/** While both wait, every HIGH_SHARE-th turn goes to normal work. */
const HIGH_SHARE = 2;

/**
 * Work waiting for an embedded database that runs one thing at a time, in the order it is to be
 * served: by priority, first come first served within one. When webhooks (high) and ordinary
 * work (normal) both wait, every `highShare`-th turn goes to the ordinary work: applying comes
 * first, but a saturated database never starves a booking or a desk's pull. Low (housekeeping)
 * goes only when nothing else waits.
 *
 * A single high statement (`isStatement`: storing a webhook, a relay's last write) goes ahead of
 * the turns and takes none: it costs under a millisecond, and behind a share of Voice Agent
 * bookings a webhook waited 15-30 ms to be stored (bench/voice-agent.bench.ts).
 */
export class PriorityLanes<T> {
  private readonly lanes: Record<DbPriority, T[]> = { high: [], normal: [], low: [] };
  private highInARow = 0;

  constructor(
    private readonly isStatement: (item: T) => boolean,
    private readonly highShare = HIGH_SHARE,
  ) {}

  push(priority: DbPriority, item: T): void {
    this.lanes[priority].push(item);
  }

  /** The work that would be served next, left in place. */
  peek(): T | undefined {
    return this.lanes[this.pick()][0];
  }

  /** Removes and returns the work served next; only work taken counts as a turn. */
  take(): T | undefined {
    const priority = this.pick();
    const item = this.lanes[priority].shift();
    if (item === undefined || (priority === 'high' && this.isStatement(item))) return item;
    this.highInARow = priority === 'high' ? this.highInARow + 1 : 0;
    return item;
  }

  get size(): number {
    return this.lanes.high.length + this.lanes.normal.length + this.lanes.low.length;
  }

  private pick(): DbPriority {
    const { high, normal } = this.lanes;
    if (high.length && (!normal.length || this.isStatement(high[0]!) || this.highInARow < this.highShare - 1)) return 'high';
    return normal.length ? 'normal' : 'low';
  }
}
