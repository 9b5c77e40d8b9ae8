import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../../shared';

describe('phone normalisation', () => {
  it('reads national numbers in the default country', () => {
    for (const input of ['(415) 555-0134', '415.555.0134', '4155550134', '1 415 555 0134']) {
      const r = normalizePhone(input);
      expect(r).toMatchObject({ ok: true, phone: { e164: '+14155550134', region: 'US' } });
    }
  });

  it('reads international numbers whatever the default', () => {
    expect(normalizePhone('+44 20 7946 0958')).toMatchObject({ ok: true, phone: { e164: '+442079460958', region: 'GB' } });
    expect(normalizePhone('020 7946 0958', 'GB')).toMatchObject({ ok: true, phone: { e164: '+442079460958' } });
    expect(normalizePhone('+1 604 555 0199')).toMatchObject({ ok: true, phone: { region: 'CA' } });
  });

  it('gives a clear error for garbage', () => {
    expect(normalizePhone('')).toEqual({ ok: false, error: 'Enter a phone number.' });
    expect(normalizePhone('call me maybe')).toEqual({ ok: false, error: 'That is not a phone number.' });
    expect(normalizePhone('12')).toMatchObject({ ok: false });
    expect(normalizePhone('+1 415 555 01345678')).toMatchObject({ ok: false });
    expect(normalizePhone('+1 099 555 0134')).toMatchObject({ ok: false });
  });
});
