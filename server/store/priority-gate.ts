import type { DbPriority } from './db';
import { PriorityLanes } from './priority-lanes';

/**
 * The order in which work reaches PGlite on the server's own thread (PGlite in its worker keeps
 * its lanes there: pglite-worker-entry.ts). Work waits here by priority (priority-lanes.ts) and
 * is let through while no transaction is open, with at most `maxInFlight` plain statements let
 * through ahead; a transaction holds the gate until it ends, and its own statements do not pass
 * through it.
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

export function priorityGate(opts: { maxInFlight: number; highShare?: number }): PriorityGate {
  const lanes = new PriorityLanes<{ tx: boolean; go: () => void }>((w) => !w.tx, opts.highShare);
  let txOpen = false;
  let inFlight = 0;
  const pump = () => {
    while (!txOpen) {
      const next = lanes.peek();
      // The database serves what it was sent in order: statements let through before a
      // transaction finish before its first.
      if (!next || (!next.tx && inFlight >= opts.maxInFlight)) return;
      lanes.take();
      if (next.tx) txOpen = true;
      else inFlight++;
      next.go();
    }
  };
  const gate: PriorityGate = {
    enter: (priority, tx) =>
      new Promise<void>((go) => {
        lanes.push(priority, { tx, go });
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
