import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/*
 * How every screen and the CSV write numbers, durations, ages, counts and times. One module so
 * that the list, the drawer, the tiles, the report and the export never disagree on how a
 * value reads.
 */

const LOCALE = 'en-US';

/**
 * A phone number as people of the account's country write it: national format for numbers of
 * that country ("(404) 555-3108"), international for others ("+44 20 7946 0958"). Anything that
 * does not parse (a SIP address, "anonymous") is shown as it came.
 */
export function formatPhone(e164: string | null | undefined, country: CountryCode = 'US'): string {
  if (!e164) return '';
  const parsed = parsePhoneNumberFromString(e164, country);
  if (!parsed || !parsed.isPossible()) return e164;
  return parsed.country === country ? parsed.formatNational() : parsed.formatInternational();
}

/**
 * Free text written for people (a history line, a note the desk composed): every E.164 number in
 * it reads like every other number on screen, and the call references kept for support, "(call
 * CA…)", are left out.
 */
export function readableText(text: string, country: CountryCode = 'US'): string {
  return text.replace(/\s*\(call CA[0-9a-fA-F]{32}\)/g, '').replace(/\+[1-9]\d{6,14}(?!\d)/g, (n) => formatPhone(n, country));
}

/**
 * Who called, for a sentence: a name as it is, a bare number (what the server sends when the
 * caller has no name) formatted like every other number on screen.
 */
export function formatCaller(nameOrNumber: string, country: CountryCode = 'US'): string {
  return /^\+[1-9]\d{6,14}$/.test(nameOrNumber.trim()) ? formatPhone(nameOrNumber.trim(), country) : nameOrNumber;
}

/**
 * The parts of one line (a caller, their queue, how long they have waited) joined by " · ",
 * leaving out those that are missing or empty: never a separator at either end or two together.
 */
export function joinParts(...parts: (string | null | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join(' · ');
}

/** A call's or a wait's length as m:ss (h:mm:ss from an hour); "—" when unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * Speed to lead (how long a lead waited for its first attempt) as a manager reads it at a
 * glance: "42 s", "12 min 5 s", "2 h 3 min", "1 d 4 h". Not m:ss like a call's length, which on
 * a tile or in the report reads like a time of day ("12:05"). Two units at most; "—" when nobody
 * tried yet. The tiles and the report both use it, so they agree.
 */
export function formatSpeedToLead(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

const pluralRules = new Intl.PluralRules(LOCALE);

/** "1 call", "2 calls", "0 calls": the noun agrees with the count. */
export function plural(count: number, one: string, other: string): string {
  return `${count.toLocaleString(LOCALE)} ${pluralRules.select(count) === 'one' ? one : other}`;
}

/**
 * How long ago something happened, at a glance: "just now", "12 min", "3 h 5 min", "2 d 4 h".
 * Minutes and hours are abbreviated units, so they read the same for one or many.
 */
export function formatAge(sinceMs: number, nowMs: number): string {
  const m = Math.max(0, Math.floor((nowMs - sinceMs) / 60_000));
  if (m < 1) return 'just now';
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${Math.floor(m / 60)} h`;
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  return h ? `${d} d ${h} h` : `${d} d`;
}

// Making a formatter costs far more than using one, and an export formats every row.
const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, kind: 'date' | 'time' | 'clock' | 'dateTime' | 'isoDate' | 'zone'): Intl.DateTimeFormat {
  const key = `${timeZone}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    const options: Record<typeof kind, Intl.DateTimeFormatOptions> = {
      date: { month: 'short', day: 'numeric', year: 'numeric' },
      time: { hour: 'numeric', minute: '2-digit', second: '2-digit' },
      clock: { hour: 'numeric', minute: '2-digit' },
      dateTime: { month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' },
      isoDate: { year: 'numeric', month: '2-digit', day: '2-digit' },
      zone: { timeZoneName: 'shortGeneric' },
    };
    f = new Intl.DateTimeFormat(kind === 'isoDate' ? 'en-CA' : LOCALE, { timeZone, ...options[kind] });
    cache.set(key, f);
  }
  return f;
}

/** "Nov 26, 2026, 3:04 PM" in the screen's declared zone. */
export function formatDateTime(iso: string | number | Date, timeZone: string): string {
  return formatter(timeZone, 'dateTime').format(new Date(iso));
}

/** "Nov 26, 2026" in the screen's declared zone. */
export function formatDate(iso: string | number | Date, timeZone: string): string {
  return formatter(timeZone, 'date').format(new Date(iso));
}

/** "Nov 26, 2026" for a calendar day written "2026-11-26" (a day, not an instant: no zone moves it). */
export function formatCalendarDay(day: string): string {
  return formatter('UTC', 'date').format(new Date(`${day}T12:00:00Z`));
}

/** "3:04:05 PM" in the screen's declared zone. */
export function formatTime(iso: string | number | Date, timeZone: string): string {
  return formatter(timeZone, 'time').format(new Date(iso));
}

/** "3:04 PM" in the screen's declared zone. */
export function formatClock(iso: string | number | Date, timeZone: string): string {
  return formatter(timeZone, 'clock').format(new Date(iso));
}

/** "2026-11-26": a calendar day in the zone, for exports and date inputs. */
export function formatIsoDate(iso: string | number | Date, timeZone: string): string {
  return formatter(timeZone, 'isoDate').format(new Date(iso));
}

/** The zone's short generic name ("CT", "ET"), to label a screen's times whatever the season. */
export function zoneName(timeZone: string, at: string | number | Date = Date.now()): string {
  const part = formatter(timeZone, 'zone').formatToParts(new Date(at)).find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** A percentage of a ratio, rounded: "42%"; "—" with no ratio. */
export function formatPercent(ratio: number | null): string {
  return ratio === null ? '—' : `${Math.round(ratio * 100)}%`;
}
