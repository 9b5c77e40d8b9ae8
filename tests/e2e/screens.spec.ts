import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_NUMBERS } from '../../server/demo/seed';
import { deskSuite, signInAs } from '../support/e2e-desks';

/*
 * Every screen, as each kind of user sees it, in both themes: a screenshot of each under
 * test-results/screens/, and axe (WCAG 2.1 A/AA rules) finding no serious or critical problem.
 */

const suite = deskSuite({
  prepare: async (t) => {
    t.clock.advanceMinutes(-90);
    await t.carrier.answer({ from: '+13125559881', to: DEMO_NUMBERS.northRadio, queueSeconds: 5, talkSeconds: 95, agentId: 'u-ben', callerName: 'Carol Jimenez' });
    t.clock.advanceMinutes(90);
    await t.server.sweep();
    await t.carrier.abandon({ from: '+13125559001', to: DEMO_NUMBERS.northRadio, queueSeconds: 248, callerName: 'Dana Whitfield' });
    await t.carrier.abandon({ from: '+14045553108', to: DEMO_NUMBERS.southTv, queueSeconds: 31, callerName: 'Marcus Bell' });
  },
});

const SHOTS = 'test-results/screens';

async function check(page: Page, name: string, theme: 'light' | 'dark', fullPage = true) {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${SHOTS}/${name}-${theme}.png`, fullPage });
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${name} (${theme}): ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}

async function setTheme(page: Page, theme: 'light' | 'dark') {
  const toggle = page.getByRole('button', { name: `Switch to ${theme} theme` });
  if (await toggle.isVisible()) await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name });

for (const theme of ['light', 'dark'] as const) {
  test(`every screen in the ${theme} theme: screenshots and axe`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.addInitScript((t) => localStorage.setItem('rebound.theme', t), theme);
    await page.goto(suite.desk.url);
    const signOut = page.getByRole('button', { name: 'Sign out' });
    const email = page.getByLabel('Email', { exact: true });
    // The desk first says "Starting…" while it learns who is signed in: wait for its answer.
    await expect(signOut.or(email)).toBeVisible();
    if (await signOut.isVisible()) await signOut.click();
    await expect(email).toBeVisible();
    await check(page, 'sign-in', theme);

    // A senior CSR: both queues, the drawer, the bell.
    await signInAs(page, suite.desk.url, 'ben@rebound.example');
    await setTheme(page, theme);
    await expect(page.getByTestId('lead-row').first()).toBeVisible();
    await check(page, 'abandoned-calls', theme);
    // A column's filter, open.
    await page.getByRole('button', { name: 'Filter Age', exact: true }).click();
    await page.getByRole('dialog', { name: 'Age filter' }).getByLabel('Custom range').check();
    await check(page, 'column-filter', theme);
    await page.keyboard.press('Escape');
    await page.getByTestId('lead-row').filter({ hasText: 'Dana Whitfield' }).getByText('Northside Plumbing').click();
    await expect(page.getByRole('dialog', { name: 'Lead Dana Whitfield' })).toBeVisible();
    await check(page, 'lead-drawer', theme);
    await page.getByRole('button', { name: 'Book a job…' }).click();
    await check(page, 'book-a-job', theme);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /Notifications/ }).click();
    await check(page, 'bell', theme);
    await page.keyboard.press('Escape');
    await nav(page, 'Second Chance Leads').click();
    await expect(page.getByTestId('lead-row').first()).toBeVisible();
    await check(page, 'second-chance-leads', theme);
    // A select, open (the window's own size: an open list closes when the window resizes).
    await page.getByRole('combobox', { name: /^Status of/ }).first().click();
    await expect(page.getByRole('listbox')).toBeVisible();
    await check(page, 'select-open', theme, false);
    await expect(page.getByRole('listbox')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('listbox')).toBeHidden();

    // A CSR of one account (Ava), and a senior CSR whose only account has SCL off (Cora).
    await signInAs(page, suite.desk.url, 'ava@northside.example');
    await expect(page.getByTestId('lead-row').first()).toBeVisible();
    await check(page, 'csr-abandoned-calls', theme);
    await signInAs(page, suite.desk.url, 'cora@southside.example');
    await nav(page, 'Second Chance Leads').click();
    await expect(page.getByTestId('scl-off')).toBeVisible();
    await check(page, 'scl-off', theme);

    // A supervisor: tiles, the wall, the report.
    await signInAs(page, suite.desk.url, 'sam@rebound.example');
    await nav(page, 'Queue Tiles').click();
    await expect(page.getByTestId('tile').first()).toBeVisible();
    await check(page, 'queue-tiles', theme);
    await page.getByRole('button', { name: 'Wall mode' }).click();
    await check(page, 'wall-mode', theme);
    await page.getByRole('button', { name: 'Leave wall mode' }).click();
    await nav(page, 'Unbooked & Abandoned Calls').click();
    await expect(page.getByTestId('report-range')).toBeVisible();
    await check(page, 'report', theme);

    // An admin: every settings panel.
    await signInAs(page, suite.desk.url, 'admin@rebound.example');
    await nav(page, 'Settings').click();
    for (const [tab, name] of [
      ['Second Chance Leads', 'admin-scl'],
      ['Users & Roles', 'admin-users-roles'],
      ['Voice Agent', 'admin-voice-agent'],
      ['Tracking Numbers', 'admin-tracking-numbers'],
      ['Campaigns & Routing', 'admin-routing'],
      ['Voicemail Plan', 'admin-voicemail-plan'],
      ['Field Service', 'admin-field-service'],
    ] as const) {
      await page.getByRole('tab', { name: tab, exact: true }).click();
      await expect(page.getByRole('progressbar')).toHaveCount(0);
      await check(page, name, theme);
    }
  });
}
