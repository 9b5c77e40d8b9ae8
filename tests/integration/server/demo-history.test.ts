import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportResponseSchema } from '../../../shared';
import { seedDemoHistory } from '../../../server/demo/demo-history';
import { startTestServer, type TestServer } from '../../support/test-server';

/* A fresh demo shows what issue 20 item 3 added: completed and cancelled jobs, and a lead resolved without one. */
describe('demo history', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ name: 'pglite' });
    await seedDemoHistory(t.db, t.carrier, () => {});
  });
  afterAll(() => t?.close());

  it('gives the report jobs completed by the field-service system, a cancelled one and a resolved lead without a job', async () => {
    const sam = await t.signIn('sam@rebound.example');
    const week = async (dateType: string) => reportResponseSchema.parse((await sam.request('POST', '/api/reports/unbooked-abandoned', { preset: 'custom', from: new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10), to: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10), dateType, limit: 500 })).json);
    const byCompletion = await week('job_completion');
    expect(byCompletion.total).toBe(2);
    expect(byCompletion.rows.every((r) => r.outcome === 'recovered')).toBe(true);
    const byCall = await week('call');
    const outcomes = byCall.rows.filter((r) => r.callType === 'abandoned').map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'recovered')).toHaveLength(2);
    // The cancelled job's lead and the one resolved on the phone.
    expect(outcomes.filter((o) => o === 'resolved_without_job')).toHaveLength(2);
  });
});
