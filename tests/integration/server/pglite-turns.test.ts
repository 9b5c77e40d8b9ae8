// PGlite on the server's thread answers in microtasks, so a transaction's statements ran back to
// back and a Voice Agent's reply (a socket message needing no database) waited for all of them.
// While turns are taken, each statement first lets the event loop run.
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

  it('lets the event loop run between statements while callers talk to the Voice Agent', async () => {
    taking = true;
    expect(await statementsBeforeATurn()).toBeLessThan(2);
    taking = false;
  });
});
