import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The Electron binary, if this machine has one. The `electron` package exports the binary's
 * path; with ELECTRON_SKIP_BINARY_DOWNLOAD=1 (or no network) the file is not there.
 */
export function electronBinary(): string | null {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}
