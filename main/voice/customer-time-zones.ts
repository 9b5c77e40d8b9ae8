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
  const parsed = parsePhoneNumberFromString(e164);
  const zones = parsed ? await timezones(parsed as Parameters<typeof timezones>[0]).catch(() => null) : null;
  if (!zones || zones.length === 0 || zones.length > MAX_REGION_ZONES) return { zones: [accountZone], fromNumber: false };
  return { zones, fromNumber: true };
}
