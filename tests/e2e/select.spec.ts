import { expect, test } from '@playwright/test';
import { DEMO_NUMBERS } from '../../server/demo/seed';
import { deskSuite, signInAs } from '../support/e2e-desks';

/*
 * The design system's select (renderer/ui/Select.tsx) from the keyboard, as a person uses a
 * select: named by its label, opened with the arrows or Enter, type-ahead open and closed, Enter
 * chooses, Esc closes without choosing; and while it has the focus, a screen's single-key
 * shortcuts (digits set a lead's status, c calls) stay out of the way.
 */
const suite = deskSuite({
  prepare: async (t) => {
    await t.db.query('update account_settings set callback_start_minute = 0, callback_end_minute = 1440');
    await t.carrier.abandon({ from: '+13125559001', to: DEMO_NUMBERS.northRadio, queueSeconds: 60, callerName: 'DANA WHITFIELD' });
  },
});

test('a select works from the keyboard: arrows, Enter, type-ahead and Esc', async ({ page }, info) => {
  await signInAs(page, suite.desk.url, 'sam@rebound.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Unbooked & Abandoned Calls' }).click();
  const account = page.getByRole('combobox', { name: 'Account', exact: true });
  await expect(account).toHaveText('All accounts');
  const list = page.getByRole('listbox');

  // ArrowDown opens the list on the chosen option; ArrowDown moves; Enter chooses and closes.
  await account.focus();
  await page.keyboard.press('ArrowDown');
  await expect(list).toBeVisible();
  await expect(list.getByRole('option', { name: 'All accounts' })).toBeFocused();
  await expect(list.getByRole('option', { name: 'All accounts' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(list.getByRole('option', { name: 'Northside Plumbing' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(list).toBeHidden();
  await expect(account).toHaveText('Northside Plumbing');
  await expect(account).toBeFocused();

  // Esc closes without choosing.
  await page.keyboard.press('Enter');
  await expect(list).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Escape');
  await expect(list).toBeHidden();
  await expect(account).toHaveText('Northside Plumbing');
  await expect(account).toBeFocused();

  // Type-ahead while closed chooses the option that starts with the letters; while open, it moves there.
  await page.keyboard.press('s');
  await expect(account).toHaveText('Southside Heating & Air');
  await page.keyboard.press('Enter');
  await expect(list).toBeVisible();
  await page.keyboard.type('al');
  await expect(list.getByRole('option', { name: 'All accounts' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(account).toHaveText('All accounts');

  // By mouse: the list opens under the select, the chosen option marked.
  await account.click();
  await expect(list.getByRole('option', { name: 'All accounts' })).toHaveAttribute('data-state', 'checked');
  await page.screenshot({ path: info.outputPath('select-open.png') });
  await list.getByRole('option', { name: 'Southside Heating & Air' }).click();
  await expect(account).toHaveText('Southside Heating & Air');
});

test("typing in a select is not a screen's shortcut: a digit does not set the lead's status, c does not call", async ({ page }) => {
  await signInAs(page, suite.desk.url, 'ben@rebound.example');
  await page.getByTestId('lead-row').filter({ hasText: 'DANA WHITFIELD' }).getByText('Northside Plumbing').click();
  const drawer = page.getByRole('dialog', { name: 'Lead DANA WHITFIELD' });
  await expect(drawer.getByTestId('drawer-status')).toHaveText(/New/);
  // On a New lead the one solid button is Call; Resolved is not drawn as if it were the status.
  await expect(drawer.locator('button.primary')).toHaveCount(1);
  await expect(drawer.locator('button.primary')).toContainText('Call');
  await drawer.getByRole('button', { name: 'Book a job…' }).click();
  const jobType = drawer.getByRole('combobox', { name: 'Job type' });
  await jobType.focus();

  // Closed, then open: 2 (Follow-up Needed) and c reach the select only.
  await page.keyboard.press('2');
  await page.keyboard.press('c');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('listbox')).toBeVisible();
  await page.keyboard.press('2');
  await page.keyboard.press('c');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('listbox')).toBeHidden();
  await expect(drawer).toBeVisible();
  await expect(drawer.getByTestId('drawer-status')).toHaveText(/New/);
  await expect(page.getByTestId('call-status')).toHaveCount(0);

  // Out of the select, the same digit is the shortcut it always was.
  await drawer.getByRole('heading', { name: /DANA WHITFIELD/ }).click();
  await page.keyboard.press('2');
  await expect(drawer.getByTestId('drawer-status')).toHaveText(/Follow-up Needed/);
});
