import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSclHistory } from '../../../server/demo/scl-history';
import { startTestServer, type TestServer } from '../../support/test-server';

// A newcomer's first look: the demo must already show scores, transcripts, calls left out,
// CSR outcomes and a refit, the way three weeks of use would.
describe('the demo history of Second Chance Leads', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ name: 'pglite' });
    await seedSclHistory(t.ctx);
  }, 120_000);
  afterAll(() => t?.close());

  it('holds flagged leads with reasons and transcripts, calls left out, outcomes and a refit', async () => {
    const [s] = await t.db.query<{ flagged: unknown; left: unknown }>(
      'select count(*) filter (where flagged) as flagged, count(*) filter (where not flagged) as left from call_scores',
    );
    expect(Number(s!.flagged)).toBeGreaterThan(40);
    expect(Number(s!.left)).toBeGreaterThan(20);
    const admin = await t.signIn('admin@rebound.example');
    const quality = await admin.request('GET', '/api/admin/scl-quality');
    const north = quality.json.accounts.find((a: { accountId: string }) => a.accountId === 'acc-north');
    expect(north.labelled).toBeGreaterThan(30);
    expect(north.precision).toBeGreaterThan(0);
    expect(quality.json.refits).toHaveLength(1);
    const ben = await t.signIn('ben@rebound.example');
    const open = (await ben.pullAll()).filter((l) => l.lead.kind === 'second_chance' && l.lead.status === 'new');
    expect(open.length).toBeGreaterThan(3);
    const tr = await ben.request('GET', `/api/leads/${open[0]!.lead.id}/transcript`);
    expect(tr.json.transcript.turns.length).toBeGreaterThan(2);
  });
});
