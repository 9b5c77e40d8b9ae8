import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_COLUMNS, reportCells, reportResponseSchema, type ReportRequest, type ReportResponse } from '../../../shared';
import { DEMO_NUMBERS } from '../../../server/demo/seed';
import { BACKENDS } from '../../support/backends';
import { startTestServer, type Desk, type TestServer } from '../../support/test-server';

/** Chicago wall-clock time as an instant (the demo's Northside account is in Chicago). */
const chicago = (local: string) => {
  // CDT (UTC-5) until 2026-11-01 02:00, CST (UTC-6) after.
  const offset = local < '2026-11-01T02:00' ? '-05:00' : '-06:00';
  return new Date(`${local}:00${offset}`);
};

describe.each(BACKENDS)('Unbooked and Abandoned Calls report on $name', (backend) => {
  let t: TestServer;
  let sam: Desk;
  let n = 0;
  const caller = () => `+1312555${String(6000 + ++n)}`;
  const at = (when: Date) => t.clock.advance(when.getTime() - t.clock.now().getTime());
  const leadOf = async (phone: string) => (await t.db.query<{ id: string }>('select id from leads where phone = $1', [phone]))[0]!.id;

  async function report(body: ReportRequest, desk = sam): Promise<ReportResponse> {
    const r = await desk.request('POST', '/api/reports/unbooked-abandoned', body);
    if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.json)}`);
    return reportResponseSchema.parse(r.json);
  }

  async function allRows(body: ReportRequest) {
    const rows: ReportResponse['rows'] = [];
    for (let offset = 0; ; offset += 40) {
      const page = await report({ ...body, offset, limit: 40 });
      rows.push(...page.rows);
      if (rows.length >= page.total) return rows;
    }
  }

  const booked: string[] = [];
  const dismissed: string[] = [];

  beforeAll(async () => {
    t = await startTestServer(backend, { acwMinutes: 5 });
    sam = await t.signIn('sam@rebound.example');
    const ben = await t.signIn('ben@rebound.example');
    let m = 0;
    // A month of traffic, 2026-10-10 to 2026-11-24, Chicago time: each day an abandoned call on
    // the radio campaign at 10:00, an answered call nobody booked on the web campaign at 14:00,
    // a voicemail (never in the report) every third day and a Southside abandoned call every fifth.
    for (let d = 0; d < 46; d++) {
      const date = new Date(Date.UTC(2026, 9, 10 + d)).toISOString().slice(0, 10);
      at(chicago(`${date}T10:00`));
      const abandoned = caller();
      await t.carrier.abandon({ from: abandoned, to: DEMO_NUMBERS.northRadio, queueSeconds: 50, callerName: `CALLER ${d}` });
      at(chicago(`${date}T14:00`));
      await t.carrier.answer({ from: caller(), to: DEMO_NUMBERS.northWeb, queueSeconds: 10, talkSeconds: d % 4 === 0 ? 20 : 120, agentId: 'u-ava' });
      if (d % 3 === 0) await t.carrier.voicemail({ from: caller(), to: DEMO_NUMBERS.northRadio, queueSeconds: 20, messageSeconds: 15 });
      if (d % 5 === 0) await t.carrier.abandon({ from: `+1404555${String(7000 + d)}`, to: DEMO_NUMBERS.southTv, queueSeconds: 30 });
      // Follow-ups: a contact attempt 10 minutes after the call, then some booked, some dismissed.
      if (d % 2 === 0) {
        at(chicago(`${date}T10:10`));
        const id = await leadOf(abandoned);
        await ben.push([{ id: ++m, name: 'setStatus', args: { leadId: id, to: 'contact_attempted' } }]);
        if (d % 4 === 0) {
          at(chicago(`${date}T11:00`));
          const r = await ben.push([{
            id: ++m, name: 'bookJob',
            args: { leadId: id, jobId: randomUUID(), jobTypeId: 'jt-north-drain', windowStart: chicago(`${date}T13:00`).toISOString(), windowEnd: chicago(`${date}T15:00`).toISOString(), customerName: `Customer ${d}`, address: '1 Main St' },
          }]);
          expect(r.results[0]!.status).toBe('applied');
          booked.push(id);
        } else if (d % 6 === 2) {
          await ben.push([{ id: ++m, name: 'setStatus', args: { leadId: id, to: 'dismissed' } }]);
          dismissed.push(id);
        }
      }
    }
    // Either side of the end of daylight saving's month boundary: 23:30 CDT on Oct 31 and 00:30 CDT on Nov 1.
    at(chicago('2026-10-31T23:30'));
    await t.carrier.abandon({ from: '+13125558031', to: DEMO_NUMBERS.northRadio, queueSeconds: 40, callerName: 'HALLOWEEN NIGHT' });
    at(chicago('2026-11-01T00:30'));
    await t.carrier.abandon({ from: '+13125558101', to: DEMO_NUMBERS.northRadio, queueSeconds: 40, callerName: 'NOVEMBER FIRST' });
    t.clock.advanceMinutes(30);
    await t.server.sweep(); // the SCL rule looks at the answered calls
    // "Now" is Thursday 2026-11-26 10:00 in Chicago.
    at(chicago('2026-11-26T10:00'));
  }, 240_000);
  afterAll(() => t?.close());

  it('puts each call in its local month and day across the daylight-saving change', async () => {
    const october = await allRows({ preset: 'last_month' });
    const november = await allRows({ preset: 'this_month' });
    expect(october.map((r) => r.customerName)).toContain('HALLOWEEN NIGHT');
    expect(october.map((r) => r.customerName)).not.toContain('NOVEMBER FIRST');
    expect(november.map((r) => r.customerName)).toContain('NOVEMBER FIRST');
    const custom = await allRows({ preset: 'custom', from: '2026-11-01', to: '2026-11-01' });
    expect(custom.map((r) => r.customerName)).toContain('NOVEMBER FIRST');
    expect(custom.filter((r) => r.callType === 'abandoned').map((r) => r.customerName).sort()).toEqual(['CALLER 22', 'NOVEMBER FIRST']);
    const response = await report({ preset: 'last_month' });
    expect(response.range).toEqual({ start: '2026-10-01T05:00:00.000Z', end: '2026-11-01T05:00:00.000Z', timeZone: 'America/Chicago', label: 'Last Month' });
  });

  it('lists abandoned and unbooked calls only, with every column, sorted and paged', async () => {
    const r = await report({ preset: 'custom', from: '2026-10-10', to: '2026-10-10', accountId: 'acc-north' });
    expect(r.total).toBe(2); // the voicemail of that day is not in the report
    const [unbooked, abandoned] = r.rows; // newest first
    expect(abandoned).toMatchObject({ callType: 'abandoned', direction: 'inbound', name: null, campaign: 'Spring Radio', customerName: 'CALLER 0', outcome: 'recovered' });
    expect(unbooked).toMatchObject({ callType: 'short', name: 'Ava Chen', campaign: 'Website' });
    expect(reportCells(abandoned!, 'America/Chicago').slice(1, 5)).toEqual(['Oct 10, 2026', '10:00:00 AM', 'Abandoned', 'Inbound']);
    const byCampaign = await report({ preset: 'this_month', sort: { column: 'campaign', direction: 'asc' }, limit: 500 });
    const names = byCampaign.rows.map((x) => x.campaign ?? '');
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    const page2 = await report({ preset: 'this_month', offset: 5, limit: 5 });
    const page1 = await report({ preset: 'this_month', offset: 0, limit: 10 });
    expect(page2.rows.map((x) => x.id)).toEqual(page1.rows.slice(5).map((x) => x.id));
  });

  it('filters by date type: job created, scheduled and completed', async () => {
    // Completion is what the field-service system reports (job-completion.test.ts): none has yet.
    expect(await allRows({ preset: 'custom', from: '2026-10-10', to: '2026-10-31', dateType: 'job_completion' })).toEqual([]);
    for (const dateType of ['job_creation', 'job_scheduled'] as const) {
      const r = await allRows({ preset: 'custom', from: '2026-10-10', to: '2026-10-31', dateType });
      // Days 0, 4, 8 … 20 of the month were booked: 2026-10-10, 14, 18, 22, 26, 30.
      expect([dateType, r.map((x) => x.customerName).sort()]).toEqual([dateType, ['CALLER 0', 'CALLER 12', 'CALLER 16', 'CALLER 20', 'CALLER 4', 'CALLER 8']]);
      expect(r.every((x) => x.outcome === 'recovered')).toBe(true);
    }
  });

  it('compares campaigns with totals that add up to the detail rows', async () => {
    const r = await report({ preset: 'custom', from: '2026-10-10', to: '2026-11-24' });
    const rows = await allRows({ preset: 'custom', from: '2026-10-10', to: '2026-11-24' });
    const sum = (k: 'abandoned' | 'unbooked' | 'recovered' | 'dismissed') => r.campaigns.reduce((a, c) => a + c[k], 0);
    expect(sum('abandoned') + sum('unbooked')).toBe(r.total);
    expect(rows).toHaveLength(r.total);
    expect(sum('abandoned')).toBe(rows.filter((x) => x.callType === 'abandoned').length);
    expect(sum('recovered')).toBe(booked.length);
    expect(sum('dismissed')).toBe(dismissed.length);
    const radio = r.campaigns.find((c) => c.campaign === 'Spring Radio')!;
    expect(radio).toMatchObject({ abandoned: 48, unbooked: 0, recovered: booked.length, medianSpeedToLeadSeconds: 600 });
    expect(radio.recoveryRate).toBeCloseTo(booked.length / 48, 5);
    expect(r.campaigns.find((c) => c.campaign === 'Website')).toMatchObject({ abandoned: 0, unbooked: 46 });
    expect(r.campaigns.find((c) => c.campaign === 'Local TV')).toMatchObject({ abandoned: 10 });
    const web = await report({ preset: 'custom', from: '2026-10-10', to: '2026-11-24', campaignId: 'cmp-north-web' });
    expect(web.total).toBe(46);
  });

  it('exports exactly the rows on screen as CSV that round-trips', async () => {
    const body = { preset: 'custom', from: '2026-10-10', to: '2026-11-24', sort: { column: 'customer', direction: 'asc' } } as const;
    const res = await fetch(`${t.url}/api/reports/unbooked-abandoned/csv`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${sam.token}` }, body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const records = parse(await res.text(), { bom: true }) as string[][];
    const rows = await allRows(body);
    expect(records[0]).toEqual([...REPORT_COLUMNS]);
    expect(records.slice(1)).toEqual(rows.map((r) => reportCells(r, 'America/Chicago')));
  });

  it('refuses the report without its permission and keeps to the user’s accounts', async () => {
    const ava = await t.signIn('ava@northside.example');
    const r = await ava.request('POST', '/api/reports/unbooked-abandoned', { preset: 'this_month' });
    expect(r.status).toBe(403);
    const csv = await ava.request('POST', '/api/reports/unbooked-abandoned/csv', { preset: 'this_month' });
    expect(csv.status).toBe(403);
    await t.db.query("update user_roles set role_id = 'role-supervisor' where user_id = 'u-cora'");
    const cora = await t.signIn('cora@southside.example');
    const south = await report({ preset: 'custom', from: '2026-10-10', to: '2026-11-24' }, cora);
    expect(south.total).toBe(10);
    expect(south.range.timeZone).toBe('America/New_York');
    expect(south.campaignOptions.map((c) => c.id)).toEqual(['cmp-south-tv']);
    expect((await cora.request('POST', '/api/reports/unbooked-abandoned', { preset: 'this_month', accountId: 'acc-north' })).status).toBe(404);
    expect((await cora.request('POST', '/api/reports/unbooked-abandoned', { preset: 'custom', from: '2026-11-02' })).status).toBe(400);
  });

  it('names the CSV by the report’s local days and the local time of the export', async () => {
    // 8:30 pm on Monday Nov 30 in Chicago: already December 1 in UTC.
    at(chicago('2026-11-30T20:30'));
    const nameOf = async (body: ReportRequest) => {
      const res = await fetch(`${t.url}/api/reports/unbooked-abandoned/csv`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${sam.token}` }, body: JSON.stringify(body),
      });
      await res.arrayBuffer();
      return res.headers.get('content-disposition');
    };
    expect(await nameOf({ preset: 'today' })).toBe('attachment; filename="unbooked-abandoned-2026-11-30-20261130-203000.csv"');
    expect(await nameOf({ preset: 'this_month' })).toBe('attachment; filename="unbooked-abandoned-2026-11-01-to-2026-11-30-20261130-203000.csv"');
  });
});
