// Runs every bench/*.bench.ts in its own process (so one cannot warm another's caches),
// or only those whose file name starts with the prefix given: `npm run bench -- report`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const prefix = process.argv[2] ?? '';
const files = readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts') && f.startsWith(prefix))
  .sort();

if (files.length === 0) {
  console.error(`No benchmark in bench/ starts with "${prefix}".`);
  process.exit(2);
}

let failed = 0;
for (const file of files) {
  console.log(`# ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', file)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    env: process.env,
  });
  process.stdout.write(run.stdout);
  const fails = run.stdout.split('\n').filter((l) => l.startsWith('BENCH ') && l.endsWith(' FAIL')).length;
  if (run.status !== 0 || fails > 0) failed++;
}
console.log(failed ? `${failed} benchmark file(s) failed.` : 'All benchmarks met their targets.');
process.exit(failed ? 1 : 0);
