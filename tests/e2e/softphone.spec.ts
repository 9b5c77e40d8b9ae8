import { expect, test, type Page } from '@playwright/test';
import { DEMO_NUMBERS } from '../../server/demo/seed';
import { formatPhone } from '../../shared';
import { DemoCallers } from '../../server/demo/demo-callers';
import { waitInQueue } from '../../server/demo/demo-traffic';
import { newSid } from '../../server/demo/simulated-carrier';
import { deskSuite, holdAnswers, signInAs } from '../support/e2e-desks';
import { chooseOption } from '../support/select';

/*
 * The softphone in simulated-carrier mode, end to end: Chromium, the web host, the desk's
 * services and the sync server. The simulated customer's behaviour is chosen by the number
 * (server/voice/simulated-customers.ts): …7xx never answers, …9xx is a voicemail box, …0NN
 * answers and talks NN seconds. Calls run 50 times faster than life.
 */

const suite = deskSuite({
  server: { acwMinutes: 2, callSpeed: 50 },
  // Callers may be rung at any hour in these tests; one test below narrows the hours on purpose.
  prepare: (t) => t.db.query('update account_settings set callback_start_minute = 0, callback_end_minute = 1440').then(() => {}),
});

/** Signs in and waits for the softphone. */
async function signInWithPhone(page: Page, email: string) {
  await signInAs(page, suite.desk.url, email);
  await expect(page.getByText('Phone ready')).toBeVisible();
}

/** Opens a lead's drawer and waits until its keys work (the c shortcut needs the drawer mounted). */
async function openLead(page: Page, name: string) {
  await page.getByTestId('lead-row').filter({ hasText: name }).getByText('Northside Plumbing').click();
  const drawer = page.getByRole('dialog', { name: `Lead ${name}` });
  await expect(drawer.getByRole('button', { name: /^Call \(/ })).toBeVisible();
  await expect(drawer.getByTestId('history')).not.toBeEmpty();
  return drawer;
}

const leadStatus = async (phone: string) =>
  (await suite.t.db.query<{ status: string }>("select status from leads where phone = $1 and kind = 'abandoned'", [phone]))[0]?.status;

test('click-to-call sets Contact Attempted at once; a no-answer is recorded on the lead', async ({ page }, info) => {
  const phone = '+13125551720';
  await suite.t.carrier.abandon({ from: phone, to: DEMO_NUMBERS.northRadio, queueSeconds: 40, callerName: 'NOAH NOANSWER' });
  await signInWithPhone(page, 'ava@northside.example');
  const drawer = await openLead(page, 'NOAH NOANSWER');
  await expect(drawer.getByRole('button', { name: /^Call \(312\) 555-1720/ })).toBeEnabled();

  const clicked = Date.now();
  await page.keyboard.press('c');
  await expect(drawer.getByTestId('drawer-status')).toHaveText(/Contact Attempted/, { timeout: 1000 });
  expect(Date.now() - clicked).toBeLessThan(1000);
  await expect(page.getByTestId('call-status')).toBeVisible();
  await page.screenshot({ path: info.outputPath('softphone-calling.png'), fullPage: true });

  const outcome = page.getByRole('dialog', { name: 'Call ended' });
  await expect(outcome.getByTestId('call-outcome')).toHaveText('Call to NOAH NOANSWER ended: No answer');
  await page.keyboard.press('Escape');
  await expect(outcome).toBeHidden();
  // The server's record of the call reaches the lead: listed, and told in the history.
  await expect(drawer.getByRole('region', { name: 'Calls' })).toContainText('Outbound · No answer · Ava Chen');
  await expect(drawer.getByTestId('history')).toContainText('Ava Chen called back: no answer');
  await expect(drawer.getByText('Working it')).toBeHidden(); // the claim went with the call
  expect(await leadStatus(phone)).toBe('contact_attempted');
});

test('leaving a voicemail sets Follow-up Needed with the callback number given', async ({ page }) => {
  const phone = '+13125551910';
  await suite.t.carrier.abandon({ from: phone, to: DEMO_NUMBERS.northRadio, queueSeconds: 40, callerName: 'VERA VOICEMAIL' });
  await signInWithPhone(page, 'ava@northside.example');
  const drawer = await openLead(page, 'VERA VOICEMAIL');
  await drawer.getByRole('button', { name: /^Call / }).click();
  await expect(page.getByTestId('call-status')).toContainText('On call with VERA VOICEMAIL');
  await page.keyboard.press('h');
  const outcome = page.getByRole('dialog', { name: 'Call ended' });
  await expect(outcome.getByTestId('call-outcome')).toContainText('Answered');
  await page.keyboard.press('v');
  await expect(drawer.getByTestId('drawer-status')).toHaveText(/Follow-up Needed/);
  await expect(drawer.getByTestId('history')).toContainText(`Left a voicemail and gave ${formatPhone(DEMO_NUMBERS.northRadio)} as the callback number.`);
  await expect.poll(() => leadStatus(phone)).toBe('follow_up_needed');
});

test('a caller who gave no name is named by their number, formatted, when the call ends', async ({ page }) => {
  const phone = '+13125551831'; // …8xx: busy
  await suite.t.carrier.abandon({ from: phone, to: DEMO_NUMBERS.northRadio, queueSeconds: 40 });
  await signInWithPhone(page, 'ava@northside.example');
  const drawer = await openLead(page, '(312) 555-1831');
  await drawer.getByRole('button', { name: /^Call / }).click();
  await expect(page.getByRole('dialog', { name: 'Call ended' }).getByTestId('call-outcome')).toHaveText('Call to (312) 555-1831 ended: Busy');
  await page.keyboard.press('Escape');
});

test('a busy line offers no voicemail: the prompt shows only what a busy call makes possible', async ({ page }) => {
  const phone = '+13125551830'; // …8xx: busy
  await suite.t.carrier.abandon({ from: phone, to: DEMO_NUMBERS.northRadio, queueSeconds: 40, callerName: 'BUSY BELINDA' });
  await signInWithPhone(page, 'ava@northside.example');
  const drawer = await openLead(page, 'BUSY BELINDA');
  await drawer.getByRole('button', { name: /^Call / }).click();
  const outcome = page.getByRole('dialog', { name: 'Call ended' });
  await expect(outcome.getByTestId('call-outcome')).toHaveText('Call to BUSY BELINDA ended: Busy');
  await expect(outcome.getByRole('button')).toHaveText([/^Done/]);
  await expect(outcome.getByTestId('call-next')).toHaveText('Nothing to record: the attempt is on the lead, which stays open for another try.');
  await expect(outcome.getByText(/voicemail/i)).toHaveCount(0);
  // Its key does nothing either: the lead stays Contact Attempted.
  await page.keyboard.press('v');
  await expect(outcome).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(outcome).toBeHidden();
  await expect(drawer.getByTestId('drawer-status')).toHaveText(/Contact Attempted/);
  await expect(drawer.getByRole('region', { name: 'Calls' })).toContainText('Outbound · Busy');
  expect(await leadStatus(phone)).toBe('contact_attempted');
});

test('a 45-second answered callback resolves the abandoned entry; a 20-second one does not', async ({ page }, info) => {
  const long = '+13125552045';
  const short = '+13125552020';
  await suite.t.carrier.abandon({ from: long, to: DEMO_NUMBERS.northRadio, queueSeconds: 40, callerName: 'LENA LONGTALK' });
  await suite.t.carrier.abandon({ from: short, to: DEMO_NUMBERS.northRadio, queueSeconds: 40, callerName: 'SAM SHORTTALK' });
  await signInWithPhone(page, 'ava@northside.example');

  let drawer = await openLead(page, 'LENA LONGTALK');
  await page.keyboard.press('c');
  await expect(page.getByTestId('call-status')).toContainText('On call with LENA LONGTALK');
  await page.screenshot({ path: info.outputPath('softphone-on-call.png'), fullPage: true });
  await expect(page.getByTestId('call-outcome')).toHaveText('Call to LENA LONGTALK ended: Answered · 0:45');
  await page.keyboard.press('Escape');
  await expect(drawer.getByTestId('drawer-status')).toHaveText(/Resolved/);
  await expect(drawer.getByTestId('history')).toContainText('was called back and talked to an agent for 0:45');
  await page.keyboard.press('Escape');

  drawer = await openLead(page, 'SAM SHORTTALK');
  await page.keyboard.press('c');
  await expect(page.getByTestId('call-outcome')).toHaveText('Call to SAM SHORTTALK ended: Answered · 0:20');
  await page.keyboard.press('Escape');
  await expect(drawer.getByRole('region', { name: 'Calls' })).toContainText('Outbound · Answered · 0:20');
  expect(await leadStatus(short)).toBe('contact_attempted');
  expect(await leadStatus(long)).toBe('resolved');
});

test('an inbound caller is answered in the app, wrapped up as not booked, and becomes an SCL after the ACW time', async ({ page }, info) => {
  await signInWithPhone(page, 'ben@rebound.example');
  const sid = newSid('CA');
  const from = '+13125553777';
  await suite.t.carrier.ring(sid, { from, to: DEMO_NUMBERS.northRadio, callerName: 'IRIS INBOUND', queueSeconds: 0 });
  const offer = page.getByTestId('offer').filter({ hasText: 'IRIS INBOUND' });
  await expect(offer).toContainText('Service');
  await page.screenshot({ path: info.outputPath('softphone-offer.png'), fullPage: true });
  await page.keyboard.press('a');
  await expect(page.getByTestId('call-status')).toContainText('On call with IRIS INBOUND');
  await expect(offer).toBeHidden();
  await page.waitForTimeout(1500); // about 75 simulated seconds of conversation
  // Every value the countdown shows, from the first: a 2-minute After Call Work Time starts at 2:00.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { acwSeen: string[] }).acwSeen = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="acw-countdown"]')?.textContent;
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Hang up' }).click();

  const form = page.getByRole('dialog', { name: 'Wrap up the call' });
  await expect(form.getByTestId('acw-countdown')).toHaveText(/^(2:00|1:[0-5]\d)$/);
  const seen = await page.evaluate(() => (window as unknown as { acwSeen: string[] }).acwSeen);
  expect(seen[0]).toBe('2:00');
  for (const shown of seen) expect(shown).toMatch(/^(2:00|1:[0-5]\d)$/);
  await form.getByRole('button', { name: 'Save classification' }).click();
  await expect(form.getByRole('alert')).toHaveText('Choose why the call did not book.');
  await chooseOption(form.getByLabel('Reason'), 'Price shopping');
  await form.getByLabel('Call notes').fill('Comparing three quotes for a sump pump');
  await page.screenshot({ path: info.outputPath('softphone-wrap-up.png'), fullPage: true });
  await form.getByRole('button', { name: 'Save classification' }).click();
  await expect(form).toBeHidden();

  // The After Call Work Time passes on the server's clock; the SCL rule flags the call. The
  // simulated customer says a random scripted conversation, so its score varies: with a
  // threshold of 0 every unbooked call is flagged, which is what this test is about.
  await suite.t.db.query("update account_settings set scl_threshold = 0 where account_id = 'acc-north'");
  suite.t.clock.advanceMinutes(3);
  await suite.t.server.sweep();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Second Chance Leads' }).click();
  const row = page.getByTestId('lead-row').filter({ hasText: 'IRIS INBOUND' });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Price shopping');
  await expect(row).toContainText('Ben Ortiz');
});

test('a call still up when the desk is reloaded is shown again, and Hang up ends it', async ({ page }) => {
  await signInWithPhone(page, 'ben@rebound.example');
  await suite.t.carrier.ring(newSid('CA'), { from: '+13125553888', to: DEMO_NUMBERS.northRadio, callerName: 'RITA RELOAD', queueSeconds: 0 });
  await expect(page.getByTestId('offer').filter({ hasText: 'RITA RELOAD' })).toBeVisible();
  await page.keyboard.press('a');
  await expect(page.getByTestId('call-status')).toContainText('On call with RITA RELOAD');
  // A newcomer's walk reloaded mid-call: the caller stayed on the line, and the phone said
  // "Phone ready" with no Hang up and refused every call.
  await page.reload();
  await expect(page.getByTestId('call-status')).toContainText(`On call with ${formatPhone('+13125553888')}`);
  await page.getByRole('button', { name: 'Hang up' }).click();
  await expect(page.getByRole('dialog', { name: 'Wrap up the call' })).toBeVisible();
});

test('a caller with no name and no known queue: the offer and the call line join only the parts there are, no stray "·"', async ({ page }) => {
  // A caller waits whose queue the desk no longer knows (a retired queue) and who gave no name.
  const sid = newSid('CA');
  await suite.t.carrier.ring(sid, { from: '+13125553778', to: DEMO_NUMBERS.northRadio, queueSeconds: 0 });
  await suite.t.db.query("update calls set queue_id = 'q-retired', caller_name = null where call_sid = $1", [sid]);
  await signInWithPhone(page, 'ben@rebound.example');
  /** The lines a person reads, none starting or ending with a separator. */
  const lines = async (el: ReturnType<Page['getByTestId']>) => (await el.innerText()).split('\n').map((l) => l.trim()).filter(Boolean);
  const offer = page.getByTestId('offer').filter({ hasText: '(312) 555-3778' });
  await expect(offer).toBeVisible();
  expect((await lines(offer))[0]).toMatch(/^\(312\) 555-3778 · waiting \d+:\d\d$/);
  await offer.getByRole('button', { name: /Answer/ }).click();
  const status = page.getByTestId('call-status');
  await expect(status).toContainText('On call with (312) 555-3778');
  await expect(status).toContainText(/\d:\d\d/);
  await page.keyboard.press('m');
  await expect(status).toContainText('muted');
  expect((await lines(status))[0]).toMatch(/^On call with \(312\) 555-3778 · \d+:\d\d · muted$/);
  for (const line of [...(await lines(status)), ...(await lines(page.getByRole('region', { name: 'Softphone' })))]) expect(line).not.toMatch(/^·|·$/);
  await page.getByRole('button', { name: 'Hang up' }).click();
  const form = page.getByRole('dialog', { name: 'Wrap up the call' });
  await form.getByRole('radio', { name: 'Not a lead' }).check();
  await form.getByRole('button', { name: 'Save classification' }).click();
  await expect(form).toBeHidden();
});

test('outside callback hours the call button says why, and Call anyway places the call', async ({ page }) => {
  // Hours that end an hour before the customer's (Chicago) time now, so "now" is outside.
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(new Date());
  const nowMinute = Number(parts.find((p) => p.type === 'hour')!.value) * 60 + Number(parts.find((p) => p.type === 'minute')!.value);
  const start = (nowMinute + 120) % 1380;
  await suite.t.db.query("update account_settings set callback_start_minute = $1, callback_end_minute = $2 where account_id = 'acc-north'", [start, start + 30]);
  const phone = '+13125554015';
  await suite.t.carrier.abandon({ from: phone, to: DEMO_NUMBERS.northRadio, queueSeconds: 40, callerName: 'OWEN OFFHOURS' });
  await signInWithPhone(page, 'ava@northside.example');
  const drawer = await openLead(page, 'OWEN OFFHOURS');
  await expect(drawer.getByTestId('call-blocked')).toContainText('Outside callback hours');
  await expect(drawer.getByTestId('call-blocked')).toContainText('for the customer');
  await expect(drawer.getByRole('button', { name: /^Call \(312\) 555-4015/ })).toBeDisabled();
  await page.keyboard.press('c'); // the shortcut respects the hours too, and says so
  // ... and names the way on: at night every lead is outside the hours, and a CSR is not stuck.
  await expect(page.getByTestId('toast').filter({ hasText: /^Not called OWEN OFFHOURS: .*callback hours.*Shift\+C calls anyway\.$/i })).toBeVisible();
  await expect(drawer.getByTestId('drawer-status')).toHaveText(/^New/);
  await expect(drawer.getByRole('button', { name: /^Call anyway/ })).toHaveAttribute('aria-keyshortcuts', 'Shift+C');
  await page.keyboard.press('Shift+C');
  await expect(drawer.getByTestId('drawer-status')).toHaveText(/Contact Attempted/);
  // Called after all: the refusal (an error, which stays until closed) goes.
  await expect(page.getByTestId('toast').filter({ hasText: /^Not called OWEN OFFHOURS/ })).toHaveCount(0);
  await expect(page.getByTestId('call-outcome')).toContainText('Answered · 0:15');
  await suite.t.db.query("update account_settings set callback_start_minute = 0, callback_end_minute = 1440 where account_id = 'acc-north'");
  // The next test calls at once: wait until this desk's session has the round-the-clock hours again.
  await expect
    .poll(async () => (await suite.desk.services.handlers.getSession({}))?.accountSettings.find((a) => a.accountId === 'acc-north')?.callbackHours.startMinute, { timeout: 10_000 })
    .toBe(0);
});

test('c pressed as the drawer moves to another lead calls that lead, not the one still on the screen', async ({ page }) => {
  const first = '+13125556020';
  const next = '+13125556025';
  await suite.t.carrier.abandon({ from: first, to: DEMO_NUMBERS.northRadio, queueSeconds: 40, callerName: 'FIONA FIRST' });
  await suite.t.carrier.abandon({ from: next, to: DEMO_NUMBERS.northRadio, queueSeconds: 40, callerName: 'NED NEXT' });
  await signInWithPhone(page, 'ava@northside.example');
  await openLead(page, 'FIONA FIRST');
  // The desk answers slowly: the drawer keeps showing Fiona while it asks for Ned.
  const leads = holdAnswers(suite.desk, 'getLead');
  try {
    leads.hold();
    await page.getByTestId('lead-row').filter({ hasText: 'NED NEXT' }).getByText('Northside Plumbing').click();
    await expect.poll(() => leads.waiting).toBeGreaterThan(0);
    await expect(page.getByRole('dialog', { name: 'Lead FIONA FIRST' })).toBeVisible();
    await page.keyboard.press('c');
    leads.release();
  } finally {
    leads.restore();
  }
  await expect(page.getByRole('dialog', { name: 'Lead NED NEXT' }).getByTestId('drawer-status')).toHaveText(/Contact Attempted/);
  await expect(page.getByTestId('call-outcome')).toContainText('NED NEXT');
  expect(await leadStatus(first)).toBe('new');
  await page.keyboard.press('Escape');
});

test('offline, click-to-call still records Contact Attempted in the outbox and says the call needs the server', async ({ page }) => {
  const phone = '+13125554610';
  await suite.t.carrier.abandon({ from: phone, to: DEMO_NUMBERS.northRadio, queueSeconds: 40, callerName: 'OLIVE OFFLINE' });
  await signInWithPhone(page, 'ava@northside.example');
  const drawer = await openLead(page, 'OLIVE OFFLINE');
  await suite.t.stopHttp();
  try {
    await page.keyboard.press('c');
    await expect(drawer.getByTestId('drawer-status')).toHaveText('Contact Attempted (unsent)');
    await expect(page.getByRole('region', { name: 'Softphone' }).getByRole('alert')).toHaveText('Calls need the connection to the server; it is down right now.');
  } finally {
    await suite.t.startHttp();
  }
  await expect(page.getByTestId('connection')).toHaveText(/^Online$/, { timeout: 10_000 });
  await expect.poll(() => leadStatus(phone)).toBe('contact_attempted');
});

test('a demo caller waiting in the queue is answered from the desk and wrapped up within the After Call Work countdown', async ({ page }, info) => {
  await signInWithPhone(page, 'ben@rebound.example');
  // The demo traffic's own waiting caller (npm start plays the same): in the queue until taken or
  // until their patience runs out, here released by hand once the call is over.
  const caller = new DemoCallers().next();
  let patienceOver: (() => Promise<void>) | null = null;
  const stillWaiting = async (sid: string) =>
    (await suite.t.db.query('select 1 from calls where call_sid = $1 and queue_result is null and not answered and ended_at is null', [sid])).length > 0;
  const { gaveUp } = await waitInQueue(suite.t.carrier, { stillWaiting }, { from: caller.from, to: DEMO_NUMBERS.northRadio, callerName: caller.name }, 60, (_ms, fn) => void (patienceOver = fn));
  const who = caller.name ?? formatPhone(caller.from);
  const offer = page.getByTestId('offer').filter({ hasText: who });
  await expect(offer).toContainText('waiting');
  // The cards say what they are: callers waiting in this desk's queues, as many as there are cards.
  await expect.poll(async () => (await page.getByTestId('offers-title').textContent()) === `Callers waiting (${await page.getByTestId('offer').count()})`).toBe(true);
  await page.screenshot({ path: info.outputPath('demo-caller-waiting.png') });
  await offer.getByRole('button', { name: /Answer/ }).click();
  await expect(page.getByTestId('call-status')).toContainText(`On call with ${who}`);
  await page.waitForTimeout(1000);
  await page.getByRole('button', { name: 'Hang up' }).click();
  const form = page.getByRole('dialog', { name: 'Wrap up the call' });
  await expect(form.getByTestId('acw-countdown')).toHaveText(/^(2:00|1:[0-5]\d)$/);
  await form.getByRole('radio', { name: 'Not a lead' }).check();
  await page.screenshot({ path: info.outputPath('demo-caller-wrap-up.png'), fullPage: true });
  await form.getByRole('button', { name: 'Save classification' }).click();
  await expect(form).toBeHidden();
  // The caller was answered: when their patience would have run out, they are not abandoned.
  await patienceOver!();
  expect(await gaveUp).toBe(false);
  expect(await leadStatus(caller.from)).toBeUndefined();
});
