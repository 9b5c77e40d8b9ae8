import { DateTime } from 'luxon';
import { REPORT_PRESET_LABELS, type ParsedReportRequest } from './report-model';

export type ReportRange = { start: Date; end: Date; label: string };

/**
 * A preset's boundaries in the tenant's time zone: [start, end) instants, from local midnight
 * to local midnight, so a day that gains or loses an hour to daylight saving is still one whole
 * day. Weeks start on Sunday, as US contact centers count them.
 */
export function reportRange(r: Pick<ParsedReportRequest, 'preset' | 'from' | 'to'>, now: Date, timeZone: string): ReportRange {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) throw new Error(`Unknown time zone ${timeZone}.`);
  const today = local.startOf('day');
  const sunday = today.minus({ days: today.weekday % 7 });
  const span = (start: DateTime, end: DateTime) => ({ start: start.toJSDate(), end: end.toJSDate(), label: REPORT_PRESET_LABELS[r.preset] });
  switch (r.preset) {
    case 'today':
      return span(today, today.plus({ days: 1 }));
    case 'yesterday':
      return span(today.minus({ days: 1 }), today);
    case 'this_week':
      return span(sunday, sunday.plus({ weeks: 1 }));
    case 'last_week':
      return span(sunday.minus({ weeks: 1 }), sunday);
    case 'this_month':
      return span(today.startOf('month'), today.startOf('month').plus({ months: 1 }));
    case 'last_month':
      return span(today.startOf('month').minus({ months: 1 }), today.startOf('month'));
    case 'this_year':
      return span(today.startOf('year'), today.startOf('year').plus({ years: 1 }));
    case 'last_year':
      return span(today.startOf('year').minus({ years: 1 }), today.startOf('year'));
    case 'custom': {
      const from = DateTime.fromISO(r.from!, { zone: timeZone }).startOf('day');
      const to = DateTime.fromISO(r.to!, { zone: timeZone }).startOf('day').plus({ days: 1 });
      // The screen writes the days out in the user's format; the label only names the choice.
      return { start: from.toJSDate(), end: to.toJSDate(), label: REPORT_PRESET_LABELS.custom };
    }
  }
}

/**
 * The CSV's file name: the report's first and last day and the moment of the export, all in the
 * report's time zone, so a manager in Chicago exporting "Today" at 8 pm on Nov 30 gets
 * `unbooked-abandoned-2026-11-30-20261130-200000.csv`, not UTC's December 1.
 */
export function reportFileName(range: { start: Date; end: Date }, timeZone: string, now: Date): string {
  const first = DateTime.fromJSDate(range.start, { zone: timeZone }).toISODate();
  const last = DateTime.fromJSDate(new Date(range.end.getTime() - 1), { zone: timeZone }).toISODate();
  const at = DateTime.fromJSDate(now, { zone: timeZone }).toFormat('yyyyMMdd-HHmmss');
  return `unbooked-abandoned-${first === last ? first : `${first}-to-${last}`}-${at}.csv`;
}
