// Electron's entry point (bundled to dist/electron/main.cjs): everything happens in shell.ts.
import { app } from 'electron';
import { runShell } from './shell';

export const shell = runShell();
shell.catch((err: unknown) => {
  console.error('[rebound] Rebound could not start:', err);
  app.exit(1);
});
