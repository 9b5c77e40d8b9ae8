import { expect, test } from '@playwright/test';
import { DEMO_NUMBERS } from '../../server/demo/seed';
import { deskSuite, signInAs } from '../support/e2e-desks';

/* Walks through the places where the product was brought in line with the recovery workflow (issue 20). */
const suite = deskSuite({ desks: 1 });

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
  await expect(page.getByRole('row', { name: `Number ${DEMO_NUMBERS.southTv}` })).toContainText('Southside Heating & Air');

  const row = page.getByRole('row', { name: `Number ${DEMO_NUMBERS.northUnrouted}` });
  await expect(row).toContainText('Northside Plumbing');
  await expect(row.getByRole('note')).toHaveText('No routing workflow: calls to this number are disconnected.');
  await row.getByRole('button', { name: `Edit ${DEMO_NUMBERS.northUnrouted}` }).click();
  const edit = page.getByRole('form', { name: `Edit ${DEMO_NUMBERS.northUnrouted}` });
  await expect(edit.getByLabel('Account')).toBeDisabled();
  await edit.getByLabel('Campaign').selectOption({ label: 'Website' });
  await edit.getByLabel('Routing workflow').selectOption({ label: 'North sales line' });
  await edit.getByLabel('Forwarding number').fill('3125550');
  await edit.getByRole('button', { name: 'Save number' }).click();
  await expect(edit.getByRole('alert')).toContainText('E.164');
  await edit.getByLabel('Forwarding number').fill('+13125550177');
  await edit.getByRole('button', { name: 'Save number' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: `Saved ${DEMO_NUMBERS.northUnrouted}` })).toBeVisible();
  await expect(row).toContainText('Website');
  await expect(row).toContainText('North sales line');
  await expect(row).toContainText('+13125550177');
  await expect(row.getByRole('note')).toHaveCount(0);
  await page.screenshot({ path: info.outputPath('tracking-number-edited.png'), fullPage: true });
  const [saved] = await suite.t.db.query('select campaign_id, workflow_id, forwarding_e164 from tracking_numbers where e164 = $1', [DEMO_NUMBERS.northUnrouted]);
  expect(saved).toEqual({ campaign_id: 'cmp-north-web', workflow_id: 'wf-north-sales', forwarding_e164: '+13125550177' });
});
