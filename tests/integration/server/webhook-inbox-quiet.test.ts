// WebhookInbox.quiet: work that holds the embedded database (housekeeping's vacuum and analyze)
// waits for it, so it starts in a gap between the applier's batches, never between a webhook's
// insert and its batch (where a lead waited for two tables: 100–150 ms), and a steady stream
// never puts it off for good.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NUMBERS, seedDemo } from '../../../server/demo/seed';
import { newSid } from '../../../server/demo/simulated-carrier';
import type { Db } from '../../../server/store/db';
import { openDb } from '../../../server/store/open-db';
import { WebhookInbox } from '../../../server/telephony/inbox';
import { inboxContext } from '../../support/inbox-context';

let db: Db;
let inbox: WebhookInbox;

beforeAll(async () => {
  db = await openDb({ pgliteThread: 'worker' });
  await db.transaction((tx) => seedDemo(tx, { acwMinutes: 5 }));
  inbox = new WebhookInbox(inboxContext(db));
  await inbox.start();
});
afterAll(async () => {
  await inbox?.stop();
  await db?.close();
});

let n = 0;
const nextCaller = () => `+1312555${String(7000 + n++).slice(-4)}`;
/** An abandoned call's three webhooks, handed to the inbox together (in order); resolves once all are stored. */
function abandoned(from = nextCaller()): Promise<unknown> {
  const sid = newSid('CA');
  const c = { CallSid: sid, AccountSid: 'AC' + '0'.repeat(32), From: from, To: DEMO_NUMBERS.northRadio, Direction: 'inbound' };
  return Promise.all([
    inbox.store('incoming', sid, { ...c, CallStatus: 'ringing' }, {}),
    inbox.store('enqueue-action', sid, { ...c, CallStatus: 'completed', QueueResult: 'hangup', QueueTime: '30' }, {}),
    inbox.store('status', sid, { ...c, CallStatus: 'completed', CallDuration: '30' }, {}),
  ]);
}

describe('webhook inbox: waiting for a quiet moment', () => {
  it('answers at once when nothing waits', async () => {
    await inbox.drain();
    const started = performance.now();
    await inbox.quiet(1000);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('waits for the webhooks being stored and applied, and answers when none is left', async () => {
    const callers = Array.from({ length: 20 }, () => nextCaller());
    let stored = false;
    const storing = Promise.all(callers.map((c) => abandoned(c))).then(() => (stored = true));
    // Called before the webhooks reach the database: it waits for them to be stored and applied.
    await inbox.quiet(10_000);
    expect(stored).toBe(true);
    expect(await inbox.pendingCount()).toBe(0);
    const leads = await db.query<{ n: unknown }>('select count(*) as n from leads where phone = any($1::text[])', [callers]);
    expect(Number(leads[0]!.n)).toBe(20);
    await storing;
  });

  it('is not put off for good by a steady stream: it answers after at most its wait', async () => {
    let streaming = true;
    const stream = (async () => {
      while (streaming) {
        await abandoned();
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await inbox.quiet(300);
    const waited = performance.now() - started;
    streaming = false;
    await stream;
    await inbox.drain();
    expect(waited).toBeLessThan(1500);
  });
});
