import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportResponseSchema, type ReportRequest } from '../../../shared';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import { BACKENDS } from '../../support/backends';
import { startTestServer, type Desk, type TestServer } from '../../support/test-server';

/*
 * Issue 20 item 3: a lead resolved without a job is its own report outcome, and the field-service
 * system reports jobs completed or cancelled with its account's key; the report's Job Completion
 * Date is that completion (jobs not completed have none).
 */
describe.each(BACKENDS)('job completion and report outcomes on $name', (backend) => {
  let t: TestServer;
  let admin: Desk;
  let ben: Desk;
  let sam: Desk;
  let m = 0;
  const leadOf = async (phone: string) => (await t.db.query<{ id: string }>('select id from leads where phone = $1', [phone]))[0]!.id;

  async function book(phone: string, jobTypeId = 'jt-north-drain'): Promise<string> {
    const jobId = randomUUID();
    const start = t.clock.now().getTime() + 86_400_000;
    const r = await ben.push([{ id: ++m, name: 'bookJob', args: { leadId: await leadOf(phone), jobId, jobTypeId, windowStart: new Date(start).toISOString(), windowEnd: new Date(start + 7_200_000).toISOString(), customerName: 'Pat', address: '1 Elm St' } }]);
    expect(r.results[0]!.status).toBe('applied');
    return jobId;
  }

  async function complete(key: string | null, jobId: string, body: unknown) {
    const res = await fetch(`${t.url}/api/field-service/jobs/${encodeURIComponent(jobId)}/completion`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  async function report(body: ReportRequest) {
    const r = await sam.request('POST', '/api/reports/unbooked-abandoned', body);
    expect(r.status).toBe(200);
    return reportResponseSchema.parse(r.json);
  }

  beforeAll(async () => {
    t = await startTestServer(backend);
    admin = await t.signIn('admin@rebound.example');
    ben = await t.signIn('ben@rebound.example');
    sam = await t.signIn('sam@rebound.example');
    for (const from of ['+13125557101', '+13125557102', '+13125557103', '+13125557104']) await t.carrier.abandon({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 40 });
    await t.carrier.abandon({ from: '+14045557105', to: DEMO_NUMBERS.southTv, queueSeconds: 40 });
  });
  afterAll(() => t?.close());

  it('reports a lead resolved by hand or by a later conversation as resolved without job, not open or recovered', async () => {
    await ben.push([{ id: ++m, name: 'setStatus', args: { leadId: await leadOf('+13125557101'), to: 'resolved' } }]);
    // The same caller calls again and talks for over 30 s: the entry is auto-resolved.
    await t.carrier.answer({ from: '+13125557102', to: DEMO_NUMBERS.northRadio, queueSeconds: 5, talkSeconds: 60, agentId: 'u-ava' });
    expect((await t.db.query<{ status: string }>("select status from leads where phone = '+13125557102' and kind = 'abandoned'"))[0]!.status).toBe('resolved');
    await book('+13125557103');

    const r = await report({ preset: 'today', accountId: 'acc-north', limit: 500 });
    const outcome = (phone: string) => r.rows.find((x) => x.phone === phone && x.callType === 'abandoned')?.outcome;
    expect(outcome('+13125557101')).toBe('resolved_without_job');
    expect(outcome('+13125557102')).toBe('resolved_without_job');
    expect(outcome('+13125557103')).toBe('recovered');
    expect(outcome('+13125557104')).toBe('open');
    const radio = r.campaigns.find((c) => c.campaign === 'Spring Radio')!;
    expect(radio).toMatchObject({ recovered: 1, resolvedWithoutJob: 2 });
  });

  it('issues a key per account to admins only; rotating it stops the old key', async () => {
    const ava = await t.signIn('ava@northside.example');
    expect((await ava.request('PUT', '/api/admin/field-service-keys/acc-north', {})).status).toBe(403);
    const first = await admin.request('PUT', '/api/admin/field-service-keys/acc-north', {});
    expect(first.status).toBe(200);
    expect(first.json.key).toMatch(/^rbfs_[A-Za-z0-9_-]{43}$/);
    const list = await admin.request('GET', '/api/admin/field-service-keys');
    expect(list.json.find((k: { accountId: string }) => k.accountId === 'acc-north')).toMatchObject({ hint: first.json.key.slice(-4) });
    expect(JSON.stringify(list.json)).not.toContain(first.json.key);
    const [stored] = await t.db.query<{ key_hash: string }>("select key_hash from field_service_keys where account_id = 'acc-north'");
    expect(stored!.key_hash).not.toContain(first.json.key);

    const jobId = await book('+13125557104');
    const second = await admin.request('PUT', '/api/admin/field-service-keys/acc-north', {});
    expect((await complete(first.json.key, jobId, { status: 'completed' })).status).toBe(401);
    expect((await complete(second.json.key, jobId, { status: 'completed' })).status).toBe(200);
  });

  it('records a completion the report’s Job Completion Date lists; jobs not completed have none', async () => {
    const { json: key } = await admin.request('PUT', '/api/admin/field-service-keys/acc-north', {});
    const before = await report({ preset: 'today', dateType: 'job_completion', accountId: 'acc-north', limit: 500 });
    const byCompletion = before.rows.map((r) => r.phone).sort();
    // 7104's job was completed in the test above; 7103's was not.
    expect(byCompletion).toEqual(['+13125557104']);

    const [job] = await t.db.query<{ id: string }>("select j.id from jobs j join leads l on l.id = j.lead_id where l.phone = '+13125557103'");
    // A moment ago, not an hour: "today" is the account's day (Chicago), and between midnight
    // and 1 AM there an hour ago is yesterday (the suite failed at 06:10 UTC).
    const at = new Date(t.clock.now().getTime() - 1000).toISOString();
    const r = await complete(key.key, job!.id, { status: 'completed', at });
    expect(r).toEqual({ status: 200, json: { jobId: job!.id, status: 'completed', at } });
    // Said again: nothing changes.
    expect((await complete(key.key, job!.id, { status: 'completed' })).json['at']).toBe(at);
    const after = await report({ preset: 'today', dateType: 'job_completion', accountId: 'acc-north', limit: 500 });
    expect(after.rows.map((x) => x.phone).sort()).toEqual(['+13125557103', '+13125557104']);
    // The lead's history says so, and desks pull it.
    const detail = (await t.db.query<{ action: string; why: string }>("select action, why from audit_events a join jobs j on j.lead_id = a.lead_id where j.id = $1 and action = 'job_completed'", [job!.id]));
    expect(detail).toHaveLength(1);
  });

  it('a cancelled job is no recovery any more', async () => {
    const { json: key } = await admin.request('PUT', '/api/admin/field-service-keys/acc-north', {});
    await t.carrier.abandon({ from: '+13125557301', to: DEMO_NUMBERS.northRadio, queueSeconds: 40 });
    const jobId = await book('+13125557301');
    expect((await complete(key.key, jobId, { status: 'cancelled' })).status).toBe(200);
    const r = await report({ preset: 'today', accountId: 'acc-north', limit: 500 });
    expect(r.rows.find((x) => x.phone === '+13125557301')?.outcome).toBe('resolved_without_job');
  });

  it('refuses bad input in words and never finds another tenant’s job', async () => {
    const { json: north } = await admin.request('PUT', '/api/admin/field-service-keys/acc-north', {});
    const southJob = await book('+14045557105', 'jt-south-tuneup');
    const missing = await complete(north.key, randomUUID(), { status: 'completed' });
    const foreign = await complete(north.key, southJob, { status: 'completed' });
    expect(foreign).toEqual(missing);
    expect(foreign.status).toBe(404);
    expect((await t.db.query<{ completed_at: Date | null }>('select completed_at from jobs where id = $1', [southJob]))[0]!.completed_at).toBeNull();

    expect((await complete(null, southJob, { status: 'completed' })).status).toBe(401);
    expect((await complete('rbfs_not-a-key', southJob, { status: 'completed' })).status).toBe(401);
    const bad = await complete(north.key, randomUUID(), { status: 'finished' });
    expect(bad.status).toBe(400);
    expect(String(bad.json['message'])).toMatch(/completed|cancelled/);
    expect((await complete(north.key, randomUUID(), { status: 'completed', at: '0000-01-01T00:00:00Z' })).status).toBe(400);
    expect((await complete(north.key, 'job\u0000x', { status: 'completed' })).status).toBe(400);
    expect((await complete(north.key, randomUUID(), { status: 'completed', extra: 1 })).status).toBe(400);
  });
});
