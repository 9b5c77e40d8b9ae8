import type { DbPriority } from './db';

/**
 * The order in which work reaches an embedded database that runs one statement at a time
 * (PGlite, on the server's thread or in a worker). Work waits here by priority (FIFO within
 * one) and is let through while no transaction is open, with at most `maxInFlight` plain
 * statements let through ahead; a transaction holds the gate until it ends, and its own
 * statements do not pass through it.
 *
 * Without it the database's own lock served transactions first come, first served: a burst of
 * Voice Agent bookings queued ahead of the webhook applier and held ordinary leads back for
 * most of a second (bench/voice-agent.bench.ts).
 */
export type PriorityGate = {
  /** Resolves when this work may run; `release(tx)` must follow once it is done. */
  enter(priority: DbPriority, tx: boolean): Promise<void>;
  release(tx: boolean): void;
  /** Runs `work` in its turn and lets the next through once it has settled. */
  run<T>(priority: DbPriority, tx: boolean, work: () => Promise<T>): Promise<T>;
};

/** While both wait, every HIGH_SHARE-th turn goes to normal work. */
const HIGH_SHARE = 2;

export function priorityGate(opts: { maxInFlight: number; highShare?: number }): PriorityGate {
  const highShare = opts.highShare ?? HIGH_SHARE;
  const lanes: Record<DbPriority, { tx: boolean; go: () => void }[]> = { high: [], normal: [], low: [] };
  let txOpen = false;
  let inFlight = 0;
  // When both wait, every highShare-th turn goes to normal work: applying comes first, but a
  // saturated database never starves a booking or a desk's pull.
  let highInARow = 0;
  const pick = (): DbPriority => {
    if (lanes.high.length && (!lanes.normal.length || highInARow < highShare - 1)) return 'high';
    return lanes.normal.length ? 'normal' : 'low';
  };
  const pump = () => {
    while (!txOpen) {
      const priority = pick();
      const next = lanes[priority][0];
      // The database serves what it was sent in order: statements let through before a
      // transaction finish before its first.
      if (!next || (!next.tx && inFlight >= opts.maxInFlight)) return;
      lanes[priority].shift();
      // Counted only for work let through: a look at the lanes while the database is busy is no turn.
      highInARow = priority === 'high' ? highInARow + 1 : 0;
      if (next.tx) txOpen = true;
      else inFlight++;
      next.go();
    }
  };
  const gate: PriorityGate = {
    enter: (priority, tx) =>
      new Promise<void>((go) => {
        lanes[priority].push({ tx, go });
        pump();
      }),
    release(tx) {
      if (tx) txOpen = false;
      else inFlight--;
      pump();
    },
    async run(priority, tx, work) {
      await gate.enter(priority, tx);
      try {
        return await work();
      } finally {
        gate.release(tx);
      }
    },
  };
  return gate;
}
