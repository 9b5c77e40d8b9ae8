/** The bracket variables the Voice Agent's messages may use (the last two in dispatch-fee messages). */
export const TEMPLATE_VARIABLES = [
  'Account Name',
  'Voice Agent Name',
  'Customer-Facing Business Name',
  'Job Type',
  'Dispatch Fee',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

export type TemplateValues = Partial<Record<TemplateVariable, string>>;

export type RenderedTemplate = {
  /** The message as the caller would hear it; unknown variables are left out, never read out. */
  text: string;
  /** Bracketed names that are not variables, e.g. a typo like [Acount Name]. */
  unknown: string[];
  /** Known variables that have no value for this account yet. */
  missing: TemplateVariable[];
  ok: boolean;
};

const BRACKETED = /\[([^[\]\n]{1,60})\]/g;

function canonicalName(raw: string): TemplateVariable | null {
  const wanted = raw.trim().replace(/\s+/g, ' ').toLowerCase();
  return TEMPLATE_VARIABLES.find((v) => v.toLowerCase() === wanted) ?? null;
}

/**
 * Fills in bracket variables. Matching forgives case and spacing ([account name]) because
 * admins type these by hand; anything else in brackets is reported so the admin can fix it
 * before a caller hears "[Acount Name]".
 */
export function renderTemplate(template: string, values: TemplateValues): RenderedTemplate {
  const unknown = new Set<string>();
  const missing = new Set<TemplateVariable>();
  const text = template
    .replace(BRACKETED, (_whole, inner: string) => {
      const name = canonicalName(inner);
      if (!name) {
        unknown.add(inner.trim());
        return '';
      }
      const value = values[name]?.trim();
      if (!value) {
        missing.add(name);
        return '';
      }
      return value;
    })
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
  return { text, unknown: [...unknown], missing: [...missing], ok: !unknown.size && !missing.size };
}
