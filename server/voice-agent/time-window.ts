import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import type { Slot } from './conversation';

/*
 * Turns what a caller says about time ("tomorrow morning", "Friday at 2", "as soon as you
 * can") into an appointment window in the account's time zone. chrono-node reads the phrase;
 * luxon places it in the zone, whatever the server's own zone is.
 */

const PARTS = [
  { name: 'morning', from: 8, to: 12, words: /\bmorning|\bam\b|early\b/ },
  { name: 'afternoon', from: 12, to: 17, words: /\bafternoon|\bmidday|\bnoon|\blunch/ },
  { name: 'evening', from: 17, to: 20, words: /\bevening|\btonight|after work|\blate\b/ },
] as const;
const OPEN_HOUR = 8;
const CLOSE_HOUR = 20;
const SOON = /\b(asap|as soon as|soonest|earliest|right away|straight away|first available|next available|any ?time|whenever|emergency|urgent|now)\b/;
const LEAD_MINUTES = 60;
const HORIZON_DAYS = 60;

function label(start: DateTime, end: DateTime, now: DateTime): string {
  const day = start.hasSame(now, 'day') ? 'today' : start.hasSame(now.plus({ days: 1 }), 'day') ? 'tomorrow' : start.toFormat('cccc, LLLL d');
  const t = (d: DateTime) => d.toFormat(d.minute ? 'h:mm a' : 'h a');
  return `${day} between ${t(start)} and ${t(end)}`;
}

/** A window given as instants, as the caller hears it ("tomorrow between 8 AM and 12 PM"). */
export function windowLabel(startIso: string, endIso: string, now: Date, timeZone: string): string {
  return label(DateTime.fromISO(startIso, { zone: timeZone }), DateTime.fromISO(endIso, { zone: timeZone }), DateTime.fromJSDate(now, { zone: timeZone }));
}

function slot(start: DateTime, end: DateTime, now: DateTime): Slot {
  return { start: start.toUTC().toISO()!, end: end.toUTC().toISO()!, label: label(start, end, now) };
}

/** The first whole window at or after `from`, in business hours, that starts an hour from now. */
function firstWindowFrom(from: DateTime, now: DateTime): Slot {
  const earliest = now.plus({ minutes: LEAD_MINUTES });
  let day = from.startOf('day');
  for (let i = 0; i < HORIZON_DAYS; i++, day = day.plus({ days: 1 })) {
    for (const p of PARTS) {
      const start = day.set({ hour: p.from });
      if (start >= earliest && day.plus({ hours: p.to }) > from) return slot(start, day.set({ hour: p.to }), now);
    }
  }
  return slot(earliest, earliest.plus({ hours: 4 }), now);
}

export function findSlots(phrase: string, now: Date, timeZone: string): { ok: true; slots: Slot[] } | { ok: false; reason: string } {
  const text = phrase.toLowerCase();
  const zoneNow = DateTime.fromJSDate(now, { zone: timeZone });
  if (SOON.test(text) && !/tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday/.test(text)) {
    return { ok: true, slots: [firstWindowFrom(zoneNow, zoneNow)] };
  }
  // chrono reads wall-clock fields relative to the process's zone: hand it the account's wall clock.
  const ref = new Date(zoneNow.year, zoneNow.month - 1, zoneNow.day, zoneNow.hour, zoneNow.minute);
  const [hit] = chrono.parse(phrase, ref, { forwardDate: true });
  const part = PARTS.find((p) => p.words.test(text));
  if (!hit && !part) return { ok: false, reason: 'no time' };
  const c = hit?.start;
  const day = c
    ? DateTime.fromObject({ year: c.get('year')!, month: c.get('month')!, day: c.get('day')! }, { zone: timeZone })
    : zoneNow.startOf('day');
  if (!day.isValid || day > zoneNow.plus({ days: HORIZON_DAYS })) return { ok: false, reason: 'too far' };
  const earliest = zoneNow.plus({ minutes: LEAD_MINUTES });
  if (c?.isCertain('hour') && !(part && !c.isCertain('minute') && c.get('hour') === 6)) {
    const hour = c.get('hour')!;
    if (hour < OPEN_HOUR || hour >= CLOSE_HOUR - 1) return { ok: false, reason: 'closed' };
    const start = day.set({ hour, minute: c.get('minute') ?? 0 });
    if (start < earliest) return { ok: false, reason: 'past' };
    return { ok: true, slots: [slot(start, start.plus({ hours: 2 }), zoneNow)] };
  }
  if (part) {
    const start = day.set({ hour: part.from });
    if (start < earliest) {
      // This morning has already begun: the rest of the day is still worth offering.
      const later = firstWindowFrom(day.set({ hour: part.from }), zoneNow);
      return { ok: true, slots: [later] };
    }
    return { ok: true, slots: [slot(start, day.set({ hour: part.to }), zoneNow)] };
  }
  return { ok: true, slots: [firstWindowFrom(day, zoneNow)] };
}

/** A window given as instants (the language model passes back what find_slots offered), labelled for the caller. */
export function slotBetween(startIso: string, endIso: string, now: Date, timeZone: string): Slot | null {
  const start = DateTime.fromISO(startIso, { zone: timeZone });
  const end = DateTime.fromISO(endIso, { zone: timeZone });
  if (!start.isValid || !end.isValid || end <= start || start < DateTime.fromJSDate(now)) return null;
  return slot(start, end, DateTime.fromJSDate(now, { zone: timeZone }));
}
