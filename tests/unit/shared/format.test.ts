import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatAge, formatCalendarDay, formatCaller, formatDateTime, formatDuration, formatIssues, formatPhone, formatSpeedToLead, formatTime, joinParts, overflowExplanation, issuesByField, plural, readableText, reportCells, zoneName } from '../../../shared';

describe('the formatting module', () => {
  it('writes phone numbers in national format for the account country, international otherwise', () => {
    expect(formatPhone('+14045553108')).toBe('(404) 555-3108');
    expect(formatPhone('+442079460958')).toBe('+44 20 7946 0958');
    expect(formatPhone('anonymous')).toBe('anonymous');
    expect(formatPhone(null)).toBe('');
  });

  it('writes a calendar day as the screens write dates, the same day in every zone', () => {
    expect(formatCalendarDay('2026-12-04')).toBe('Dec 4, 2026');
    expect(formatCalendarDay('2027-01-01')).toBe('Jan 1, 2027');
    expect(formatCalendarDay('2026-03-08')).toBe('Mar 8, 2026'); // a clock change in the US
  });

  it('writes durations as m:ss, hours when there are some', () => {
    expect(formatDuration(248)).toBe('4:08');
    expect(formatDuration(5)).toBe('0:05');
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(null)).toBe('—');
  });

  it('writes speed to lead as a duration read at a glance, never like a clock time', () => {
    expect(formatSpeedToLead(42)).toBe('42 s');
    expect(formatSpeedToLead(0)).toBe('0 s');
    expect(formatSpeedToLead(59.6)).toBe('1 min'); // a median between two calls rounds like the database does
    expect(formatSpeedToLead(725)).toBe('12 min 5 s');
    expect(formatSpeedToLead(720)).toBe('12 min');
    expect(formatSpeedToLead(2 * 3600 + 3 * 60 + 40)).toBe('2 h 3 min');
    expect(formatSpeedToLead(3 * 3600)).toBe('3 h');
    expect(formatSpeedToLead(26 * 3600 + 59)).toBe('1 d 2 h');
    expect(formatSpeedToLead(null)).toBe('—');
    // None of them reads like "0:42" or "12:05".
    for (const s of [42, 725, 7420, 93_600]) expect(formatSpeedToLead(s)).not.toMatch(/\d:\d\d/);
  });

  it('makes the noun agree with the count', () => {
    expect(plural(1, 'call', 'calls')).toBe('1 call');
    expect(plural(0, 'call', 'calls')).toBe('0 calls');
    expect(plural(1234, 'minute', 'minutes')).toBe('1,234 minutes');
  });

  it('says ages at a glance', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    expect(formatAge(now - 20_000, now)).toBe('just now');
    expect(formatAge(now - 12 * 60_000, now)).toBe('12 min');
    expect(formatAge(now - 185 * 60_000, now)).toBe('3 h 5 min');
    expect(formatAge(now - 2 * 86_400_000 - 4 * 3_600_000, now)).toBe('2 d 4 h');
  });

  it('writes times in the declared zone, whatever the machine zone', () => {
    const at = '2026-11-26T21:04:05Z';
    expect(formatTime(at, 'America/Chicago')).toBe('3:04:05 PM');
    expect(formatDateTime(at, 'America/New_York')).toBe('Nov 26, 2026, 4:04 PM');
    expect(zoneName('America/Chicago', at)).toBe('CT');
    expect(zoneName('America/New_York', '2026-07-01T12:00:00Z')).toBe('ET');
  });

  it('gives the report and the CSV the same cells, phone included', () => {
    const cells = reportCells({ id: 'c1', startedAt: '2026-11-26T21:04:05Z', callType: 'abandoned', direction: 'inbound', name: null, campaign: 'Radio', phone: '+13125559001', customerName: 'Dana', outcome: 'open' }, 'America/Chicago');
    expect(cells.slice(1, 8)).toEqual(['Nov 26, 2026', '3:04:05 PM', 'Abandoned', 'Inbound', '', 'Radio', '(312) 555-9001']);
  });
});

describe('validation errors in words', () => {
  const schema = z.object({
    acwMinutes: z.number().int().min(1, 'After Call Work Time must be at least 1 minute.'),
    persona: z.object({ agentName: z.string().min(1) }),
    jobTypes: z.array(z.object({ name: z.string().max(3) })),
    text: z.string().max(4000),
  });
  const error = schema.safeParse({ acwMinutes: 0, persona: { agentName: '' }, jobTypes: [{ name: 'ok' }, { name: 'toolong' }], text: 'x'.repeat(4001) }).error!;

  it('never shows a field path or zod default text', () => {
    const text = formatIssues(error);
    expect(text).toBe('After Call Work Time must be at least 1 minute. Agent name cannot be empty. Name of job type 2 must be at most 3 characters. Note must be at most 4,000 characters.');
    expect(text).not.toMatch(/acwMinutes|persona\.|jobTypes\.|Too big|expected/);
  });

  it('puts each message by its field', () => {
    expect(issuesByField(error)).toMatchObject({ acwMinutes: 'After Call Work Time must be at least 1 minute.', 'persona.agentName': 'Agent name cannot be empty.' });
  });
});

describe('formatCaller', () => {
  it('formats a bare number and leaves a name alone', () => {
    expect(formatCaller('+13125559001')).toBe('(312) 555-9001');
    expect(formatCaller('+442079460958')).toBe('+44 20 7946 0958');
    expect(formatCaller('Dana Whitfield')).toBe('Dana Whitfield');
    expect(formatCaller('Room +1')).toBe('Room +1');
  });
});

describe('plural words in sentences the server and screens write', () => {
  it('the overflow explanation agrees with its seconds', () => {
    expect(overflowExplanation('wait', 1)).toContain('after 1 second is answered');
    expect(overflowExplanation('wait', 90)).toContain('after 90 seconds is answered');
  });
});

describe('readableText', () => {
  it('formats every number in a sentence and leaves out call references', () => {
    expect(readableText('Left a voicemail and gave +13125550101 as the callback number.')).toBe('Left a voicemail and gave (312) 555-0101 as the callback number.');
    expect(readableText('Ava called back: no answer (call CAf974220a25e9ffc2821662332cc09d89).')).toBe('Ava called back: no answer.');
    expect(readableText('Called +442071838750 twice')).toBe('Called +44 20 7183 8750 twice');
    expect(readableText('Job 12345678 booked')).toBe('Job 12345678 booked');
  });

  it('joins the parts of a line with " · ", leaving out the missing ones: no stray separator', () => {
    expect(joinParts('Dana Whitfield', 'Service', 'waiting 0:12')).toBe('Dana Whitfield · Service · waiting 0:12');
    expect(joinParts(null, 'Service', 'waiting 0:12')).toBe('Service · waiting 0:12');
    expect(joinParts('Dana Whitfield', null, 'waiting 0:12')).toBe('Dana Whitfield · waiting 0:12');
    expect(joinParts('', undefined, '  ', false, 'muted')).toBe('muted');
    expect(joinParts(null, false)).toBe('');
  });
});
