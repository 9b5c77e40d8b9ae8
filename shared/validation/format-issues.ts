import { z } from 'zod';

/*
 * Validation problems in words a person can act on, next to the field they are about: never an
 * internal field path ("persona.agentName") nor zod's defaults ("Too big: expected string to
 * have <=4000 characters").
 */

/** How the fields of our forms and requests are called on screen. */
const FIELD_LABELS: Record<string, string> = {
  acwMinutes: 'After Call Work Time',
  coldDays: 'Cold Leads after',
  agentName: 'Agent name',
  companyName: 'Company name',
  forwardingE164: 'Forwarding number',
  e164: 'Phone number',
  areaCode: 'Area code',
  zip: 'ZIP code',
  contains: 'Contains digits',
  overflowWaitSeconds: 'Overflow after seconds',
  queueId: 'Queue',
  workflowId: 'Routing workflow',
  employeeId: 'Employee',
  campaignId: 'Campaign',
  accountId: 'Account',
  jobTypes: 'Job type',
  text: 'Note',
  note: 'Note',
  from: 'From',
  to: 'To',
  windowStart: 'Window starts',
  windowEnd: 'Window ends',
  customerName: 'Customer name',
  address: 'Address',
  name: 'Name',
  email: 'Email',
  password: 'Password',
};

/** "overflowWaitSeconds" → "Overflow wait seconds", for a field with no label above. */
function words(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The label of the field an issue is about: its innermost named key ("jobTypes.3.name" → "Name of job type 4"). */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const keys = path.filter((k): k is string => typeof k === 'string');
  const last = keys.at(-1);
  if (!last) return '';
  const label = FIELD_LABELS[last] ?? words(last);
  const index = path.findIndex((k) => typeof k === 'number');
  if (index > 0 && typeof path[index - 1] === 'string' && path[index - 1] !== last) {
    const list = FIELD_LABELS[path[index - 1] as string] ?? words(path[index - 1] as string);
    return `${label} of ${list.toLowerCase()} ${(path[index] as number) + 1}`;
  }
  return label;
}

const n = (v: unknown) => (typeof v === 'number' || typeof v === 'bigint' ? Number(v).toLocaleString('en-US') : String(v));

/**
 * Our words for zod's built-in checks. They start in lower case ("must be at most 4,000
 * characters") and are completed with the field's label; messages a schema writes itself
 * are whole sentences and are shown as they are.
 */
z.config({
  customError: (issue) => {
    switch (issue.code) {
      case 'too_big':
        return issue.origin === 'string' ? `must be at most ${n(issue.maximum)} characters.` : issue.origin === 'array' ? `can have at most ${n(issue.maximum)} entries.` : `must be at most ${n(issue.maximum)}.`;
      case 'too_small':
        if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'cannot be empty.' : `must be at least ${n(issue.minimum)} characters.`;
        return issue.origin === 'array' ? `needs at least ${n(issue.minimum)} ${Number(issue.minimum) === 1 ? 'entry' : 'entries'}.` : `must be at least ${n(issue.minimum)}.`;
      case 'invalid_type':
        return issue.input === undefined || issue.input === null || issue.input === '' ? 'is required.' : issue.expected === 'number' ? 'must be a number.' : 'has the wrong kind of value.';
      case 'invalid_format':
        return issue.format === 'email' ? 'must be an email address.' : issue.format === 'url' ? 'must be a web address.' : 'is not in the expected format.';
      case 'invalid_value':
        return 'must be one of the offered choices.';
      case 'not_multiple_of':
        return `must be a multiple of ${n(issue.divisor)}.`;
      case 'unrecognized_keys':
        return `has fields it does not take (${issue.keys.join(', ')}).`;
      default:
        return undefined;
    }
  },
});

/** One issue in words: a built-in check completed with the field's label; a written sentence as is. */
export function issueText(issue: { path: readonly PropertyKey[]; message: string }): string {
  if (!/^[a-z]/.test(issue.message)) return issue.message;
  const label = fieldLabel(issue.path);
  return label ? `${label} ${issue.message}` : `The request ${issue.message}`;
}

/** One readable sentence per problem. */
export function formatIssues(error: z.ZodError): string {
  return [...new Set(error.issues.map(issueText))].join(' ');
}

/** The first problem of each field, keyed by its path ("persona.agentName"), for errors shown next to the field. */
export function issuesByField(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.');
    out[key] ??= issueText(issue);
  }
  return out;
}
