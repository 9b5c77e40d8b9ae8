import { z } from 'zod';

/** A tenant's callback hours, in minutes after local midnight; end is exclusive. */
export const callbackHoursSchema = z
  .object({
    startMinute: z.number().int().min(0).max(1440),
    endMinute: z.number().int().min(0).max(1440),
  })
  .refine((h) => h.endMinute > h.startMinute, { message: 'Callback hours must end after they start.', path: ['endMinute'] });
export type CallbackHours = z.infer<typeof callbackHoursSchema>;

export type CallbackVerdict = {
  allowed: boolean;
  /** Why the call may not be placed now, in words for the button's title; null when allowed. */
  reason: string | null;
  /** The customer's local time in each zone the number may be in, e.g. "7:40 AM CST". */
  localTimes: string[];
};

const clock = (minute: number) => {
  const h = Math.floor(minute / 60) % 24;
  const m = minute % 60;
  const suffix = h < 12 ? 'AM' : 'PM';
  return `${((h + 11) % 12) + 1}:${String(m).padStart(2, '0')} ${suffix}`;
};

function minuteOfDay(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

function localTime(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(now);
}

/**
 * Whether a customer may be called now. A number whose region spans several time zones must be
 * inside the hours in every one of them: calling someone at 7 AM because the other half of the
 * area code is already at 8 is the complaint this rule exists to prevent.
 */
export function checkCallbackHours(now: Date, timeZones: readonly string[], hours: CallbackHours): CallbackVerdict {
  const localTimes = timeZones.map((z) => localTime(now, z));
  if (hours.startMinute === 0 && hours.endMinute === 1440) return { allowed: true, reason: null, localTimes };
  const outside = timeZones.filter((z) => {
    const m = minuteOfDay(now, z);
    return m < hours.startMinute || m >= hours.endMinute;
  });
  if (outside.length === 0) return { allowed: true, reason: null, localTimes };
  const window = `${clock(hours.startMinute)}–${clock(hours.endMinute)}`;
  return {
    allowed: false,
    reason: `Outside callback hours (${window}): it is ${outside.map((z) => localTime(now, z)).join(' / ')} for the customer.`,
    localTimes,
  };
}
