import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSid } from '../../../server/demo/simulated-carrier';
import { bookForCall } from '../../../server/voice-agent/booking';
import { openSession, VOICE_AGENT_QUEUE } from '../../../server/voice-agent/session-store';
import { BACKENDS } from '../../support/backends';
import { startTestServer, type TestServer } from '../../support/test-server';

// The Voice Agent's booking is one transaction run where the database runs (a procedure): in
// PGlite's worker thread as well as on the server's thread and on PostgreSQL, it books whole or,
// refused, leaves nothing behind.
describe.each([...BACKENDS, { name: 'pglite-worker' as const }])('a Voice Agent booking on $name', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
  });
  afterAll(() => t?.close());

  const session = async (from: string) => {
    const callSid = newSid('CA');
    await openSession(t.db, { callSid, accountId: 'acc-north', queueId: 'q-north-service', campaignId: null, reason: 'wait', from, callerName: null }, t.clock.now());
    return callSid;
  };
  const tomorrow = () => {
    const start = new Date(t.clock.now().getTime() + 24 * 3600_000);
    return { start: start.toISOString(), end: new Date(start.getTime() + 4 * 3600_000).toISOString(), label: 'tomorrow' };
  };
  const leadsOf = (callSid: string) => t.db.query<{ status: string; queue_id: string }>('select l.status, l.queue_id from leads l join lead_calls c on c.lead_id = l.id where c.call_sid = $1', [callSid]);

  it('books the job on a resolved lead in the Voice Agent queue and remembers it on the session', async () => {
    const callSid = await session('+13125550141');
    const out = await bookForCall(t.db, callSid, { jobTypeId: 'jt-north-drain', slot: tomorrow(), customerName: 'Dana Whitfield', address: '1420 Elm Street', wanted: 'a clogged sink' }, t.clock.now());
    expect(out.ok).toBe(true);
    const jobId = out.ok ? out.jobId : '';
    const [job] = await t.db.query<{ job_type_id: string; customer_name: string; created_by: string }>('select * from jobs where id = $1', [jobId]);
    expect(job).toMatchObject({ job_type_id: 'jt-north-drain', customer_name: 'Dana Whitfield', created_by: 'voice-agent' });
    expect(await leadsOf(callSid)).toEqual([{ status: 'resolved', queue_id: VOICE_AGENT_QUEUE }]);
    const [s] = await t.db.query<{ job_id: string }>('select job_id from voice_agent_sessions where call_sid = $1', [callSid]);
    expect(s!.job_id).toBe(jobId);
    // Asked again (a retried tool call), the same job, not a second one.
    expect(await bookForCall(t.db, callSid, { jobTypeId: 'jt-north-drain', slot: tomorrow(), customerName: 'Dana Whitfield', address: '1420 Elm Street', wanted: 'a clogged sink' }, t.clock.now())).toEqual({ ok: true, jobId });
  });

  it('a refused booking says why and leaves no lead, call or job behind', async () => {
    const callSid = await session('+13125550142');
    // Another account's job type: the shared booking rule refuses it after the lead was made.
    const out = await bookForCall(t.db, callSid, { jobTypeId: 'jt-south-ac', slot: tomorrow(), customerName: 'Lee Park', address: '9 Oak Lane', wanted: 'AC repair' }, t.clock.now());
    expect(out.ok).toBe(false);
    expect(out.ok ? '' : out.reason).toMatch(/\S/);
    expect(await leadsOf(callSid)).toEqual([]);
    expect(await t.db.query('select 1 from calls where call_sid = $1', [callSid])).toEqual([]);
    const [s] = await t.db.query<{ job_id: string | null; lead_id: string | null }>('select job_id, lead_id from voice_agent_sessions where call_sid = $1', [callSid]);
    expect(s).toEqual({ job_id: null, lead_id: null });
    // The session is still usable: a good booking after the refusal lands.
    const ok = await bookForCall(t.db, callSid, { jobTypeId: 'jt-north-heater', slot: tomorrow(), customerName: 'Lee Park', address: '9 Oak Lane', wanted: 'no hot water' }, t.clock.now());
    expect(ok.ok).toBe(true);
    expect(await leadsOf(callSid)).toEqual([{ status: 'resolved', queue_id: VOICE_AGENT_QUEUE }]);
  });
});
