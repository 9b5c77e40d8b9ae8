import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import { newSid } from '../../../server/demo/simulated-carrier';
import { seedDemo } from '../../../server/demo/seed';
import type { Db } from '../../../server/store/db';
import { openDb } from '../../../server/store/open-db';
import { WebhookInbox } from '../../../server/telephony/inbox';
import { BACKENDS, createScratchDatabase, REAL_POSTGRES_SKIP_REASON } from '../../support/backends';
import { inboxContext } from '../../support/inbox-context';
import { startTestServer, type TestServer } from '../../support/test-server';

// And with PGlite in its worker thread, where a batch is applied whole by the worker (store/procedure.ts).
describe.each([...BACKENDS, { name: 'pglite-worker' as const }])('webhook inbox on $name', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
  });
  afterAll(() => t?.close());

  it('keeps a webhook it cannot apply, with the reason, and still applies the others in its batch', async () => {
    // A stored webhook that no longer parses (say, written by an older build): it must not block the rest.
    await t.db.query(
      `insert into webhook_inbox (kind, call_sid, params, received_at) values ('status', 'CAbroken', '{"CallSid": "not-a-sid"}', now())`,
    );
    await t.carrier.abandon({ from: '+13125559501', to: DEMO_NUMBERS.northRadio, queueSeconds: 30 });
    await t.server.drain();
    const [bad] = await t.db.query<{ processed_at: Date | null; error: string | null }>("select processed_at, error from webhook_inbox where call_sid = 'CAbroken'");
    expect(bad?.processed_at).not.toBeNull();
    expect(bad?.error).toMatch(/CallSid/);
    const leads = await t.db.query("select id from leads where phone = '+13125559501'");
    expect(leads).toHaveLength(1);
    const [pending] = await t.db.query<{ n: unknown }>('select count(*) as n from webhook_inbox where processed_at is null');
    expect(Number(pending!.n)).toBe(0);
  });

  it('acknowledges a webhook only once it is stored: nothing is applied twice after a retry', async () => {
    const sid = newSid('CA');
    const common = { CallSid: sid, AccountSid: t.carrier.accountSid, From: '+13125559502', To: DEMO_NUMBERS.northRadio, Direction: 'inbound' };
    await t.carrier.post('/twilio/voice/incoming', { ...common, CallStatus: 'ringing' });
    for (let i = 0; i < 3; i++) await t.carrier.post('/twilio/voice/enqueue-action', { ...common, QueueResult: 'hangup', QueueTime: '12' });
    const [stored] = await t.db.query<{ n: unknown }>('select count(*) as n from webhook_inbox where call_sid = $1', [sid]);
    expect(Number(stored!.n)).toBe(4);
    const leads = await t.db.query<{ attempts: number }>("select attempts from leads where phone = '+13125559502'");
    expect(leads).toEqual([{ attempts: 1 }]);
  });
});

const realUrl = process.env['TEST_DATABASE_URL'];

describe.skipIf(!realUrl)(`webhook inbox with several appliers on PostgreSQL${REAL_POSTGRES_SKIP_REASON ? ` (skipped: ${REAL_POSTGRES_SKIP_REASON})` : ''}`, () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let db: Db;
  let inbox: WebhookInbox;
  beforeAll(async () => {
    scratch = await createScratchDatabase(realUrl!);
    db = await openDb({ databaseUrl: scratch.url });
    await db.transaction((tx) => seedDemo(tx, { acwMinutes: 5 }));
    // Not started: it applies only when kicked, so the test decides who holds what.
    inbox = new WebhookInbox(inboxContext(db));
  });
  afterAll(async () => {
    await inbox?.stop();
    await db?.close();
    await scratch?.drop();
  });

  it("waits for a call's earlier webhook held by another applier, then applies the call in order", async () => {
    const sid = newSid('CA');
    const c = { CallSid: sid, AccountSid: 'AC' + '0'.repeat(32), From: '+13125559503', To: DEMO_NUMBERS.northRadio, Direction: 'inbound' };
    await inbox.store('incoming', sid, { ...c, CallStatus: 'ringing' }, {});
    await inbox.store('enqueue-action', sid, { ...c, CallStatus: 'completed', QueueResult: 'hangup', QueueTime: '40' }, {});
    await inbox.store('status', sid, { ...c, CallStatus: 'completed', CallDuration: '40' }, {});
    const [first] = await db.query<{ id: unknown }>("select id from webhook_inbox where call_sid = $1 and kind = 'incoming'", [sid]);
    const pending = async () => (await db.query<{ kind: string }>('select kind from webhook_inbox where call_sid = $1 and processed_at is null order by id', [sid])).map((r) => r.kind);

    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let claimed!: () => void;
    const isClaimed = new Promise<void>((r) => (claimed = r));
    // Another applier (a connection or server process) has claimed the call's first webhook and not committed yet.
    const other = db.transaction(async (tx) => {
      await tx.query('update webhook_inbox set processed_at = now() where id = $1', [first!.id]);
      claimed();
      await held;
      throw new Error('the other applier gave up'); // rolled back: the webhook is pending again
    }).catch(() => undefined);
    await isClaimed;
    inbox.kick();
    await new Promise((r) => setTimeout(r, 300));
    // The call's later webhooks were not applied ahead of its first.
    expect(await pending()).toEqual(['incoming', 'enqueue-action', 'status']);
    expect(await db.query("select id from leads where phone = '+13125559503'")).toHaveLength(0);
    release();
    await other;
    await inbox.drain();
    expect(await pending()).toEqual([]);
    const leads = await db.query<{ kind: string; queue_id: string | null; duration_seconds: number }>("select kind, queue_id, duration_seconds from leads where phone = '+13125559503'");
    expect(leads).toEqual([{ kind: 'abandoned', queue_id: expect.any(String), duration_seconds: 40 }]);
  });
});
