import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { timezones } from 'libphonenumber-geo-carrier';

/** More zones than this means the number's region is not known (the whole country's list comes back). */
const MAX_REGION_ZONES = 4;

/**
 * The time zones a customer may be in, from their number's region (Google's libphonenumber
 * time-zone map). A number whose region is unknown falls back to the account's own zone, which
 * is where its customers mostly are.
 */
export async function customerTimeZones(e164: string, accountZone: string): Promise<{ zones: string[]; fromNumber: boolean }> {
  const zones = await zonesOfNumber(e164);
  if (!zones || zones.length === 0 || zones.length > MAX_REGION_ZONES) return { zones: [accountZone], fromNumber: false };
  return { zones, fromNumber: true };
}

/*
 * The map reads and decodes its whole data file on every lookup, and the drawer asks again each
 * minute; a number's region never changes, so each answer is kept (a bounded, oldest-first cache).
 */
const cache = new Map<string, Promise<string[] | null>>();
const CACHE_SIZE = 5000;

function zonesOfNumber(e164: string): Promise<string[] | null> {
  let hit = cache.get(e164);
  if (!hit) {
    const parsed = parsePhoneNumberFromString(e164);
    hit = parsed ? timezones(parsed as Parameters<typeof timezones>[0]).catch(() => null) : Promise.resolve(null);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(e164, hit);
  }
  return hit;
}
