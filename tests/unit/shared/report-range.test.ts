import { describe, expect, it } from 'vitest';
import { reportFileName, reportRange, reportRequestSchema, REPORT_PRESETS, type ReportPreset } from '../../../shared';

const CHI = 'America/Chicago';
const range = (preset: ReportPreset, now: string, extra: { from?: string; to?: string } = {}) => {
  const r = reportRange({ preset, ...extra }, new Date(now), CHI);
  return [r.start.toISOString(), r.end.toISOString()];
};

describe('report date presets in the tenant’s time zone', () => {
  // Thursday 2026-11-26, 10:00 in Chicago (CST, UTC-6). DST ended on Sunday 2026-11-01 at 2:00.
  const now = '2026-11-26T16:00:00Z';

  it('each preset runs from local midnight to local midnight', () => {
    const expected: Record<Exclude<ReportPreset, 'custom'>, [string, string]> = {
      today: ['2026-11-26T06:00:00.000Z', '2026-11-27T06:00:00.000Z'],
      yesterday: ['2026-11-25T06:00:00.000Z', '2026-11-26T06:00:00.000Z'],
      this_week: ['2026-11-22T06:00:00.000Z', '2026-11-29T06:00:00.000Z'],
      last_week: ['2026-11-15T06:00:00.000Z', '2026-11-22T06:00:00.000Z'],
      // November began on CDT (UTC-5): its midnight is 05:00Z, not 06:00Z.
      this_month: ['2026-11-01T05:00:00.000Z', '2026-12-01T06:00:00.000Z'],
      last_month: ['2026-10-01T05:00:00.000Z', '2026-11-01T05:00:00.000Z'],
      this_year: ['2026-01-01T06:00:00.000Z', '2027-01-01T06:00:00.000Z'],
      last_year: ['2025-01-01T06:00:00.000Z', '2026-01-01T06:00:00.000Z'],
    };
    for (const [preset, span] of Object.entries(expected)) expect([preset, ...range(preset as ReportPreset, now)]).toEqual([preset, ...span]);
  });

  it('the day daylight saving ends is 25 hours long, and the week around it starts on Sunday', () => {
    const [start, end] = range('yesterday', '2026-11-02T18:00:00Z');
    expect([start, end]).toEqual(['2026-11-01T05:00:00.000Z', '2026-11-02T06:00:00.000Z']);
    expect((Date.parse(end!) - Date.parse(start!)) / 3_600_000).toBe(25);
    expect(range('this_week', '2026-11-02T18:00:00Z')).toEqual(['2026-11-01T05:00:00.000Z', '2026-11-08T06:00:00.000Z']);
  });

  it('the day daylight saving starts is 23 hours long', () => {
    const [start, end] = range('today', '2026-03-08T18:00:00Z');
    expect((Date.parse(end!) - Date.parse(start!)) / 3_600_000).toBe(23);
  });

  it('a custom range includes both its days', () => {
    expect(range('custom', now, { from: '2026-10-31', to: '2026-11-01' })).toEqual(['2026-10-31T05:00:00.000Z', '2026-11-02T06:00:00.000Z']);
  });

  it('refuses a custom range without dates, backwards, or over two years, naming the field', () => {
    const issue = (body: object) => {
      const r = reportRequestSchema.safeParse({ preset: 'custom', ...body });
      return r.success ? null : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issue({})).toEqual(['from: A custom range needs a from and a to date.']);
    expect(issue({ from: '2026-11-02', to: '2026-11-01' })).toEqual(['to: The range must end on or after the day it starts.']);
    expect(issue({ from: '2024-01-01', to: '2026-11-01' })).toEqual(['to: A custom range may span at most 731 days.']);
    expect(issue({ from: '2026-11-01', to: '2026-11-01' })).toBeNull();
    expect(REPORT_PRESETS).toContain('custom');
  });
});

describe('the CSV file name, in the report’s time zone', () => {
  // 8:30 pm on Monday Nov 30 in Chicago is already Tuesday Dec 1 in UTC.
  const evening = new Date('2026-12-01T02:30:00Z');
  const name = (preset: ReportPreset, extra: { from?: string; to?: string } = {}) => reportFileName(reportRange({ preset, ...extra }, evening, CHI), CHI, evening);

  it('names the report’s local days and the local moment of the export, never UTC’s next day', () => {
    expect(name('today')).toBe('unbooked-abandoned-2026-11-30-20261130-203000.csv');
    expect(name('this_month')).toBe('unbooked-abandoned-2026-11-01-to-2026-11-30-20261130-203000.csv');
    expect(name('last_week')).toBe('unbooked-abandoned-2026-11-22-to-2026-11-28-20261130-203000.csv');
    expect(name('custom', { from: '2026-10-12', to: '2026-11-10' })).toBe('unbooked-abandoned-2026-10-12-to-2026-11-10-20261130-203000.csv');
  });

  it('labels a custom range as Custom: the screen writes its days out in the user’s format', () => {
    expect(reportRange({ preset: 'custom', from: '2026-10-12', to: '2026-11-10' }, evening, CHI).label).toBe('Custom');
  });
});
