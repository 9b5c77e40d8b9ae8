// PGlite on the server's thread answers in microtasks, so a transaction's statements ran back to
// back and a Voice Agent's reply (a socket message needing no database) waited for all of them.
// While turns are taken, a transaction lets the event loop run after each slice of a few
// milliseconds (it holds the database meanwhile, so it must not linger), and a plain statement
// of ordinary work lets it run first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../server/store/db';
import { openPgliteInThread } from '../../../server/store/pglite-in-thread';

let db: Db;
let taking = false;

beforeAll(async () => {
  db = await openPgliteInThread(undefined);
  db.takeTurnsWhile(() => taking);
});
afterAll(() => db.close());

/** How many of a 20-statement transaction's statements ran before a turn of the event loop came. */
async function statementsBeforeATurn(): Promise<number> {
  let done = 0;
  let seen = -1;
  setImmediate(() => (seen = done));
  await db.transaction(async (tx) => {
    for (let i = 0; i < 20; i++) {
      await tx.query('select $1::int as i', [i]);
      done++;
    }
  });
  // No turn came during the transaction at all: every statement ran first.
  return seen === -1 ? done : seen;
}

describe('PGlite on the server thread', () => {
  it('runs a transaction without a turn for anything else when no caller is on the line', async () => {
    taking = false;
    expect(await statementsBeforeATurn()).toBe(20);
  });

  it('lets the event loop run during a long transaction while callers talk to the Voice Agent', async () => {
    taking = true;
    let turns = 0;
    let inside = true;
    const tick = () => {
      turns++;
      if (inside) setImmediate(tick);
    };
    await db.transaction(async (tx) => {
      setImmediate(tick);
      // 40 statements of a few milliseconds each (a fixed count, not a time: on a loaded machine
      // one statement can outlast any time budget): without turns, a caller's reply waits for all.
      for (let i = 0; i < 40; i++) await tx.query('select count(*) from generate_series(1, 20000)');
    });
    inside = false;
    taking = false;
    expect(turns).toBeGreaterThanOrEqual(3);
  });

  it('lets the event loop run before a plain statement of ordinary work', async () => {
    taking = true;
    let turned = false;
    setImmediate(() => (turned = true));
    await db.query('select 1');
    taking = false;
    expect(turned).toBe(true);
  });
});
