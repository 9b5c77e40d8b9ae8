// Electron's entry point (bundled to dist/electron/main.cjs): everything happens in shell.ts.
import { runShell } from './shell';

export const shell = runShell();
