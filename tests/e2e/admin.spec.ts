import { expect, test } from '@playwright/test';
import { formatPhone } from '../../shared';
import { DEMO_NUMBERS } from '../../server/demo/seed';
import { deskSuite, signInAs } from '../support/e2e-desks';
import { chooseOption } from '../support/select';

/* Two desks on one server: the admin's, and a CSR's that must follow the admin's changes live. */
const suite = deskSuite({
  desks: 2,
  prepare: async (t) => {
    t.clock.advanceMinutes(-60);
    await t.carrier.answer({ from: '+13125559881', to: DEMO_NUMBERS.northRadio, queueSeconds: 5, talkSeconds: 95, agentId: 'u-ben', callerName: 'SECOND CHANCE CAROL' });
    t.clock.advanceMinutes(60);
    await t.server.sweep();
  },
});

test('an admin sets Second Chance Leads settings, with a clear error for a bad value', async ({ page }, info) => {
  await signInAs(page, suite.desks[0]!.url, 'admin@rebound.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const north = page.getByRole('form', { name: 'Second Chance Leads for Northside Plumbing' });
  await expect(north.getByLabel('Enable Second Chance Leads')).toBeChecked();
  await north.getByLabel(/After Call Work Time/).fill('0');
  await north.getByRole('button', { name: 'Save' }).click();
  await expect(north.getByRole('alert')).toHaveText('After Call Work Time must be at least 1 minute.');
  await north.getByLabel(/After Call Work Time/).fill('10');
  await north.getByLabel(/Cold Leads after/).fill('5');
  await north.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Saved Second Chance Leads settings for Northside Plumbing' })).toBeVisible();
  await page.screenshot({ path: info.outputPath('admin-scl-settings.png'), fullPage: true });
  const [row] = await suite.t.db.query<{ acw_minutes: number; scl_cold_days: number }>("select acw_minutes, scl_cold_days from account_settings where account_id = 'acc-north'");
  expect(row).toEqual({ acw_minutes: 10, scl_cold_days: 5 });
});

test('a role given to a signed-in CSR opens the SCL screen on her desk at once; taking it away removes it', async ({ browser }, info) => {
  const adminPage = await browser.newPage();
  const csrPage = await browser.newPage();
  await signInAs(csrPage, suite.desks[1]!.url, 'ava@northside.example');
  const nav = csrPage.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('button', { name: 'Abandoned Calls' })).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Second Chance Leads' })).toHaveCount(0);

  await signInAs(adminPage, suite.desks[0]!.url, 'admin@rebound.example');
  await adminPage.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await adminPage.getByRole('tab', { name: 'Users & Roles' }).click();
  await adminPage.getByRole('button', { name: 'New role' }).click();
  const editor = adminPage.getByRole('form', { name: 'New role' });
  await editor.getByLabel('Role name').fill('Follow-up Lead');
  await editor.getByLabel('View and Action All Follow Ups').check();
  // The broader permission brings both queues with it.
  await expect(editor.getByLabel('Edit Second Chance Leads')).toBeChecked();
  await expect(editor.getByLabel('Edit Second Chance Leads')).toBeDisabled();
  await adminPage.screenshot({ path: info.outputPath('admin-new-role.png'), fullPage: true });
  await editor.getByRole('button', { name: 'Save role' }).click();
  await expect(adminPage.getByRole('region', { name: 'Roles' }).getByRole('button', { name: 'Follow-up Lead', exact: true })).toBeVisible();

  const ava = adminPage.getByRole('row', { name: 'Access of Ava Chen' });
  await ava.getByLabel('Ava Chen holds Follow-up Lead').check();
  await ava.getByRole('button', { name: 'Save' }).click();
  await expect(nav.getByRole('button', { name: 'Second Chance Leads' })).toBeVisible({ timeout: 5000 });
  await nav.getByRole('button', { name: 'Second Chance Leads' }).click();
  await expect(csrPage.getByTestId('lead-row').filter({ hasText: 'SECOND CHANCE CAROL' })).toBeVisible();

  await ava.getByLabel('Ava Chen holds Follow-up Lead').uncheck();
  await ava.getByRole('button', { name: 'Save' }).click();
  await expect(nav.getByRole('button', { name: 'Second Chance Leads' })).toHaveCount(0, { timeout: 5000 });
  await expect(csrPage.getByRole('heading', { name: 'Abandoned Calls' })).toBeVisible();
  // Her cached SCL rows went with the permission.
  await expect.poll(async () => (await suite.desks[1]!.services.handlers.countLeads({ filterSet: { kind: 'second_chance', filters: {} } } as never)).open).toBe(0);
  await adminPage.close();
  await csrPage.close();
});

test('an admin edits the Voice Agent globally and for one account, which then keeps its own values', async ({ page }, info) => {
  await signInAs(page, suite.desks[0]!.url, 'admin@rebound.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('tab', { name: 'Voice Agent' }).click();
  // The workflow's notice: default scripts are examples, the laws are the business's to follow.
  await expect(page.getByRole('note', { name: 'Legal notice' })).toContainText('Default Voice Agent scripts are provided as examples only.');
  await expect(page.getByRole('note', { name: 'Legal notice' })).toContainText('including recording laws and AI-disclosure requirements');
  const global = page.getByRole('form', { name: 'Global Voice Agent' });
  // Each skill says what the agent does as the box stands now, and what it does instead once unticked.
  const booking = global.getByLabel('Book new jobs');
  await expect(booking).toBeChecked();
  await expect(global.getByTestId('skill-hint-bookJobs')).toHaveText(/^On: the agent books the job during the call/);
  await booking.uncheck();
  await expect(global.getByTestId('skill-hint-bookJobs')).toHaveText('Off: the agent takes a message and passes the caller to the team.');
  await booking.check();
  await expect(global.getByTestId('skill-hint-bookJobs')).toHaveText(/^On: /);
  await global.getByLabel('Opening message', { exact: true }).fill('Hi, you reached [Acount Name]. This is [Voice Agent Name].');
  await expect(global.getByText('Unknown variable(s): [Acount Name]')).toBeVisible();
  await global.getByLabel('Opening message', { exact: true }).fill('Hi, you reached [Customer-Facing Business Name]. This is [Voice Agent Name].');
  await global.getByLabel('Voice Agent Name', { exact: true }).fill('Gus');
  await global.getByLabel('Customer-Facing Business Name', { exact: true }).fill('Rebound Home Services');
  await expect(global.locator('.preview').first()).toContainText('This call is answered by an AI assistant and may be recorded. Hi, you reached Rebound Home Services. This is Gus.');
  // Global's sample names whose callers it is, since each account's name fills an empty business name.
  await expect(global.locator('.preview').first()).toContainText('Callers of Northside Plumbing hear, for example:');
  await global.getByRole('button', { name: 'Save Voice Agent settings' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Saved the Global Voice Agent settings.' })).toBeVisible();

  await page.getByRole('tab', { name: 'Northside Plumbing · Follows Global' }).click();
  const north = page.getByRole('form', { name: 'Voice Agent for Northside Plumbing' });
  await expect(north.getByLabel('Voice Agent Name', { exact: true })).toHaveValue('Gus');
  const jobTypes = north.getByRole('group', { name: 'Job Types and Dispatch Fees' });
  const drain = jobTypes.getByTestId('job-type').filter({ has: page.locator('input[value="Drain cleaning"]') });
  await expect(drain).toContainText('Dispatch fee $89.00');
  await drain.getByLabel('Fee of Drain cleaning in dollars').fill('95.00');
  await jobTypes.getByRole('button', { name: 'Add job type' }).click();
  const added = jobTypes.getByTestId('job-type').last();
  await added.getByLabel('Job type name').fill('Sump pump install');
  await chooseOption(added.getByLabel('Dispatch fee of Sump pump install'), 'Free service');
  await expect(added).toContainText('Free service: no dispatch fee');
  await jobTypes.getByRole('button', { name: 'Save job types' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Saved the job types and dispatch fees.' })).toBeVisible();
  await expect
    .poll(async () => suite.t.db.query("select name, dispatch_fee_cents from job_types where account_id = 'acc-north' and name in ('Drain cleaning', 'Sump pump install') order by name"))
    .toEqual([{ name: 'Drain cleaning', dispatch_fee_cents: 9500 }, { name: 'Sump pump install', dispatch_fee_cents: 0 }]);
  await north.getByLabel('Voice Agent Name', { exact: true }).fill('Nora');
  await north.getByRole('button', { name: 'Save Voice Agent settings' }).click();
  await expect(page.getByRole('tab', { name: 'Northside Plumbing · Custom' })).toBeVisible();

  // Global changes later: the customised account keeps Nora, the other follows.
  await page.getByRole('tab', { name: 'Global', exact: true }).click();
  // Northside no longer hears Global: the preview shows the account that still follows it.
  await expect(global.locator('.preview').first()).toContainText('Callers of Southside Heating & Air hear, for example:');
  // A save refused for a field far above the button brings that field to view, focused.
  await global.getByLabel('Voice Agent Name', { exact: true }).fill('');
  await global.getByRole('button', { name: 'Save Voice Agent settings' }).click();
  await expect(global.getByLabel('Voice Agent Name', { exact: true })).toBeFocused();
  await expect(global.getByLabel('Voice Agent Name', { exact: true })).toBeInViewport();
  await global.getByLabel('Voice Agent Name', { exact: true }).fill('Gwen');
  await global.getByLabel(/Open with the AI disclosure/).uncheck();
  await global.getByRole('button', { name: 'Save Voice Agent settings' }).click();
  await expect(global.getByRole('alert')).toContainText('Confirm that callers will no longer hear the AI disclosure');
  await global.getByLabel('I confirm callers will no longer be told they are talking to an AI.').check();
  await global.getByRole('button', { name: 'Save Voice Agent settings' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Saved the Global Voice Agent settings.' }).last()).toBeVisible();
  await page.getByRole('tab', { name: 'Northside Plumbing · Custom' }).click();
  await expect(north.getByLabel('Voice Agent Name', { exact: true })).toHaveValue('Nora');
  await expect(north.getByTestId('inheritance')).toContainText('changes to Global no longer reach this account');
  await page.screenshot({ path: info.outputPath('admin-voice-agent.png'), fullPage: true });
  await page.getByRole('tab', { name: /Southside Heating & Air · Follows Global/ }).click();
  await expect(page.getByRole('form', { name: 'Voice Agent for Southside Heating & Air' }).getByLabel('Voice Agent Name', { exact: true })).toHaveValue('Gwen');

  await page.getByRole('tab', { name: 'Northside Plumbing · Custom' }).click();
  await north.getByRole('button', { name: 'Reset to Global' }).click();
  await expect(page.getByRole('tab', { name: 'Northside Plumbing · Follows Global' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Voice Agent for Northside Plumbing' }).getByLabel('Voice Agent Name', { exact: true })).toHaveValue('Gwen');
});

test('an admin sets up a campaign, queue and routing workflow, then buys a tracking number for it', async ({ page }, info) => {
  await signInAs(page, suite.desks[0]!.url, 'admin@rebound.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('tab', { name: 'Campaigns & Routing' }).click();
  const north = page.getByRole('region', { name: 'Routing of Northside Plumbing' });
  await north.getByLabel('New campaign name').fill('Fall Mailer');
  await north.getByLabel('New campaign name').press('Enter');
  await expect(north.getByRole('listitem').filter({ hasText: 'Fall Mailer' })).toBeVisible();
  await north.getByLabel('New queue name').fill('After Hours');
  await north.getByLabel('New queue name').press('Enter');
  await expect(north.getByRole('listitem').filter({ hasText: 'After Hours' })).toBeVisible();
  const wf = north.getByRole('form', { name: 'New routing workflow' });
  await wf.getByLabel('Workflow name').fill('Mailer line');
  await chooseOption(wf.getByLabel('Queue'), 'After Hours');
  await chooseOption(wf.getByLabel('Overflow'), 'To the Voice Agent when the queue wait passes N seconds');
  await wf.getByRole('button', { name: 'Add workflow' }).click();
  await expect(wf.getByRole('alert')).toContainText('after how many seconds');
  await wf.getByLabel('Seconds of wait (N)').fill('90');
  await wf.getByRole('button', { name: 'Add workflow' }).click();
  await expect(north.getByRole('form', { name: 'Workflow Mailer line' })).toBeVisible();
  await page.screenshot({ path: info.outputPath('admin-routing.png'), fullPage: true });

  await page.getByRole('tab', { name: 'Tracking Numbers' }).click();
  const search = page.getByRole('form', { name: 'Search numbers' });
  await search.getByLabel('Area code').fill('31');
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('region', { name: 'Buy a number' }).getByRole('alert')).toContainText('An area code is three digits');
  await search.getByLabel('Area code').fill('312');
  await search.getByRole('button', { name: 'Search' }).click();
  const available = page.getByRole('list', { name: 'Available numbers' }).getByRole('listitem');
  await expect(available).toHaveCount(20);
  await page.getByRole('button', { name: 'Load More' }).click();
  await expect(available).toHaveCount(40);
  const number = (await available.first().getByRole('button').textContent())!;
  await available.first().getByRole('button').click();
  const buy = page.getByRole('form', { name: `Buy ${number}` });
  await chooseOption(buy.getByLabel('Account'), 'Northside Plumbing');
  await chooseOption(buy.getByLabel('Campaign'), 'Fall Mailer');
  await chooseOption(buy.getByLabel('Routing workflow'), 'Mailer line');
  await buy.getByLabel('Receive texts').check();
  await buy.getByRole('button', { name: 'Buy number' }).click();
  const row = page.getByTestId('number-row').filter({ hasText: number });
  await expect(row).toContainText('Tracking Number');
  await expect(row).toContainText('Fall Mailer');
  await expect(row.getByRole('note')).toContainText('Not usable yet');
  // A direct-dial number for Ava, with a second number from the next page of results.
  await available.nth(1).getByRole('button').click();
  const second = (await available.nth(1).getByRole('button').textContent())!;
  const direct = page.getByRole('form', { name: `Buy ${second}` });
  await chooseOption(direct.getByLabel('Type'), 'Direct Dial to an employee');
  await chooseOption(direct.getByLabel('Employee'), 'Ava Chen');
  await direct.getByRole('button', { name: 'Buy number' }).click();
  await expect(page.getByTestId('number-row').filter({ hasText: second })).toContainText('Direct Dial');
  // The demo's unrouted number carries its warning too.
  await expect(page.getByTestId('number-row').filter({ hasText: formatPhone(DEMO_NUMBERS.northUnrouted) }).getByRole('note')).toHaveText('No routing workflow: calls to this number are disconnected.');
  await page.screenshot({ path: info.outputPath('admin-tracking-numbers.png'), fullPage: true });
});

test('rotating a field-service key and deactivating a person ask first, in the app’s own dialog; Esc and Cancel change nothing', async ({ page }) => {
  await signInAs(page, suite.desks[0]!.url, 'admin@rebound.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('tab', { name: 'Field Service' }).click();
  const row = page.getByRole('row', { name: 'Field-service key of Southside Heating & Air' });
  if (await row.getByRole('button', { name: 'Issue key' }).isVisible()) {
    await row.getByRole('button', { name: 'Issue key' }).click(); // the first key is issued without asking
    await page.getByRole('region', { name: 'New key of Southside Heating & Air' }).getByRole('button', { name: 'Done' }).click();
  }
  const hint = await row.getByRole('cell').nth(1).textContent();

  await row.getByRole('button', { name: 'Rotate key' }).click();
  const ask = page.getByRole('dialog', { name: 'Rotate the key of Southside Heating & Air?' });
  await expect(ask).toContainText('stops working at once');
  await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(ask).toHaveCount(0);
  await expect(row.getByRole('cell').nth(1)).toHaveText(hint!);

  await row.getByRole('button', { name: 'Rotate key' }).click();
  await ask.getByRole('button', { name: 'Rotate key' }).click();
  await expect(page.getByRole('region', { name: 'New key of Southside Heating & Air' })).toBeVisible();
  await expect(row.getByRole('cell').nth(1)).not.toHaveText(hint!);

  await page.getByRole('tab', { name: 'Users & Roles' }).click();
  const cora = page.getByRole('row', { name: 'Access of Cora Diaz' });
  await cora.getByRole('button', { name: 'Deactivate' }).click();
  const deactivate = page.getByRole('dialog', { name: 'Deactivate Cora Diaz?' });
  await deactivate.getByRole('button', { name: 'Cancel' }).click();
  await expect(deactivate).toHaveCount(0);
  await expect(cora.getByTestId('deactivated')).toHaveCount(0);
});

test('an admin reads the Voice Agent meter: days written as the rest of the app writes dates, and the total', async ({ page }) => {
  // Two days of this month on the meter (the screen reads from the 1st to today).
  const days = (await suite.t.db.query<{ d: string }>("select to_char(date_trunc('month', current_date), 'YYYY-MM-DD') as d union select to_char(current_date, 'YYYY-MM-DD') order by 1")).map((r) => r.d);
  for (const [i, d] of days.entries()) {
    await suite.t.db.query(
      `insert into voice_agent_usage (account_id, day, sessions, connected_seconds, billed_minutes) values ('acc-north', $1, $2, $3, $4)
       on conflict (account_id, day) do update set sessions = excluded.sessions, connected_seconds = excluded.connected_seconds, billed_minutes = excluded.billed_minutes`,
      [d, 3 + i, 125 + i, 4 + i],
    );
  }
  await signInAs(page, suite.desks[0]!.url, 'admin@rebound.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('tab', { name: 'Voice Agent' }).click();
  const usage = page.getByRole('region', { name: 'Voice Agent usage' });
  const written = (d: string) => new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${d}T12:00:00Z`));
  const rows = usage.getByTestId('usage-row');
  await expect(rows).toHaveCount(days.length);
  for (const d of days) {
    await expect(rows.filter({ hasText: written(d) })).toHaveCount(1);
    await expect(rows.filter({ hasText: written(d) })).toContainText('Northside Plumbing');
    await expect(usage.getByRole('table')).not.toContainText(d);
  }
  await expect(usage.getByTestId('usage-total-sessions')).toHaveText(String(days.reduce((n, _, i) => n + 3 + i, 0)));
});
