import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary } from '../../tools/electron-binary';

const root = path.resolve(import.meta.dirname, '../..');

const binary = electronBinary();
if (!binary) console.warn('[rebound] No Electron binary on this machine: the Electron end-to-end test is skipped (the web-host test covers the same renderer).');

test.describe('Electron shell', () => {
  test.skip(!binary, 'No Electron binary on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1)');

  test('opens one locked-down window that shows the sign-in screen', async () => {
    const app = await electron.launch({ executablePath: binary!, args: [path.join(root, 'dist/electron/main.cjs')], env: { ...process.env, REBOUND_DESK_DATA_DIR: path.join(root, 'test-results/electron-desk') } });
    const page = await app.firstWindow();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    // No Node in the page, and the bridge is exactly the two functions of the typed transport.
    expect(await page.evaluate(() => [typeof (window as unknown as { require?: unknown }).require, typeof (window as unknown as { process?: unknown }).process])).toEqual(['undefined', 'undefined']);
    expect(await page.evaluate(() => Object.keys((window as unknown as { rebound: object }).rebound))).toEqual(['invoke', 'subscribe']);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    await page.evaluate(() => (location.href = 'https://example.com/'));
    await expect(page).toHaveURL(/^rebound:\/\/app\//);
    await app.close();
  });
});
