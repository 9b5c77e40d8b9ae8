import { expect, test } from '@playwright/test';
import { DEMO_NUMBERS } from '../../server/demo/seed';
import { deskSuite, signInAs } from '../support/e2e-desks';

/*
 * `?` lists every single-key shortcut (a newcomer's walk pressed it and nothing happened). While
 * the list is up its keys are its own: a digit or c reaches neither the lead behind it nor the phone.
 */
const suite = deskSuite({
  prepare: async (t) => {
    await t.db.query('update account_settings set callback_start_minute = 0, callback_end_minute = 1440');
    await t.carrier.abandon({ from: '+13125559001', to: DEMO_NUMBERS.northRadio, queueSeconds: 60, callerName: 'DANA WHITFIELD' });
  },
});

test('? lists the keyboard shortcuts, over the list and over an open lead, whose keys then wait', async ({ page }, info) => {
  await signInAs(page, suite.desk.url, 'ben@rebound.example');
  await expect(page.getByTestId('lead-row').filter({ hasText: 'DANA WHITFIELD' })).toBeVisible();
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });

  await page.keyboard.press('?');
  await expect(help).toBeVisible();
  const row = (section: string, what: string) => help.getByRole('region', { name: section }).locator('dl.keys > div').filter({ hasText: what });
  await expect(row('Lead lists', 'Open the highlighted lead').locator('kbd')).toHaveText(['Enter']);
  await expect(row('An open lead', 'Call the customer').locator('kbd')).toHaveText(['c']);
  // The digits come from the drawer's own table; 4 differs between the queues and says so.
  await expect(row('An open lead', 'Contact Attempted').locator('dd')).toHaveText('Contact Attempted');
  await expect(row('An open lead', 'Dismiss').locator('dd')).toHaveText('Dismiss (not viable) (Abandoned Calls); Reviewed - not a lead (Second Chance Leads)');
  await expect(row('An open lead', 'Dismiss').locator('kbd')).toHaveText(['4']);
  await page.screenshot({ path: info.outputPath('keyboard-help.png') });
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  // Over an open lead: 1 and c do nothing while the list is up; Esc closes the list, not the lead.
  await page.getByTestId('lead-row').filter({ hasText: 'DANA WHITFIELD' }).getByText('Northside Plumbing').click();
  const drawer = page.getByRole('dialog', { name: 'Lead DANA WHITFIELD' });
  await expect(drawer.getByTestId('drawer-status')).toHaveText(/New/);
  await page.keyboard.press('?');
  await expect(help).toBeVisible();
  await page.keyboard.press('1');
  await page.keyboard.press('c');
  await page.waitForTimeout(300);
  await expect(drawer.getByTestId('drawer-status')).toHaveText(/New/);
  await expect(page.getByTestId('call-status')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await expect(drawer).toBeVisible();

  // A ? typed in a note is a question mark; the top bar's button opens the list too.
  await drawer.getByLabel('Note', { exact: true }).fill('');
  await drawer.getByLabel('Note', { exact: true }).pressSequentially('Call back?');
  await expect(drawer.getByLabel('Note', { exact: true })).toHaveValue('Call back?');
  await expect(help).toHaveCount(0);
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(help).toBeVisible();
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toHaveCount(0);
});
