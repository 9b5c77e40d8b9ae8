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

test('the wall listens for Esc once while it is up, not again at every update of the tiles', async ({ page }) => {
  // Every Esc listener (a keydown listener that reads Escape) the page adds to or removes from the window, counted.
  await page.addInitScript(() => {
    const w = window as unknown as { __keydown: { added: number; removed: number } };
    w.__keydown = { added: 0, removed: 0 };
    const add = window.addEventListener.bind(window);
    const remove = window.removeEventListener.bind(window);
    const esc = (type: string, listener: unknown) => type === 'keydown' && String(listener).includes('Escape');
    window.addEventListener = ((type: string, ...rest: [EventListenerOrEventListenerObject, unknown?]) => {
      if (esc(type, rest[0])) w.__keydown.added++;
      return add(type, ...(rest as [EventListenerOrEventListenerObject]));
    }) as typeof window.addEventListener;
    window.removeEventListener = ((type: string, ...rest: [EventListenerOrEventListenerObject, unknown?]) => {
      if (esc(type, rest[0])) w.__keydown.removed++;
      return remove(type, ...(rest as [EventListenerOrEventListenerObject]));
    }) as typeof window.removeEventListener;
  });
  const counts = () => page.evaluate(() => ({ ...(window as unknown as { __keydown: { added: number; removed: number } }).__keydown }));
  await signInAs(page, suite.desk.url, 'sam@rebound.example');
  await nav(page, 'Queue Tiles').click();
  const tile = page.getByRole('article', { name: 'Northside Plumbing Service Spring Radio' });
  await expect(tile).toBeVisible();
  const before = await counts();
  await page.getByRole('button', { name: 'Wall mode' }).click();
  await expect(page.getByRole('button', { name: 'Leave wall mode' })).toBeVisible();
  const up = await counts();
  expect(up.added - before.added).toBe(1);

  // New callers hang up: the tiles update (the screen draws again) while the wall is up.
  const open = Number(await tile.getByTestId('tile-open').innerText());
  for (const n of [1, 2, 3]) {
    await suite.t.carrier.abandon({ from: `+1312555930${n}`, to: DEMO_NUMBERS.northRadio, queueSeconds: 44 });
    await expect(tile.getByTestId('tile-open')).toHaveText(String(open + n), { timeout: 10_000 });
  }
  expect(await counts()).toEqual(up);

  // Esc still leaves the wall, and its listener goes with it.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Wall mode' })).toBeVisible();
  const down = await counts();
  expect(down.removed - up.removed).toBe(1);
  expect(down.added).toBe(up.added);
});
