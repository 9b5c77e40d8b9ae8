import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEMO_NUMBERS } from '../../server/demo/seed';
import { deskSuite, signInAs } from '../support/e2e-desks';

/*
 * The wall mode of Queue Tiles, as a supervisor puts it on a screen across the room: always dark,
 * toasts included, and Esc leaves it.
 */
const suite = deskSuite({
  prepare: async (t) => {
    await t.carrier.abandon({ from: '+13125559001', to: DEMO_NUMBERS.northRadio, queueSeconds: 48, callerName: 'Dana Whitfield' });
  },
});

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name });

/** The sum of a box's background red, green and blue: dark under 3 × 60, light over 3 × 200. */
const brightness = (el: Locator) =>
  el.evaluate((e) => {
    const [r, g, b] = getComputedStyle(e).backgroundColor.match(/\d+/g)!.map(Number);
    return r! + g! + b!;
  });

let caller = 0;
/** A new caller hangs up: the supervisor (who works every queue) gets a toast of them. */
async function toastOfNewCaller(page: Page): Promise<Locator> {
  const n = String(++caller).padStart(2, '0');
  await suite.t.carrier.abandon({ from: `+177355501${n}`, to: DEMO_NUMBERS.northRadio, queueSeconds: 25 });
  const toast = page.locator('.toast').filter({ has: page.getByTestId('toast').filter({ hasText: `(773) 555-01${n}` }) });
  await expect(toast).toBeVisible({ timeout: 15_000 });
  return toast;
}

test('toasts follow the theme the page shows: dark on the wall when the person chose light, light again after it', async ({ page }, info) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.addInitScript(() => localStorage.setItem('rebound.theme', 'light'));
  await signInAs(page, suite.desk.url, 'sam@rebound.example');
  await nav(page, 'Queue Tiles').click();
  await expect(page.getByTestId('tile').first()).toBeVisible();
  expect(await brightness(await toastOfNewCaller(page))).toBeGreaterThan(3 * 200);

  await page.getByRole('button', { name: 'Wall mode' }).click();
  await expect(page.getByRole('button', { name: 'Leave wall mode' })).toBeVisible();
  const onWall = await toastOfNewCaller(page);
  await page.screenshot({ path: info.outputPath('wall-toast.png') });
  expect(await brightness(onWall)).toBeLessThan(3 * 60);
  // Sonner's own toaster says dark too (its close buttons and spacing follow it).
  await expect(page.locator('[data-sonner-toaster]')).toHaveAttribute('data-sonner-theme', 'dark');

  // Off the wall, the person's light theme again, the toaster with it; their choice was kept.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Wall mode' })).toBeVisible();
  expect(await brightness(await toastOfNewCaller(page))).toBeGreaterThan(3 * 200);
  await expect(page.locator('[data-sonner-toaster]')).toHaveAttribute('data-sonner-theme', 'light');
  await expect(page.getByRole('button', { name: 'Switch to dark theme' })).toBeVisible();
});

test('toasts are dark in the dark theme', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('rebound.theme', 'dark'));
  await signInAs(page, suite.desk.url, 'sam@rebound.example');
  expect(await brightness(await toastOfNewCaller(page))).toBeLessThan(3 * 60);
  await expect(page.locator('[data-sonner-toaster]')).toHaveAttribute('data-sonner-theme', 'dark');
});
