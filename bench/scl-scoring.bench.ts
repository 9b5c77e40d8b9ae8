import { DEFAULT_MODEL, DEFAULT_SCL_THRESHOLD, evaluate, fitLogistic, isHeldOut, scoreCall } from '../shared';
import { simulatedLabelledCalls } from '../server/demo/labelled-calls';
import { report } from './lib/report';

// Second Chance Leads flagging on simulated, labelled calls (scripted conversations whose CSR
// outcome is known): held-out precision and recall before and after learning, and the cost of
// scoring one call (done once per call, after its After Call Work Time).
const calls = simulatedLabelledCalls(2400);
const train = calls.filter((c) => !isHeldOut(c.key));
const heldOut = calls.filter((c) => isHeldOut(c.key));
console.log(`# ${calls.length} labelled calls: ${train.length} to learn from, ${heldOut.length} held out`);

const before = evaluate(DEFAULT_MODEL, heldOut, DEFAULT_SCL_THRESHOLD);
const learned = fitLogistic(DEFAULT_MODEL, train, 2);
const after = evaluate(learned, heldOut, DEFAULT_SCL_THRESHOLD);
console.log(`# before learning: precision ${before.precision?.toFixed(3)} recall ${before.recall?.toFixed(3)} (${before.flagged} flagged of ${before.calls})`);
console.log(`# after learning:  precision ${after.precision?.toFixed(3)} recall ${after.recall?.toFixed(3)} (${after.flagged} flagged of ${after.calls})`);
// Before learning has no target of its own: learning must add to it.
report('scl.heldout-precision-gain-from-learning', (after.precision ?? 0) - (before.precision ?? 0), '', '>=', 0.05);
report('scl.heldout-precision-after-learning', after.precision ?? 0, '', '>=', 0.8);
report('scl.heldout-recall-after-learning', after.recall ?? 0, '', '>=', 0.7);

// Scoring includes reading the transcript's phrases: the whole job the sweep does per call.
const rounds = 20;
const started = performance.now();
for (let r = 0; r < rounds; r++) for (const c of calls) scoreCall(learned, c.facts);
const perCallMs = (performance.now() - started) / (rounds * calls.length);
report('scl.score-one-call', perCallMs, 'ms', '<', 1);
