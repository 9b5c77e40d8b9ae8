import { expect, test } from '@playwright/test';
import { formatClock } from '../../shared';
import { DEMO_NUMBERS, DEMO_PASSWORD } from '../../server/demo/seed';
import { newSid } from '../../server/demo/simulated-carrier';
import { deskSuite, signInAs } from '../support/e2e-desks';
import { chooseOption } from '../support/select';

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
  // The focus goes to this form's first error, not to the role form's still shown above it.
  await expect(role.getByLabel('Role name')).toHaveAttribute('aria-invalid', 'true');
  await expect(add.getByLabel('Name')).toBeFocused();
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

test('status digits stay with their status as the choices change, are shown on the buttons, and the drawer leaves the top bar usable', async ({ page }) => {
  await suite.t.carrier.abandon({ from: '+13125550161', to: DEMO_NUMBERS.northRadio, queueSeconds: 40, callerName: 'Kim Digits' });
  await signInAs(page, suite.desk.url, 'ben@rebound.example');
  await page.getByTestId('lead-row').filter({ hasText: 'Kim Digits' }).getByText('Northside Plumbing').click();
  const drawer = page.getByRole('dialog', { name: 'Lead Kim Digits' });
  const status = drawer.getByRole('region', { name: 'Status' });
  const digitOf = (name: RegExp) => status.getByRole('button', { name }).getAttribute('aria-keyshortcuts');
  expect(await digitOf(/^Contact Attempted/)).toBe('1');
  expect(await digitOf(/^Resolved/)).toBe('3');
  expect(await digitOf(/^Dismiss/)).toBe('4');
  await expect(status.getByRole('button', { name: /^Resolved/ }).locator('kbd')).toHaveText('3');

  // The drawer sits under the top bar: the bell and Sign out still take clicks.
  await page.getByRole('button', { name: /Notifications/ }).click({ trial: true });
  await page.getByRole('button', { name: 'Sign out' }).click({ trial: true });
  const bar = await page.locator('header.topbar').boundingBox();
  const box = await drawer.boundingBox();
  expect(box!.y).toBeGreaterThanOrEqual(bar!.y + bar!.height - 1);

  // Contact Attempted no longer offers itself; Resolved is still 3 and Dismiss still 4.
  await page.keyboard.press('1');
  await expect(drawer.getByTestId('drawer-status')).toHaveText(/Contact Attempted/);
  await expect(status.getByRole('button', { name: /^Contact Attempted/ })).toHaveCount(0);
  expect(await digitOf(/^Resolved/)).toBe('3');
  expect(await digitOf(/^Dismiss/)).toBe('4');
  await expect(status).toContainText('Keys: c calls, 2, 3 or 4 set a status, n writes a note, Esc closes.');
  await page.keyboard.press('4');
  await expect(drawer.getByTestId('drawer-status')).toHaveText(/Dismissed/);
  // Done: only reopening is left, still on its own digit.
  expect(await digitOf(/^Follow-up Needed/)).toBe('2');
  await expect(status).toContainText('Keys: c calls, 2 sets the status,');
});

test('many waiting callers never cover the menu: the panel scrolls inside itself', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 640 });
  await signInAs(page, suite.desk.url, 'sam@rebound.example');
  await expect(page.getByText('Phone ready')).toBeVisible();
  for (let i = 0; i < 6; i++) {
    await suite.t.carrier.ring(newSid('CA'), { from: `+1312555017${i}`, to: DEMO_NUMBERS.northRadio, callerName: `Waiting Caller ${i}`, queueSeconds: 0 });
  }
  await expect(page.getByTestId('offer')).toHaveCount(6);
  const nav = page.getByRole('navigation', { name: 'Main' });
  // Every menu entry still takes a click (nothing lies on top of it) ...
  for (const name of ['Abandoned Calls', 'Second Chance Leads', 'Queue Tiles', 'Unbooked & Abandoned Calls']) await nav.getByRole('button', { name, exact: true }).click({ trial: true });
  // ... and the panel starts below the last one.
  const last = await nav.getByRole('button', { name: 'Unbooked & Abandoned Calls' }).boundingBox();
  const panel = await page.getByRole('list', { name: 'Callers waiting' }).boundingBox();
  const softphone = await page.locator('.softphone').boundingBox();
  expect(softphone!.y).toBeGreaterThanOrEqual(last!.y + last!.height);
  expect(panel!.y).toBeGreaterThanOrEqual(last!.y + last!.height);
  // The last caller can still be reached by scrolling the panel.
  await page.getByTestId('offer').last().getByRole('button', { name: /Answer/ }).scrollIntoViewIfNeeded();
  await expect(page.getByTestId('offer').last().getByRole('button', { name: /Answer/ })).toBeInViewport();
  for (let i = 0; i < 6; i++) await page.keyboard.press('Escape');
});

test('a job cannot be booked in the past: the form says so next to the window, and the server refuses too', async ({ page }) => {
  await suite.t.carrier.abandon({ from: '+13125550162', to: DEMO_NUMBERS.northRadio, queueSeconds: 40, callerName: 'Pat Past' });
  await signInAs(page, suite.desk.url, 'ben@rebound.example');
  await page.getByTestId('lead-row').filter({ hasText: 'Pat Past' }).getByText('Northside Plumbing').click();
  const drawer = page.getByRole('dialog', { name: 'Lead Pat Past' });
  await drawer.getByRole('button', { name: 'Book a job…' }).click();
  const form = page.getByRole('form', { name: 'Book a job' });
  await form.getByLabel('Window starts').fill('2020-03-02T08:00');
  await form.getByLabel('Window ends').fill('2020-03-02T12:00');
  await form.getByLabel('Address').fill('1420 Elm Street');
  await form.getByRole('button', { name: /Book/ }).click();
  await expect(form.getByLabel('Window starts')).toHaveAccessibleDescription('The appointment window must start in the future.');
  await expect(drawer.getByTestId('drawer-status')).toHaveText(/New/);

  // A desk whose clock is wrong cannot get past the server either.
  const [lead] = await suite.t.db.query<{ id: string }>("select id from leads where phone = '+13125550162' and kind = 'abandoned'");
  const ben = await suite.t.signIn('ben@rebound.example');
  const [jobType] = await suite.t.db.query<{ id: string }>("select id from job_types where account_id = 'acc-north' limit 1");
  const r = await ben.push([{ id: 1, name: 'bookJob', args: { leadId: lead!.id, jobId: crypto.randomUUID(), jobTypeId: jobType!.id, windowStart: '2020-03-02T14:00:00.000Z', windowEnd: '2020-03-02T18:00:00.000Z', customerName: 'Pat Past', address: '1420 Elm Street' } }]);
  expect(JSON.stringify(r)).toMatch(/future|past/i);
  const [job] = await suite.t.db.query('select 1 from jobs where lead_id = $1', [lead!.id]);
  expect(job).toBeUndefined();
});

test("a queue tile's figures equal the report's for the same day", async ({ page }) => {
  const names = ['Tia Tiles', 'Tom Tiles', 'Ted Tiles'];
  for (const [i, callerName] of names.entries()) await suite.t.carrier.abandon({ from: `+131255502${i}0`, to: DEMO_NUMBERS.northRadio, queueSeconds: 30 + i, callerName });
  const idOf = async (name: string) => (await suite.t.db.query<{ id: string }>("select id from leads where customer_name = $1 and kind = 'abandoned'", [name]))[0]!.id;
  const ben = await suite.t.signIn('ben@rebound.example');
  const [jobType] = await suite.t.db.query<{ id: string }>("select id from job_types where account_id = 'acc-north' limit 1");
  // Reached after 2 minutes and booked; another dismissed after 3; the third left open.
  suite.t.clock.advanceMinutes(2);
  const start = new Date(suite.t.clock.now().getTime() + 86_400_000);
  await ben.push([
    { id: 1, name: 'setStatus', args: { leadId: await idOf('Tia Tiles'), to: 'contact_attempted' } },
    { id: 2, name: 'bookJob', args: { leadId: await idOf('Tia Tiles'), jobId: crypto.randomUUID(), jobTypeId: jobType!.id, windowStart: start.toISOString(), windowEnd: new Date(start.getTime() + 4 * 3_600_000).toISOString(), customerName: 'Tia Tiles', address: '9 Tile Road' } },
  ]);
  suite.t.clock.advanceMinutes(1);
  await ben.push([{ id: 3, name: 'setStatus', args: { leadId: await idOf('Tom Tiles'), to: 'dismissed' } }]);

  await signInAs(page, suite.desk.url, 'sam@rebound.example');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Queue Tiles' }).click();
  const tile = page.getByRole('article', { name: 'Northside Plumbing Service Spring Radio' });
  await expect(tile.getByTestId('tile-recovered')).not.toHaveText('0');
  const tileFigures = {
    recovered: await tile.getByTestId('tile-recovered').innerText(),
    dismissed: await tile.getByTestId('tile-dismissed').innerText(),
    speed: await tile.getByTestId('tile-speed').innerText(),
  };
  expect(Number(tileFigures.dismissed)).toBeGreaterThan(0);
  expect(tileFigures.speed).not.toBe('—');

  await nav.getByRole('button', { name: 'Unbooked & Abandoned Calls' }).click();
  const report = page.getByRole('region', { name: 'Unbooked and Abandoned Calls report' });
  await report.getByRole('button', { name: 'Today', exact: true }).click();
  await chooseOption(report.getByLabel('Account'), 'Northside Plumbing');
  await expect(report.getByTestId('report-range')).toContainText('Today');
  const row = report.getByTestId('campaign-row').filter({ hasText: 'Spring Radio' });
  await expect(row.getByRole('cell').nth(3)).toHaveText(tileFigures.recovered);
  await expect(row.getByRole('cell').nth(5)).toHaveText(tileFigures.dismissed);
  await expect(row.getByRole('cell').nth(7)).toHaveText(tileFigures.speed);
});

test('the next person to sign in at a desk starts with an empty bell: no alert of the last user’s customers', async ({ page }) => {
  await signInAs(page, suite.desk.url, 'ben@rebound.example');
  // A Northside caller hangs up: Ben (both accounts) is told of it.
  const from = '+17735550188';
  await suite.t.carrier.abandon({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 25 });
  await expect(page.getByRole('button', { name: /^Notifications \([1-9]\d*\)$/ })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('toast').filter({ hasText: '(773) 555-0188' })).toBeVisible();

  // Ben signs out and Cora (Southside only) signs in at the same window, without a reload.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Email', { exact: true }).fill('cora@southside.example');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Notifications (0)' })).toBeVisible();
  await expect(page.getByTestId('toast')).toHaveCount(0);
  await page.getByRole('button', { name: 'Notifications (0)' }).click();
  await expect(page.getByRole('list', { name: 'Recent notifications' })).toHaveText('No notifications yet.');
});
