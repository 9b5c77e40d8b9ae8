import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { DEMO_NUMBERS, DEMO_PASSWORD } from '../../server/demo/seed';
import { DEV_NATIVE_BINDING } from '../../electron/app-layout';
import { electronBinary } from '../../tools/electron-binary';
import { startTestServer, type TestServer } from '../support/test-server';

const root = path.resolve(import.meta.dirname, '../..');

const binary = electronBinary();
if (!binary) console.warn('[rebound] No Electron binary on this machine: the Electron end-to-end test is skipped (the shell harness under Vitest and the web-host test cover the same code).');

// Electron is started on the repository, as `npm start` does: its package.json names the shell
// bundle, and app.getAppPath() is the repository, where dist/ and .native/electron/ live.
const launch = (env: Record<string, string>) => electron.launch({ executablePath: binary!, args: [root], env: { ...(process.env as Record<string, string>), ...env } });

test.describe('Electron shell', () => {
  test.skip(!binary, 'No Electron binary on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1)');
  test.skip(Boolean(binary) && !existsSync(path.join(root, DEV_NATIVE_BINDING)), 'better-sqlite3 is not built for Electron: run npm run electron:rebuild first');

  test('opens one locked-down window that shows the sign-in screen, titled with the version', async () => {
    const app = await launch({ REBOUND_DESK_DATA_DIR: path.join(root, 'test-results/electron-desk') });
    const page = await app.firstWindow();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    // No Node in the page, and the bridge is exactly the two functions of the typed transport.
    expect(await page.evaluate(() => [typeof (window as unknown as { require?: unknown }).require, typeof (window as unknown as { process?: unknown }).process])).toEqual(['undefined', 'undefined']);
    expect(await page.evaluate(() => Object.keys((window as unknown as { rebound: object }).rebound))).toEqual(['invoke', 'subscribe']);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.getTitle()))).toEqual([expect.stringMatching(/^Rebound \d+\.\d+\.\d+/)]);
    await page.evaluate(() => (location.href = 'https://example.com/'));
    await expect(page).toHaveURL(/^rebound:\/\/app\//);
    await app.close();
  });

  test.describe('with a server', () => {
    let t: TestServer;
    let dir: string;
    test.beforeAll(async () => {
      t = await startTestServer({ name: 'pglite' });
      dir = mkdtempSync(path.join(os.tmpdir(), 'rebound-electron-'));
    });
    test.afterAll(async () => {
      await t?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('a lead that arrives while the window is hidden comes as an OS notification, and clicking it opens the lead', async () => {
      const app = await launch({ REBOUND_DESK_DATA_DIR: dir, REBOUND_SERVER_URL: t.url });
      const page = await app.firstWindow();
      await page.getByLabel('Email', { exact: true }).fill('ben@rebound.example');
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('heading', { name: 'Abandoned Calls' })).toBeVisible();

      // Record OS notifications instead of showing them on the test machine's desktop, then hide the window.
      await app.evaluate(({ BrowserWindow, Notification }) => {
        const shown: Electron.Notification[] = [];
        (globalThis as unknown as { shownNotes: Electron.Notification[] }).shownNotes = shown;
        Notification.prototype.show = function (this: Electron.Notification) {
          shown.push(this);
        };
        BrowserWindow.getAllWindows()[0]!.hide();
      });
      await t.carrier.abandon({ from: '+13125559401', to: DEMO_NUMBERS.northRadio, queueSeconds: 40, callerName: 'OSCAR NOTIFIED' });
      await expect
        .poll(() => app.evaluate(() => (globalThis as unknown as { shownNotes: Electron.Notification[] }).shownNotes.map((n) => n.body)), { timeout: 15_000 })
        .toEqual(['New abandoned call from OSCAR NOTIFIED']);

      await app.evaluate(() => (globalThis as unknown as { shownNotes: Electron.Notification[] }).shownNotes[0]!.emit('click'));
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.isVisible())).toBe(true);
      await expect(page.getByRole('dialog', { name: 'Lead OSCAR NOTIFIED' })).toBeVisible();
      await app.close();
    });
  });
});
