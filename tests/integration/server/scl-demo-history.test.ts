import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHRASES } from '../../../shared';
import { conversation, randomUnbookedConversationKind, seededRng } from '../../../server/demo/conversations';
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
    // The calls left out, newest call first (all were scored at once, at seeding).
    const left = (await ben.request('GET', '/api/scl/left-out')).json as { endedAt: string }[];
    expect(left.length).toBeGreaterThan(20);
    expect(left.map((c) => c.endedAt)).toEqual(left.map((c) => c.endedAt).sort().reverse());
    const open = (await ben.pullAll()).filter((l) => l.lead.kind === 'second_chance' && l.lead.status === 'new');
    expect(open.length).toBeGreaterThan(3);
    const tr = await ben.request('GET', `/api/leads/${open[0]!.lead.id}/transcript`);
    expect(tr.json.transcript.turns.length).toBeGreaterThan(2);
  });

  it('is the same history whatever hour the demo is started at (the scorer weighs calls after hours)', async () => {
    const counts = (d: TestServer) =>
      d.db.query<{ flagged: unknown; left: unknown }>(
        'select count(*) filter (where flagged) as flagged, count(*) filter (where not flagged) as left from call_scores',
      );
    const later = await startTestServer({ name: 'pglite' });
    try {
      // Seven hours on moves calls placed relative to now from Northside's afternoon into its night.
      later.clock.advance(7 * 3_600_000);
      await seedSclHistory(later.ctx);
      expect(await counts(later)).toEqual(await counts(t));
    } finally {
      await later.close();
    }
  }, 120_000);

  // The scorer's own words for a booking made on the call ("I booked you in", "you're all set").
  const booking = PHRASES.find((p) => p.id === 'appointment_set')!;
  const claimsBooking = (text: string) => booking.pattern.test(text.toLowerCase());

  it('never has an unbooked call (nor a Second Chance Lead) whose agent says a booking was made', async () => {
    // Unbooked as the report and the scorer count it: answered, not marked booked, no job.
    const said = await t.db.query<{ call_sid: string; report_type: string | null; lead: string | null; text: string }>(
      `select c.call_sid, c.report_type, l.id as lead, tr.text
         from calls c join call_transcripts tr on tr.call_sid = c.call_sid
         left join leads l on l.kind = 'second_chance' and l.phone = c.customer_e164
        where tr.speaker = 'agent' and c.answered`,
    );
    expect(said.length).toBeGreaterThan(100);
    const unbooked = said.filter((r) => r.report_type === 'unbooked' || r.report_type === 'short' || r.lead !== null);
    expect(unbooked.length).toBeGreaterThan(100);
    expect(unbooked.filter((r) => claimsBooking(r.text)).map((r) => `${r.call_sid}: ${r.text}`)).toEqual([]);
    // The calls booked on the phone are in the history too, recorded as booked.
    expect(said.filter((r) => claimsBooking(r.text)).length).toBeGreaterThan(0);
  });

  it('gives the live demo’s unbooked calls (demo traffic, the simulated customer) no booking in what is said', () => {
    const rng = seededRng(11);
    for (let i = 0; i < 2000; i++) {
      const c = conversation(randomUnbookedConversationKind(rng), rng);
      const agent = c.turns.filter((x) => x.speaker === 'agent').map((x) => x.text);
      expect(agent.filter(claimsBooking), c.kind).toEqual([]);
    }
  });
});
