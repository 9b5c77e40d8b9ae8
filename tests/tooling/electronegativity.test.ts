import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCEPTED, scan, unexplained } from '../../tools/electronegativity';

describe('Electronegativity', () => {
  it('finds nothing in the shell, preload and renderer but the documented false positives, and does report a planted hole', async () => {
    const planted = mkdtempSync(path.join(os.tmpdir(), 'rebound-planted-'));
    mkdirSync(path.join(planted, 'electron'));
    writeFileSync(
      path.join(planted, 'electron/window.js'),
      "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n",
    );
    try {
      const [ours, theirs] = await Promise.all([scan(['electron', 'preload', 'renderer']), scan(['electron'], planted)]);
      expect(unexplained(ours)).toEqual([]);
      // Every accepted entry still matches something: a fixed finding leaves the list.
      for (const a of ACCEPTED) expect(ours.some((f) => f.check === a.check && f.file === a.file), `${a.check} ${a.file}`).toBe(true);
      expect(unexplained(theirs).map((f) => f.check)).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']));
    } finally {
      rmSync(planted, { recursive: true, force: true });
    }
  }, 120_000);
});
