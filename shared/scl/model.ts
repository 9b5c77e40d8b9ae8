import { z } from 'zod';
import { extractFeatures, type CallFacts, type Feature } from './features';

/**
 * A linear model over readable features: the log-odds that an unbooked call is a real
 * opportunity is `bias + Σ weight × value`. Weights are plain numbers a manager could read
 * ("asked for a quote: +1.4"), which is what lets every lead say why it was flagged.
 */
export type SclModel = { version: number; bias: number; weights: Readonly<Record<string, number>> };

/**
 * Before any CSR outcome exists: weights set by hand from what contact centers report (a quote
 * or an urgent problem is worth a callback; wrong numbers, vendors and booked calls are not).
 * Learning replaces them, network by network, as outcomes come in.
 */
export const DEFAULT_MODEL: SclModel = {
  version: 1,
  bias: -0.6,
  weights: {
    asked_quote: 1.2,
    asked_availability: 0.8,
    described_problem: 0.9,
    urgent: 1.2,
    think_about_it: -0.6,
    not_interested: -1.5,
    wrong_number: -3,
    vendor: -3,
    existing_appointment: -0.4,
    appointment_set: -2.5,
    follow_up_promised: 0.6,
    no_appointment: 0.3,
    no_transcript: 0.4,
    short_call: -1.5,
    talk_minutes: 0.25,
    not_classified: 0.2,
    'reason:price_shopping': 0.8,
    'reason:needs_to_check_schedule': 0.6,
    'reason:needs_approval': 0.6,
    'reason:will_call_back': 0.5,
    'reason:no_availability': 0.8,
    'reason:outside_service_area': -1.5,
    'reason:service_not_offered': -1.5,
    existing_customer: 0.2,
    repeat_calls: 0.4,
    after_hours: 0.2,
  },
};

/** A reason is one feature's contribution to the log-odds, in plain words. */
export const scoreReasonSchema = z.object({ label: z.string(), contribution: z.number() });
export type ScoreReason = z.infer<typeof scoreReasonSchema>;

/** What a scored call carries: its score (0–100), the reasons behind it and the model that gave it. */
export const callScoreSchema = z.object({
  score: z.number().int().min(0).max(100),
  reasons: z.array(scoreReasonSchema),
  modelVersion: z.number().int().positive(),
});
export type CallScore = z.infer<typeof callScoreSchema>;

/** How many reasons a score keeps: enough to explain it, few enough to read in a table row. */
export const REASONS_KEPT = 4;

export const DEFAULT_SCL_THRESHOLD = 50;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function logOdds(model: SclModel, features: readonly Feature[]): number {
  let z = model.bias;
  for (const f of features) z += (model.weights[f.id] ?? 0) * f.value;
  return z;
}

/** The probability (0–1) that this call is a real opportunity. */
export function probability(model: SclModel, features: readonly Feature[]): number {
  return sigmoid(logOdds(model, features));
}

/**
 * Scores a call: the probability as a whole number out of 100, and the features that moved it
 * most (largest contributions, either way), each with its signed contribution.
 */
export function scoreFeatures(model: SclModel, features: readonly Feature[]): CallScore {
  const reasons = features
    .map((f) => ({ label: f.label, contribution: (model.weights[f.id] ?? 0) * f.value }))
    .filter((r) => r.contribution !== 0)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, REASONS_KEPT)
    .map((r) => ({ label: r.label, contribution: Math.round(r.contribution * 100) / 100 }));
  return { score: Math.round(100 * probability(model, features)), reasons, modelVersion: model.version };
}

export function scoreCall(model: SclModel, facts: CallFacts): CallScore {
  return scoreFeatures(model, extractFeatures(facts));
}

/** The reasons for the score as one line: those that raised it when flagged, those that lowered it when not. */
export function reasonLine(s: CallScore, flagged: boolean): string {
  const side = s.reasons.filter((r) => (flagged ? r.contribution > 0 : r.contribution < 0));
  return (side.length ? side : s.reasons).slice(0, 3).map((r) => r.label).join(' · ');
}
