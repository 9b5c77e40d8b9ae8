import { expect, test } from '@playwright/test';
import { formatClock } from '../../shared';
import { DEMO_NUMBERS } from '../../server/demo/seed';
import { deskSuite, signInAs } from '../support/e2e-desks';

/*
 * What a newcomer notices first, signed in as each demo user: names, numbers and times that
 * read as the business's, in the account's zone, whatever the machine's zone is.
 */

const suite = deskSuite({
  // North service overflows to the Voice Agent after 30 s of waiting.
  prepare: async (t) => void (await t.db.query("update routing_workflows set overflow_rule = 'wait', overflow_wait_seconds = 30 where id = 'wf-north-service'")),
});

// A machine far from the accounts: every time shown must still be the account's.
test.use({ timezoneId: 'Asia/Tokyo' });

test("the Voice Agent greets with the account's name, and its board shows the account's times and formatted numbers", async ({ page }, info) => {
  const from = '+13125550147';
  const call = await suite.t.carrier.overflowCall({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: [{ hangUp: true }] });
  expect(call.toAgent).toBe(true);
  expect(call.twiml).toContain('Thanks for calling Northside Plumbing, this is Riley.');
  expect(call.twiml).not.toContain('Our team');
  await suite.t.server.drain();
  const [row] = await suite.t.db.query<{ created_at: Date }>('select created_at from voice_agent_sessions where call_sid = $1', [call.sid]);

  await signInAs(page, suite.desk.url, 'sam@rebound.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Queue Tiles' }).click();
  await expect(page.getByTestId('tiles-zone')).toContainText('CT (America/Chicago)');
  const table = page.getByRole('table', { name: 'Voice Agent conversations today' });
  await expect(table.getByRole('columnheader', { name: 'Time (CT)' })).toBeVisible();
  const session = table.getByTestId('va-session').filter({ hasText: '(312) 555-0147' });
  await expect(session).toBeVisible();
  await expect(session).not.toContainText(from);
  await expect(session.getByRole('cell').first()).toHaveText(formatClock(row!.created_at, 'America/Chicago'));
  await expect(session.getByRole('cell').nth(4)).toHaveText(/^\d+:\d\d$/);
  await page.screenshot({ path: info.outputPath('voice-agent-board.png'), fullPage: true });

  await session.getByRole('button', { name: /Transcript of \(312\) 555-0147/ }).click();
  const transcript = page.getByRole('dialog', { name: 'Voice Agent transcript' });
  await expect(transcript.getByRole('heading', { name: '(312) 555-0147' })).toBeVisible();
  await expect(transcript.getByTestId('transcript')).toContainText('Thanks for calling Northside Plumbing');
  await expect(transcript.getByTestId('transcript').locator('li').first()).toContainText(`${formatClock(row!.created_at, 'America/Chicago')} CT`);
});

test("an admin's refused saves show the server's reason next to the field, in words", async ({ page }) => {
  await signInAs(page, suite.desk.url, 'admin@rebound.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();

  // A name already used: the server refuses, and says so under the name typed.
  await page.getByRole('tab', { name: 'Campaigns & Routing' }).click();
  const north = page.getByRole('region', { name: 'Routing of Northside Plumbing' });
  const newCampaign = north.getByLabel('New campaign name');
  await newCampaign.fill('Spring Radio');
  await newCampaign.press('Enter');
  await expect(newCampaign).toHaveAttribute('aria-invalid', 'true');
  await expect(newCampaign).toHaveAccessibleDescription('“Spring Radio” is already used in this account.');
  await expect(page.getByTestId('toast')).toHaveCount(0);

  await page.getByRole('tab', { name: 'Users & Roles' }).click();
  await page.getByRole('button', { name: 'New role' }).click();
  const role = page.getByRole('form', { name: 'New role' });
  await role.getByLabel('Role name').fill('CSR');
  await role.getByRole('button', { name: 'Save role' }).click();
  await expect(role.getByLabel('Role name')).toHaveAccessibleDescription('A role named “CSR” already exists.');

  // Checked before sending: each field's own problem under it, no internal path.
  await page.getByRole('button', { name: 'Add user' }).click();
  const add = page.getByRole('form', { name: 'Add user' });
  await add.getByLabel('E-mail').fill('not-an-address');
  await add.getByRole('button', { name: 'Add user' }).click();
  await expect(add.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expect(add.getByLabel('E-mail')).toHaveAccessibleDescription(/e-?mail/i);
  await add.getByLabel('E-mail').fill('ava@northside.example');
  await add.getByLabel('Name').fill('Ava Again');
  await add.getByRole('checkbox', { name: 'CSR', exact: true }).check();
  await add.getByRole('checkbox', { name: 'Northside Plumbing' }).check();
  await add.getByRole('button', { name: 'Add user' }).click();
  await expect(add.getByLabel('E-mail')).toHaveAccessibleDescription('Someone with the e-mail ava@northside.example already exists.');
});

test('a CSR whose account has Second Chance Leads off is told why the list is empty', async ({ page }) => {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await signInAs(page, suite.desk.url, 'cora@southside.example');
  await nav.getByRole('button', { name: 'Second Chance Leads' }).click();
  await expect(page.getByTestId('scl-off')).toHaveText(
    'Second Chance Leads is off for Southside Heating & Air, so this list stays empty. An administrator can turn it on in Settings → Second Chance Leads.',
  );
  // Ben works both accounts: only Southside's part is explained; Abandoned Calls says nothing of it.
  await signInAs(page, suite.desk.url, 'ben@rebound.example');
  await nav.getByRole('button', { name: 'Second Chance Leads' }).click();
  await expect(page.getByTestId('scl-off')).toContainText('off for Southside Heating & Air: calls of that account are not flagged here.');
  await nav.getByRole('button', { name: 'Abandoned Calls' }).click();
  await expect(page.getByRole('heading', { name: 'Abandoned Calls' })).toBeVisible();
  await expect(page.getByTestId('scl-off')).toHaveCount(0);
});

test("the roles' user counts follow a saved change at once", async ({ page }) => {
  await signInAs(page, suite.desk.url, 'admin@rebound.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('tab', { name: 'Users & Roles' }).click();
  const supervisor = page.getByRole('region', { name: 'Roles' }).getByRole('listitem').filter({ hasText: /^Supervisor/ });
  await expect(supervisor).toContainText('1 user');
  const ava = page.getByRole('row', { name: 'Access of Ava Chen' });
  await ava.getByRole('checkbox', { name: 'Ava Chen holds Supervisor' }).check();
  await ava.getByRole('button', { name: 'Save' }).click();
  await expect(supervisor).toContainText('2 users');
  await ava.getByRole('checkbox', { name: 'Ava Chen holds Supervisor' }).uncheck();
  await ava.getByRole('button', { name: 'Save' }).click();
  await expect(supervisor).toContainText('1 user');

  // A person added is counted and listed while their sign-in link is still on screen.
  await page.getByRole('button', { name: 'Add user' }).click();
  const add = page.getByRole('form', { name: 'Add user' });
  await add.getByLabel('Name').fill('Sid Supervisor');
  await add.getByLabel('E-mail').fill('sid@rebound.example');
  await add.getByRole('checkbox', { name: 'Supervisor', exact: true }).check();
  await add.getByRole('checkbox', { name: 'Northside Plumbing' }).check();
  await add.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('region', { name: 'Added Sid Supervisor' })).toBeVisible();
  await expect(supervisor).toContainText('2 users');
  await expect(page.getByRole('row', { name: 'Access of Sid Supervisor' })).toBeVisible();
});
