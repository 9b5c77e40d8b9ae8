import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../../shared';

const values = {
  'Account Name': 'Northside Plumbing',
  'Voice Agent Name': 'Riley',
  'Customer-Facing Business Name': 'Northside Home Services',
};

describe('Voice Agent templates', () => {
  it('fills in every known variable', () => {
    const r = renderTemplate(
      'Thanks for calling [Customer-Facing Business Name], this is [Voice Agent Name], a virtual assistant for [Account Name].',
      values,
    );
    expect(r).toEqual({
      ok: true,
      text: 'Thanks for calling Northside Home Services, this is Riley, a virtual assistant for Northside Plumbing.',
      unknown: [],
      missing: [],
    });
  });

  it('fills in a repeated variable each time', () => {
    expect(renderTemplate('[Voice Agent Name]! Yes, [Voice Agent Name].', values).text).toBe('Riley! Yes, Riley.');
  });

  it('forgives case and spacing', () => {
    expect(renderTemplate('Hi, I am [ voice  agent name ].', values).text).toBe('Hi, I am Riley.');
  });

  it('reports unknown variables and never reads them out', () => {
    const r = renderTemplate('Welcome to [Acount Name] and [Promo]. [Promo]!', values);
    expect(r.ok).toBe(false);
    expect(r.unknown).toEqual(['Acount Name', 'Promo']);
    expect(r.text).toBe('Welcome to and . !');
    expect(r.text).not.toContain('[');
  });

  it('reports a known variable with no value yet', () => {
    const r = renderTemplate('This is [Voice Agent Name].', { 'Account Name': 'X' });
    expect(r.ok).toBe(false);
    expect(r.missing).toEqual(['Voice Agent Name']);
  });

  it('leaves text without brackets alone', () => {
    expect(renderTemplate('Goodbye.', values)).toEqual({ ok: true, text: 'Goodbye.', unknown: [], missing: [] });
  });
});
