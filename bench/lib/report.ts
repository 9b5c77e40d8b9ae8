/**
 * Prints one figure in the form every benchmark uses:
 *   BENCH <name> measured=<number><unit> target=<op><number><unit> PASS|FAIL
 * and records a failure in the exit code, so `npm run bench` fails when any figure does.
 */
export function report(name: string, measured: number, unit: string, op: '<' | '>=', target: number): boolean {
  const pass = op === '<' ? measured < target : measured >= target;
  const shown = Number.isInteger(measured) ? String(measured) : measured.toFixed(2);
  console.log(`BENCH ${name} measured=${shown}${unit} target=${op}${target}${unit} ${pass ? 'PASS' : 'FAIL'}`);
  if (!pass) process.exitCode = 1;
  return pass;
}

/** Median wall time of `runs` calls after `warmup` unmeasured ones, in milliseconds. */
export async function medianMs(fn: () => unknown, runs = 15, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
