import { expect, test } from '@playwright/test';
import { formatPhone } from '../../shared';
import { DEMO_NUMBERS } from '../../server/demo/seed';
import { deskSuite, signInAs } from '../support/e2e-desks';
import { chooseOption } from '../support/select';

/* Walks through the places where the product was brought in line with the recovery workflow (issue 20). */
const suite = deskSuite({ desks: 2 });

const settings = async (page: import('@playwright/test').Page, tab: string) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('tab', { name: tab }).click();
};

test('tracking numbers: the list names each account, a bought number is edited afterwards, and the screen shows the workflow notes', async ({ page }, info) => {
  await signInAs(page, suite.desk.url, 'admin@rebound.example');
  await settings(page, 'Tracking Numbers');
  const notes = page.getByRole('list', { name: 'Before you buy' });
  await expect(notes).toContainText('Register to Enable Text Messaging');
  await expect(notes).toContainText('Search by area code first');
  await expect(notes).toContainText('usable the next day');
  await expect(page.getByRole('columnheader', { name: 'Account' })).toBeVisible();
  await expect(page.getByRole('row', { name: `Number ${formatPhone(DEMO_NUMBERS.southTv)}` })).toContainText('Southside Heating & Air');

  // Numbers read as people write them, never as raw E.164.
  const unrouted = formatPhone(DEMO_NUMBERS.northUnrouted);
  expect(unrouted).toBe('(312) 555-0199');
  const row = page.getByRole('row', { name: `Number ${unrouted}` });
  await expect(row.getByRole('cell').first()).toHaveText(unrouted);
  await expect(row).toContainText('Northside Plumbing');
  await expect(row.getByRole('note')).toHaveText('No routing workflow: calls to this number are disconnected.');
  await row.getByRole('button', { name: `Edit ${unrouted}` }).click();
  const edit = page.getByRole('form', { name: `Edit ${unrouted}` });
  await expect(edit.getByLabel('Account')).toBeDisabled();
  await chooseOption(edit.getByLabel('Campaign'), 'Website');
  await chooseOption(edit.getByLabel('Routing workflow'), 'North sales line');
  // A bad number is refused next to its field, in words (no "E.164", no field path).
  await edit.getByLabel('Forwarding number').fill('3125550');
  await edit.getByRole('button', { name: 'Save number' }).click();
  await expect(edit.getByLabel('Forwarding number')).toHaveAttribute('aria-invalid', 'true');
  await expect(edit.getByLabel('Forwarding number')).toHaveAccessibleDescription(/^Forwarding number: .*(short|valid)/);
  await expect(edit.getByRole('alert')).not.toContainText('E.164');
  // Typed as people write it, saved as E.164, shown formatted.
  await edit.getByLabel('Forwarding number').fill('(312) 555-0177');
  await edit.getByRole('button', { name: 'Save number' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: `Saved ${unrouted}` })).toBeVisible();
  await expect(row).toContainText('Website');
  await expect(row).toContainText('North sales line');
  await expect(row).toContainText('(312) 555-0177');
  await expect(row).not.toContainText('+1312');
  await expect(row.getByRole('note')).toHaveCount(0);
  await page.screenshot({ path: info.outputPath('tracking-number-edited.png'), fullPage: true });
  const [saved] = await suite.t.db.query('select campaign_id, workflow_id, forwarding_e164 from tracking_numbers where e164 = $1', [DEMO_NUMBERS.northUnrouted]);
  expect(saved).toEqual({ campaign_id: 'cmp-north-web', workflow_id: 'wf-north-sales', forwarding_e164: '+13125550177' });
});

test('users: an admin adds a CSR with a one-time sign-in link, the CSR opens it and chooses a password; deactivating signs her out', async ({ browser }, info) => {
  const page = await browser.newPage();
  await signInAs(page, suite.desk.url, 'admin@rebound.example');
  await settings(page, 'Users & Roles');
  await page.getByRole('button', { name: 'Add user' }).click();
  const form = page.getByRole('form', { name: 'Add user' });
  await form.getByLabel('Name').fill('Dana Lee');
  await form.getByLabel('E-mail').fill('dana@northside.example');
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(form.getByRole('group', { name: 'Roles' }).getByRole('alert')).toContainText('at least one role');
  await form.getByRole('group', { name: 'Roles' }).getByLabel('CSR', { exact: true }).check();
  await form.getByRole('group', { name: 'Accounts' }).getByLabel('Northside Plumbing').check();
  await form.getByRole('button', { name: 'Add user' }).click();
  const added = page.getByRole('region', { name: 'Added Dana Lee' });
  const link = await added.getByLabel('One-time sign-in link').inputValue();
  expect(link).toContain('signInCode=');
  await page.screenshot({ path: info.outputPath('user-added.png'), fullPage: true });
  await added.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('row', { name: 'Access of Dana Lee' })).toBeVisible();
  await page.close();

  // She opens it at her own desk.
  const dana = await browser.newPage();
  const own = new URL(link);
  await dana.goto(suite.desks[1]!.url.replace(/\/$/, '') + '/' + own.search);
  await expect(dana.getByLabel('Email', { exact: true })).toHaveValue('dana@northside.example');
  await dana.getByLabel('Choose a password').fill('dana-picked-this-1');
  await dana.getByRole('button', { name: 'Sign in and set password' }).click();
  await expect(dana.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(dana.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Abandoned Calls' })).toBeVisible();

  // Deactivated (through the API, as the admin's page is closed): her desk is signed out at once.
  const admin = await suite.t.signIn('admin@rebound.example');
  const [row] = await suite.t.db.query<{ id: string }>("select id from users where email = 'dana@northside.example'");
  expect((await admin.request('PUT', `/api/admin/users/${row!.id}/active`, { active: false })).status).toBe(200);
  await expect(dana.getByLabel('Email', { exact: true })).toBeVisible({ timeout: 10_000 });
  await dana.close();
});
