import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoCallers } from '../../../server/demo/demo-callers';
import { waitInQueue } from '../../../server/demo/demo-traffic';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import { startTestServer, type TestServer } from '../../support/test-server';

describe('demo traffic a newcomer can try', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ name: 'pglite' });
  });
  afterAll(async () => {
    await t?.close();
  });
  const stillWaiting = async (sid: string) => (await t.db.query('select 1 from calls where call_sid = $1 and queue_result is null and not answered and ended_at is null', [sid])).length > 0;
  const waiting = () => t.db.query<{ call_sid: string }>("select call_sid from calls where queue_id is not null and queue_result is null and not answered and ended_at is null");

  it('keeps a caller waiting in the queue (answerable) and files an abandoned call only if nobody took them', async () => {
    const { gaveUp } = await waitInQueue(t.carrier, { stillWaiting }, { from: '+13125556001', to: DEMO_NUMBERS.northRadio, callerName: 'Riley Novak' }, 1);
    await t.server.drain();
    expect(await waiting()).toHaveLength(1); // offered to the desks while waiting
    expect(await gaveUp).toBe(true);
    await t.server.drain();
    expect(await t.db.query("select 1 from leads where phone = '+13125556001' and kind = 'abandoned'")).toHaveLength(1);

    // Taken by a desk meanwhile: no abandoned call afterwards.
    const { gaveUp: taken } = await waitInQueue(t.carrier, { stillWaiting }, { from: '+13125556002', to: DEMO_NUMBERS.northRadio, callerName: 'Avery Lee' }, 1);
    await t.server.drain();
    const [w] = await waiting();
    await t.db.query('update calls set answered = true where call_sid = $1', [w!.call_sid]);
    expect(await taken).toBe(false);
    expect(await t.db.query("select 1 from leads where phone = '+13125556002'")).toHaveLength(0);
  });

  it('gives every demo number its own name, the same on a repeat call, in mixed case', () => {
    const callers = new DemoCallers();
    const all = Array.from({ length: 60 }, () => callers.next());
    const names = all.map((c) => c.name).filter(Boolean) as string[];
    expect(new Set(all.map((c) => c.from)).size).toBe(60);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).not.toBe(n.toUpperCase());
    expect(callers.again(all[3]!.from)).toEqual(all[3]);
    // A caller who will say their name (the Voice Agent spike's) always has one.
    expect(Array.from({ length: 60 }, () => callers.next({ named: true }).name).filter((n) => !n)).toEqual([]);
  });
});
