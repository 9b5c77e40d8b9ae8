// The embedded database serves one statement at a time. Its own lock served transactions first
// come, first served, so a burst of Voice Agent bookings held the webhook applier (and so every
// ordinary lead) back behind all of them. Waiting work is now served by priority.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../server/store/db';
import { openPgliteWorker } from '../../../server/store/pglite-db';
import { openPgliteInThread } from '../../../server/store/pglite-in-thread';

/** A transaction that has begun and holds the database until released. */
function holding(db: Db) {
  let running!: () => void;
  let release!: () => void;
  const started = new Promise<void>((r) => (running = r));
  const held = new Promise<void>((r) => (release = r));
  const done = db.transaction(async (tx) => {
    await tx.query('select 1');
    running();
    await held;
  });
  return { running: started, release, done };
}

describe.each([
  { name: 'on the server thread', open: openPgliteInThread },
  { name: 'in a worker thread', open: openPgliteWorker },
])('PGlite $name', ({ open }) => {
  let db: Db;
  beforeAll(async () => {
    db = await open(undefined);
  });
  afterAll(() => db.close());

  it('applies webhooks (high) ahead of a queue of ordinary transactions, not behind them', async () => {
    const order: string[] = [];
    const bookings = Array.from({ length: 10 }, (_, i) =>
      db.transaction(async (tx) => {
        await tx.query('select $1::int', [i]);
        await tx.query('select $1::int', [i]);
        order.push(`booking ${i}`);
      }),
    );
    const applied = db.withPriority('high').transaction(async (tx) => {
      await tx.query('select 1');
      order.push('webhooks');
    });
    await Promise.all([...bookings, applied]);
    // At most the booking already running goes first.
    expect(order.indexOf('webhooks')).toBeLessThanOrEqual(1);
    expect(order.filter((o) => o.startsWith('booking'))).toEqual(Array.from({ length: 10 }, (_, i) => `booking ${i}`));
  });

  it('still serves ordinary work while webhook batches keep coming: every other turn when both wait', async () => {
    const order: string[] = [];
    const high = db.withPriority('high');
    // A transaction holds the database while both kinds of work queue up behind it.
    const blocker = holding(db);
    await blocker.running;
    const all = [
      ...Array.from({ length: 6 }, (_, i) => high.transaction((tx) => tx.query('select 1')).then(() => order.push(`high ${i}`))),
      ...Array.from({ length: 3 }, (_, i) => db.transaction((tx) => tx.query('select 1')).then(() => order.push(`normal ${i}`))),
    ];
    blocker.release();
    await Promise.all([blocker.done, ...all]);
    expect(order).toEqual(['high 0', 'normal 0', 'high 1', 'normal 1', 'high 2', 'normal 2', 'high 3', 'high 4', 'high 5']);
  });

  it("stores a webhook (one high statement) right after what runs now, even when it is ordinary work's turn", async () => {
    const order: string[] = [];
    // A webhook batch runs, so the next turn is ordinary work's: three bookings wait for it.
    const batch = holding(db.withPriority('high'));
    await batch.running;
    const bookings = Array.from({ length: 3 }, (_, i) => db.transaction((tx) => tx.query('select 1')).then(() => order.push(`booking ${i}`)));
    const stored = db.withPriority('high').query('select 1').then(() => order.push('webhook stored'));
    batch.release();
    await Promise.all([batch.done, ...bookings, stored]);
    expect(order[0]).toBe('webhook stored');
    // It took no turn from them: the bookings still run in their order.
    expect(order.slice(1)).toEqual(['booking 0', 'booking 1', 'booking 2']);
  });

  it('keeps low-priority housekeeping behind ordinary work that waits', async () => {
    const order: string[] = [];
    const blocker = db.transaction(async (tx) => {
      await tx.query('select 1');
    });
    const low = db.withPriority('low').query('select 1').then(() => order.push('housekeeping'));
    const normal = db.query('select 1').then(() => order.push('pull'));
    await Promise.all([blocker, low, normal]);
    expect(order).toEqual(['pull', 'housekeeping']);
  });
});
