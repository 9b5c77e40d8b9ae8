import { chmodSync, mkdirSync, openSync, closeSync, writeFileSync } from 'node:fs';

/** Folders holding a user's cache, token and exports: only the OS user may list or enter them. */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode applies only to folders it creates (and is masked): tighten one that existed.
  chmodSync(dir, 0o700);
}

/** Creates `file` readable by its owner only, before any byte is written to it. */
export function privateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

export function writePrivateFile(file: string, data: Buffer | string): void {
  privateFile(file);
  writeFileSync(file, data, { mode: 0o600 });
}
