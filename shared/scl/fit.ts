import type { Feature } from './features';
import { probability, type SclModel } from './model';

/** A call whose outcome a CSR recorded: 1 when it was a real opportunity, 0 when it was not. */
export type LabelledCall = { key: string; features: readonly Feature[]; label: 0 | 1 };

/**
 * Held-out calls are picked by a hash of the call's key, never at random: the same call is
 * always on the same side, so a refit can never train on a call an earlier refit evaluated on.
 * One call in four is held out.
 */
export function isHeldOut(key: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 4 === 0;
}

export type FitOptions = { iterations?: number; learningRate?: number; l2?: number };

/**
 * L2-regularised logistic regression by full-batch gradient descent, pulled towards the prior
 * model rather than towards zero: with few outcomes the weights stay near what we believed,
 * and a feature no labelled call has keeps its prior weight. Features are yes/no facts or
 * small counts (≤ 10), so plain gradient steps converge without rescaling. Deterministic: the
 * same labels always give the same weights.
 */
export function fitLogistic(prior: SclModel, calls: readonly LabelledCall[], version: number, opts: FitOptions = {}): SclModel {
  const iterations = opts.iterations ?? 400;
  const rate = opts.learningRate ?? 0.5;
  const l2 = opts.l2 ?? 0.02;
  const weights: Record<string, number> = { ...prior.weights };
  for (const c of calls) for (const f of c.features) weights[f.id] ??= 0;
  let bias = prior.bias;
  const n = Math.max(1, calls.length);
  for (let it = 0; it < iterations; it++) {
    const grad: Record<string, number> = {};
    let gradBias = 0;
    const model = { version, bias, weights };
    for (const c of calls) {
      const err = probability(model, c.features) - c.label;
      gradBias += err;
      for (const f of c.features) grad[f.id] = (grad[f.id] ?? 0) + err * f.value;
    }
    bias -= (rate * gradBias) / n;
    for (const id of Object.keys(weights)) {
      const pull = l2 * (weights[id]! - (prior.weights[id] ?? 0));
      weights[id] = weights[id]! - rate * ((grad[id] ?? 0) / n + pull);
    }
  }
  const rounded = Object.fromEntries(Object.entries(weights).map(([k, w]) => [k, Math.round(w * 1000) / 1000]));
  return { version, bias: Math.round(bias * 1000) / 1000, weights: rounded };
}

export type Quality = { precision: number | null; recall: number | null; flagged: number; positives: number; calls: number };

/** Precision and recall of flagging at `threshold` (0–100) over labelled calls. */
export function evaluate(model: SclModel, calls: readonly LabelledCall[], threshold: number): Quality {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const c of calls) {
    const flagged = Math.round(100 * probability(model, c.features)) >= threshold;
    if (flagged && c.label === 1) tp++;
    else if (flagged) fp++;
    else if (c.label === 1) fn++;
  }
  return {
    precision: tp + fp ? tp / (tp + fp) : null,
    recall: tp + fn ? tp / (tp + fn) : null,
    flagged: tp + fp,
    positives: tp + fn,
    calls: calls.length,
  };
}

/** F1 of a quality figure: the one number a refit must improve to be adopted. */
export function f1(q: Quality): number {
  const p = q.precision ?? 0;
  const r = q.recall ?? 0;
  return p + r ? (2 * p * r) / (p + r) : 0;
}

/**
 * The adoption rule: a refit replaces the model in use only when it flags the same held-out
 * calls better (higher F1 at the threshold); a tie keeps the current one.
 */
export function judgeRefit(current: SclModel, candidate: SclModel, heldOut: readonly LabelledCall[], threshold: number): { adopted: boolean; current: Quality; candidate: Quality } {
  const before = evaluate(current, heldOut, threshold);
  const after = evaluate(candidate, heldOut, threshold);
  return { adopted: f1(after) > f1(before), current: before, candidate: after };
}
