import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** Starts tests/support/desk-process.ts and resolves on the first line starting with `waitFor`. */
export function runDesk(args: string[], waitFor: string): { child: ChildProcess; line: Promise<string>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'tests/support/desk-process.ts'), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const line = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`desk did not print ${waitFor} in 60 s:\n${out}`)), 60_000);
    const check = () => {
      const hit = out.split('\n').find((l) => l.startsWith(waitFor));
      if (hit) {
        clearTimeout(timer);
        resolve(hit);
      }
    };
    child.stdout!.on('data', (d) => {
      out += String(d);
      check();
    });
    child.stderr!.on('data', (d) => (out += String(d)));
    child.on('exit', (code, signal) => {
      check();
      if (!out.split('\n').some((l) => l.startsWith(waitFor))) reject(new Error(`desk exited (${code ?? signal}) before ${waitFor}:\n${out}`));
    });
  });
  return { child, line, output: () => out };
}
