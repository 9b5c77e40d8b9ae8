import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportRange, type FollowUpStatus, type ReportResponse } from '../../../shared';
import { WorkstationServices } from '../../../main/services';
import { DEMO_NUMBERS, DEMO_PASSWORD } from '../../../server/demo/seed';
import { startTestServer, type TestServer } from '../../support/test-server';

/*
 * The queue tiles (computed on the desk from its cache) and the report (computed by the server
 * in SQL) give the same recovered, dismissed and median speed-to-lead for the same day's calls:
 * both use shared/reports/figures.ts.
 */
describe('supervisor figures: tiles and report agree', () => {
  let t: TestServer;
  let dir: string;
  let desk: WorkstationServices;

  beforeAll(async () => {
    t = await startTestServer({ name: 'pglite' });
    dir = mkdtempSync(path.join(os.tmpdir(), 'rebound-figures-'));
  });
  afterAll(async () => {
    await desk?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts each figure the same way on the tile and in the report of the same day', async () => {
    // Spring Radio: five callers; Website: three.
    const radio = ['+13125558201', '+13125558202', '+13125558203', '+13125558204', '+13125558205'];
    const web = ['+13125558301', '+13125558302', '+13125558303'];
    for (const from of radio) await t.carrier.abandon({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 40 });
    for (const from of web) await t.carrier.abandon({ from, to: DEMO_NUMBERS.northWeb, queueSeconds: 40 });
    const ids = new Map((await t.db.query<{ id: string; phone: string }>("select id, phone from leads where kind = 'abandoned'")).map((r) => [r.phone, r.id]));
    const ben = await t.signIn('ben@rebound.example');
    let m = 0;
    const act = async (phone: string, to: FollowUpStatus, afterSeconds = 0) => {
      t.clock.advance(afterSeconds * 1000);
      const r = await ben.push([{ id: ++m, name: 'setStatus', args: { leadId: ids.get(phone)!, to } }]);
      expect(r.results[0]!.status).toBe('applied');
    };
    // Attempts 30 s, 90 s and 150 s after the calls; then outcomes: a job booked, a plain
    // Resolved (the customer reached), a dismissal. A Resolved without a job is its own outcome.
    await act(radio[0]!, 'contact_attempted', 30);
    await act(radio[1]!, 'contact_attempted', 60);
    await act(radio[2]!, 'contact_attempted', 60);
    const tomorrow = t.clock.now().getTime() + 86_400_000;
    const booked = await ben.push([{ id: ++m, name: 'bookJob', args: { leadId: ids.get(radio[0]!)!, jobId: '0c3a8f9e-1d2b-4c5d-8e9f-000000000001', jobTypeId: 'jt-north-drain', windowStart: new Date(tomorrow).toISOString(), windowEnd: new Date(tomorrow + 3_600_000).toISOString(), customerName: 'Ada', address: '1 Elm St' } }]);
    expect(booked.results[0]!.status).toBe('applied');
    await act(radio[1]!, 'resolved');
    await act(radio[3]!, 'dismissed');
    await act(web[0]!, 'contact_attempted', 10);
    await act(web[0]!, 'resolved');
    await act(web[1]!, 'dismissed');

    // The supervisor's desk: tiles from its cache, and the report's Today from the server.
    desk = new WorkstationServices({ dataDir: path.join(dir, 'sam'), defaultServerUrl: t.url, sync: { backoffBaseMs: 50, backoffMaxMs: 300, pullEveryMs: 1000 } });
    const session = await desk.handlers.signIn({ email: 'sam@rebound.example', password: DEMO_PASSWORD });
    await desk.syncNow();
    const zone = session.accountSettings.find((a) => a.accountId === session.accounts[0]!.id)!.timeZone;
    const today = reportRange({ preset: 'today' }, new Date(), zone);
    const tiles = await desk.handlers.queueTiles({ dayStart: today.start.toISOString() });
    const sam = await t.signIn('sam@rebound.example');
    const report = (await sam.request('POST', '/api/reports/unbooked-abandoned', { preset: 'today', accountId: 'acc-north' })).json as ReportResponse;

    const tileOf = (campaign: string) => tiles.find((x) => x.accountId === 'acc-north' && x.campaignName === campaign)!;
    const rowOf = (campaign: string) => report.campaigns.find((c) => c.campaign === campaign)!;
    for (const campaign of ['Spring Radio', 'Website']) {
      const tile = tileOf(campaign);
      const row = rowOf(campaign);
      expect({ campaign, recovered: tile.recoveredToday, resolvedWithoutJob: tile.resolvedWithoutJobToday, dismissed: tile.dismissedToday, speed: tile.medianSpeedToLeadSeconds }).toEqual({
        campaign,
        recovered: row.recovered,
        resolvedWithoutJob: row.resolvedWithoutJob,
        dismissed: row.dismissed,
        speed: row.medianSpeedToLeadSeconds,
      });
    }
    // And the figures are the ones the day's work makes, not just equal.
    expect(tileOf('Spring Radio')).toMatchObject({ recoveredToday: 1, resolvedWithoutJobToday: 1, dismissedToday: 1, medianSpeedToLeadSeconds: 90 });
    expect(tileOf('Website')).toMatchObject({ recoveredToday: 0, resolvedWithoutJobToday: 1, dismissedToday: 1, medianSpeedToLeadSeconds: 160 });
  });
});
