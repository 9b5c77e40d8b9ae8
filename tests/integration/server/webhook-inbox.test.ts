import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import { newSid } from '../../../server/demo/simulated-carrier';
import { BACKENDS } from '../../support/backends';
import { startTestServer, type TestServer } from '../../support/test-server';

describe.each(BACKENDS)('webhook inbox on $name', (backend) => {
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
