import { z } from 'zod';
import { id, isoInstant } from '../domain/records';
import { formatDate, formatPhone, formatTime } from '../format/format';
import { calendarDay } from '../validation/bounds';

/*
 * The Unbooked and Abandoned Calls report: what a manager asks for and what comes back. The
 * same request drives the screen, the campaign comparison and the CSV, so the export is exactly
 * what is on screen.
 */

export const REPORT_PRESETS = ['today', 'yesterday', 'this_week', 'last_week', 'this_month', 'last_month', 'this_year', 'last_year', 'custom'] as const;
export type ReportPreset = (typeof REPORT_PRESETS)[number];
export const REPORT_PRESET_LABELS: Record<ReportPreset, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  this_week: 'This Week',
  last_week: 'Last Week',
  this_month: 'This Month',
  last_month: 'Last Month',
  this_year: 'This Year',
  last_year: 'Last Year',
  custom: 'Custom',
};

export const REPORT_DATE_TYPES = ['call', 'job_completion', 'job_creation', 'job_scheduled'] as const;
export type ReportDateType = (typeof REPORT_DATE_TYPES)[number];
export const REPORT_DATE_TYPE_LABELS: Record<ReportDateType, string> = {
  call: 'Call Date',
  job_completion: 'Job Completion Date',
  job_creation: 'Job Creation Date',
  job_scheduled: 'Job Scheduled Date',
};

export const REPORT_SORT_COLUMNS = ['callDate', 'callType', 'direction', 'name', 'campaign', 'phone', 'customer'] as const;

const day = calendarDay;

/** The longest custom range: a report is for a period a manager reviews, not all time. */
export const MAX_CUSTOM_DAYS = 731;

export const reportRequestSchema = z
  .object({
    preset: z.enum(REPORT_PRESETS),
    /** Custom range, inclusive days in the report's time zone. */
    from: day.optional(),
    to: day.optional(),
    dateType: z.enum(REPORT_DATE_TYPES).default('call'),
    accountId: id.optional(),
    campaignId: id.optional(),
    sort: z.object({ column: z.enum(REPORT_SORT_COLUMNS), direction: z.enum(['asc', 'desc']) }).default({ column: 'callDate', direction: 'desc' }),
    offset: z.number().int().nonnegative().max(10_000_000).default(0),
    limit: z.number().int().positive().max(500).default(100),
  })
  .superRefine((r, ctx) => {
    if (r.preset !== 'custom') return;
    if (!r.from || !r.to) return ctx.addIssue({ code: 'custom', message: 'A custom range needs a from and a to date.', path: ['from'] });
    const days = (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000;
    if (!(days >= 0)) ctx.addIssue({ code: 'custom', message: 'The range must end on or after the day it starts.', path: ['to'] });
    else if (days >= MAX_CUSTOM_DAYS) ctx.addIssue({ code: 'custom', message: `A custom range may span at most ${MAX_CUSTOM_DAYS} days.`, path: ['to'] });
  });
export type ReportRequest = z.input<typeof reportRequestSchema>;
export type ParsedReportRequest = z.output<typeof reportRequestSchema>;

export const REPORT_CALL_TYPES = ['abandoned', 'unbooked', 'short', 'voice_agent'] as const;
export const REPORT_CALL_TYPE_LABELS: Record<(typeof REPORT_CALL_TYPES)[number], string> = {
  abandoned: 'Abandoned',
  unbooked: 'Unbooked',
  short: 'Short call',
  /** Listed by job dates only: an overflow call the Voice Agent booked. */
  voice_agent: 'Booked by Voice Agent',
};

export const reportRowSchema = z.object({
  id: z.string(),
  startedAt: isoInstant,
  callType: z.enum(REPORT_CALL_TYPES),
  direction: z.enum(['inbound', 'outbound']),
  /** The agent who took the call: none for a caller who hung up in a queue, the Voice Agent for one who hung up on it. */
  name: z.string().nullable(),
  campaign: z.string().nullable(),
  phone: z.string().nullable(),
  customerName: z.string().nullable(),
  /** What became of the follow-up: a job booked from it, resolved without one, dismissed, or still being worked. */
  outcome: z.enum(['recovered', 'resolved_without_job', 'dismissed', 'open', 'none']),
});
export type ReportRow = z.infer<typeof reportRowSchema>;

export const campaignComparisonSchema = z.object({
  campaignId: z.string().nullable(),
  campaign: z.string(),
  abandoned: z.number().int().nonnegative(),
  unbooked: z.number().int().nonnegative(),
  recovered: z.number().int().nonnegative(),
  /** Resolved without a job: auto-resolved by a later conversation, or by hand. */
  resolvedWithoutJob: z.number().int().nonnegative(),
  dismissed: z.number().int().nonnegative(),
  /** Recovered over all report calls of the campaign; null with no calls. */
  recoveryRate: z.number().min(0).max(1).nullable(),
  medianSpeedToLeadSeconds: z.number().nonnegative().nullable(),
});
export type CampaignComparison = z.infer<typeof campaignComparisonSchema>;

export const reportResponseSchema = z.object({
  range: z.object({ start: isoInstant, end: isoInstant, timeZone: z.string(), label: z.string() }),
  total: z.number().int().nonnegative(),
  rows: z.array(reportRowSchema),
  campaigns: z.array(campaignComparisonSchema),
  /** The campaigns the filter may pick from (all of the user's accounts). */
  campaignOptions: z.array(z.object({ id, name: z.string(), accountId: id })),
});
export type ReportResponse = z.infer<typeof reportResponseSchema>;

/**
 * The columns of the screen and the CSV, in order, with how each cell reads. The workflow's list
 * also names Recording, but no report call has one: the product records only voicemails (the
 * `<Record>` of the wait menu), and a call that left a voicemail is neither abandoned nor
 * unbooked. A column empty on every row is left out until conversations are recorded.
 */
export const REPORT_COLUMNS = ['ID', 'Call Date', 'Call Time', 'Call Type', 'Direction', 'Name', 'Call Campaign', 'Caller Phone Number', 'Customer Name'] as const;

/** One row's cells, as on screen and in the CSV: dates ("Nov 26, 2026"), times and numbers as the formatting module writes them. */
export function reportCells(row: ReportRow, timeZone: string): string[] {
  return [
    row.id, formatDate(row.startedAt, timeZone), formatTime(row.startedAt, timeZone), REPORT_CALL_TYPE_LABELS[row.callType], row.direction === 'inbound' ? 'Inbound' : 'Outbound',
    row.name ?? '', row.campaign ?? '', formatPhone(row.phone), row.customerName ?? '',
  ];
}
