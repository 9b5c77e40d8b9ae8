/*
 * What a webhook may carry into storage. PostgreSQL text and jsonb cannot hold the NUL
 * character, and jsonb refuses a lone UTF-16 surrogate ("\ud800" with no partner); either, in a
 * parameter's name or its value, in the body or the URL's query, would fail the inbox's shared
 * INSERT (and with it every webhook in the same commit). They are refused at the edge with a
 * 400 that says why. Twilio sends only form-encoded bodies of flat string fields.
 */

// With the u flag, a well-formed surrogate pair is one code point: only lone halves match.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function badText(s: string): string | null {
  if (s.includes('\u0000')) return 'the NUL character';
  if (LONE_SURROGATE.test(s)) return 'a lone UTF-16 surrogate';
  return null;
}

/** Why these parameters cannot be stored, naming the part; null when they can. */
export function unstorable(params: Record<string, unknown>, where: 'body' | 'query'): string | null {
  for (const [name, value] of Object.entries(params)) {
    const inName = badText(name);
    if (inName) return `a parameter name in the ${where} contains ${inName}`;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v !== 'string') return `parameter ${JSON.stringify(name.slice(0, 40))} is not text`;
      const inValue = badText(v);
      if (inValue) return `the value of ${JSON.stringify(name.slice(0, 40))} contains ${inValue}`;
    }
  }
  return null;
}
