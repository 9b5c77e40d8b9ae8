import type { JobTypeOffer } from './conversation';

/*
 * Matches what a caller says to the account's bookable job types. Each phrase and each job
 * type name is reduced to concepts through a synonym table ("AC is blowing warm" and "Air
 * conditioning repair" both mean cooling + repair); the type sharing the most concepts wins,
 * and a thing (cooling, drain…) must match, not only an action (repair).
 */

const THINGS: Record<string, RegExp> = {
  cooling: /\b(a\.?\s?c\.?|air ?con\w*|cooling|cool|blowing (warm|hot)|warm air|hot air|heat ?pump|condenser|central air)\b/,
  heating: /\b(furnace|heat(ing|er)?|boiler|no heat|cold air|radiator|thermostat)\b/,
  hot_water: /\b(water ?heater|hot water|no hot water|tank(less)?)\b/,
  drain: /\b(drains?|clog\w*|backed up|back(ing)? up|slow drain|sink|toilet|sewer|shower|tub|plunger)\b/,
  leak: /\b(leak\w*|burst|pipe|flood\w*|dripping|drip)\b/,
  system: /\b(system|unit|equipment|whole house)\b/,
  electrical: /\b(electric\w*|outlet|breaker|panel|wiring|lights?)\b/,
};
const ACTIONS: Record<string, RegExp> = {
  repair: /\b(repair|fix|broken|broke|not working|stopped|won'?t|doesn'?t|isn'?t|is not|blowing|leak\w*|noise|problem|issue|out)\b/,
  maintenance: /\b(tune[- ]?up|maintenance|check[- ]?up|inspection|service|clean\w*|annual)\b/,
  estimate: /\b(estimate|quote|replace\w*|new|install\w*|upgrade)\b/,
};

function concepts(text: string): { things: Set<string>; actions: Set<string> } {
  const t = text.toLowerCase();
  const pick = (table: Record<string, RegExp>) => new Set(Object.entries(table).filter(([, re]) => re.test(t)).map(([k]) => k));
  return { things: pick(THINGS), actions: pick(ACTIONS) };
}

export function matchJobType(utterance: string, jobTypes: readonly JobTypeOffer[]): JobTypeOffer | null {
  const said = concepts(utterance);
  let best: { job: JobTypeOffer; score: number } | null = null;
  for (const job of jobTypes) {
    const name = concepts(job.name);
    // The exact name said aloud always wins.
    if (utterance.toLowerCase().includes(job.name.toLowerCase())) return job;
    const things = [...name.things].filter((x) => said.things.has(x)).length;
    if (things === 0) continue;
    const actions = [...name.actions].filter((x) => said.actions.has(x)).length;
    const score = things * 2 + actions;
    if (!best || score > best.score) best = { job, score };
  }
  return best?.job ?? null;
}
