import type { UnbookedReason } from '../followup/call-types';
import { UNBOOKED_REASON_LABELS } from '../followup/call-types';

/**
 * What the Second Chance Leads scorer knows about one answered, unbooked call: what each side
 * said, and the facts a manager can check on the call record. Pure data, so the same facts
 * score the same on the server, in a test and in the bench.
 */
export type CallFacts = {
  customerTurns: readonly string[];
  agentTurns: readonly string[];
  talkSeconds: number;
  /** The agent's after-call classification: null when the agent did not classify in time. */
  classification: 'not_booked' | null;
  reason: UnbookedReason | null;
  /** The customer called this account before this call (an earlier call or a booked job). */
  existingCustomer: boolean;
  /** Other calls from this number to the account in the seven days before. */
  repeatCalls: number;
  campaign: { id: string; name: string } | null;
  /** Hour of day (0–23) in the account's time zone when the call started. */
  localHour: number | null;
};

/** One active feature of a call: its id (the weight's key), value and what it means in plain words. */
export type Feature = { id: string; value: number; label: string };

/** Phrases a manager can read, matched on whole words in one side's turns. */
type Phrase = { id: string; label: string; side: 'customer' | 'agent'; pattern: RegExp };

export const PHRASES: readonly Phrase[] = [
  { id: 'asked_quote', label: 'asked for a quote', side: 'customer', pattern: /\b(quote|estimate|how much|price|pricing|cost|charge)\b/ },
  { id: 'asked_availability', label: 'asked about availability', side: 'customer', pattern: /\b(available|availability|when can|come out|earliest|soonest|this week|send someone)\b/ },
  { id: 'described_problem', label: 'described a problem', side: 'customer', pattern: /\b(leak\w*|broken|not working|stopped working|clogged|backed up|no hot water|making a noise|won't (turn|start|drain)|blowing cold)\b/ },
  { id: 'urgent', label: 'urgent problem', side: 'customer', pattern: /\b(flood\w*|burst|smell gas|gas smell|emergency|water everywhere|no heat|sewage)\b/ },
  { id: 'think_about_it', label: 'wants to think it over', side: 'customer', pattern: /\b(think about it|talk (it over )?(to|with) my (wife|husband|partner|landlord)|get back to you|let me check)\b/ },
  { id: 'not_interested', label: 'said not interested', side: 'customer', pattern: /\b(not interested|no thanks|don't need|already (hired|booked|found)|went with (someone|another))\b/ },
  { id: 'wrong_number', label: 'wrong number', side: 'customer', pattern: /\b(wrong number|meant to call|didn't mean to call|dialed the wrong)\b/ },
  { id: 'vendor', label: 'vendor or sales call', side: 'customer', pattern: /\b(google (business )?listing|seo|marketing services|business owner|merchant services|sponsorship|advertis\w*|lower your rates)\b/ },
  { id: 'existing_appointment', label: 'asked about an existing appointment', side: 'customer', pattern: /\b(my appointment|already scheduled|technician (still )?coming|confirm (my|the) appointment|reschedule|my invoice|my bill)\b/ },
  { id: 'appointment_set', label: 'appointment set on the call', side: 'agent', pattern: /\b(you're all set|booked you|scheduled you|got you down for|confirmation number)\b/ },
  { id: 'follow_up_promised', label: 'follow-up promised', side: 'agent', pattern: /\b(call you back|follow up|send (you )?(the|a) quote|email you|reach out tomorrow)\b/ },
];

function matches(turns: readonly string[], pattern: RegExp): boolean {
  return turns.some((t) => pattern.test(t.toLowerCase()));
}

const minutes = (s: number) => Math.round(s / 60);

/**
 * The call's active features. Each is either a yes/no fact (value 1) or a small count (talk
 * minutes, repeat calls), so a weight reads as "how much this fact moves the odds".
 */
export function extractFeatures(f: CallFacts): Feature[] {
  const out: Feature[] = [];
  const hasTranscript = f.customerTurns.length + f.agentTurns.length > 0;
  if (hasTranscript) {
    for (const p of PHRASES) {
      if (matches(p.side === 'customer' ? f.customerTurns : f.agentTurns, p.pattern)) out.push({ id: p.id, value: 1, label: p.label });
    }
    if (!out.some((x) => x.id === 'appointment_set')) out.push({ id: 'no_appointment', value: 1, label: 'no appointment set' });
  } else {
    out.push({ id: 'no_transcript', value: 1, label: 'no transcript' });
  }
  const talkMinutes = Math.min(f.talkSeconds, 600) / 60;
  if (f.talkSeconds < 30) out.push({ id: 'short_call', value: 1, label: `${f.talkSeconds} s talk` });
  else out.push({ id: 'talk_minutes', value: talkMinutes, label: `${Math.max(1, minutes(f.talkSeconds))} min talk` });
  if (f.classification === null) out.push({ id: 'not_classified', value: 1, label: 'agent did not classify the call' });
  if (f.reason) out.push({ id: `reason:${f.reason}`, value: 1, label: `agent: ${UNBOOKED_REASON_LABELS[f.reason].toLowerCase()}` });
  out.push(f.existingCustomer ? { id: 'existing_customer', value: 1, label: 'existing customer' } : { id: 'new_customer', value: 1, label: 'new customer' });
  if (f.repeatCalls > 0) {
    const n = Math.min(f.repeatCalls, 3);
    out.push({ id: 'repeat_calls', value: n, label: `called ${f.repeatCalls + 1} times this week` });
  }
  if (f.campaign) out.push({ id: `campaign:${f.campaign.id}`, value: 1, label: `from ${f.campaign.name}` });
  if (f.localHour !== null && (f.localHour < 8 || f.localHour >= 18)) out.push({ id: 'after_hours', value: 1, label: 'called after hours' });
  return out;
}
