import { parsePhoneNumberWithError, ParseError, type CountryCode } from 'libphonenumber-js/max';

export type NormalizedPhone = {
  e164: string;
  /** ISO 3166 region of the number, used for the customer's local callback hours. */
  region: string | null;
  national: string;
};

export type PhoneResult = { ok: true; phone: NormalizedPhone } | { ok: false; error: string };

const REASONS: Record<string, string> = {
  INVALID_COUNTRY: 'The number has no country code and no default country was given.',
  NOT_A_NUMBER: 'That is not a phone number.',
  TOO_SHORT: 'The number is too short.',
  TOO_LONG: 'The number is too long.',
  INVALID_LENGTH: 'The number has the wrong number of digits.',
};

/**
 * E.164 for any way a person or a carrier writes a number. National numbers are read in the
 * account's country. Uses libphonenumber-js's full metadata so that a number with the right
 * length but an impossible area code or prefix is refused too.
 */
export function normalizePhone(input: string, defaultCountry: CountryCode = 'US'): PhoneResult {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, error: 'Enter a phone number.' };
  try {
    const parsed = parsePhoneNumberWithError(trimmed, { defaultCountry });
    if (!parsed.isValid()) {
      return { ok: false, error: `${trimmed} is not a valid phone number.` };
    }
    return {
      ok: true,
      phone: {
        e164: parsed.number,
        region: parsed.country ?? null,
        national: parsed.formatNational(),
      },
    };
  } catch (err) {
    if (err instanceof ParseError) {
      return { ok: false, error: REASONS[err.message] ?? `Not a phone number: ${err.message}.` };
    }
    throw err;
  }
}
