import { expect, test, type Page } from '@playwright/test';
import { DEMO_NUMBERS } from '../../server/demo/seed';
import { formatPhone } from '../../shared';
import { newSid } from '../../server/demo/simulated-carrier';
import { deskSuite, signInAs } from '../support/e2e-desks';
import { chooseOption } from '../support/select';

/*
 * Issue 20 item 1: an admin sets an account's voicemail plan; a CSR leaves a voicemail with the
 * plan's callback number; when the customer calls back they are offered to her alone for the
 * plan's time, and then to everyone.
 */
const suite = deskSuite({
  desks: 2,
  server: { acwMinutes: 2, callSpeed: 50 },
  prepare: (t) => t.db.query('update account_settings set callback_start_minute = 0, callback_end_minute = 1440').then(() => {}),
});

async function withPhone(page: Page, url: string, email: string) {
  await signInAs(page, url, email);
  await expect(page.getByText('Phone ready')).toBeVisible();
}

test('voicemail plan: caller ID and callback number chosen, and the call-back offered to the original agent first', async ({ browser }, info) => {
  test.setTimeout(120_000);
  const phone = '+13125551930'; // …9xx: a voicemail box answers
  await suite.t.carrier.abandon({ from: phone, to: DEMO_NUMBERS.northRadio, queueSeconds: 40, callerName: 'VIC VOICEMAIL' });

  // The admin sets Northside's plan.
  const admin = await browser.newPage();
  await signInAs(admin, suite.desk.url, 'admin@rebound.example');
  await admin.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await admin.getByRole('tab', { name: 'Voicemail Plan' }).click();
  const form = admin.getByRole('form', { name: 'Voicemail plan of Northside Plumbing' });
  await chooseOption(form.getByLabel('Callbacks show this caller ID'), `${formatPhone(DEMO_NUMBERS.northWeb)} (Website)`);
  await form.getByLabel('Callback number agents leave in voicemails').fill('+13125550100');
  await form.getByLabel('The agent who left the voicemail first').check();
  const seconds = form.getByLabel(/Offered to that agent alone for/);
  await seconds.fill('5');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('At least 10 seconds.')).toBeVisible();
  await seconds.fill('12');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(admin.getByTestId('toast').filter({ hasText: 'Saved the voicemail plan of Northside Plumbing' })).toBeVisible();
  await admin.screenshot({ path: info.outputPath('voicemail-plan.png'), fullPage: true });
  const [saved] = await suite.t.db.query("select callback_caller_id, callback_number, callback_routing, original_agent_seconds from account_settings where account_id = 'acc-north'");
  expect(saved).toEqual({ callback_caller_id: DEMO_NUMBERS.northWeb, callback_number: '+13125550100', callback_routing: 'original_agent', original_agent_seconds: 12 });
  await admin.close();

  // Ava calls the customer back and leaves a voicemail with the plan's number.
  const ava = await browser.newPage();
  await withPhone(ava, suite.desk.url, 'ava@northside.example');
  await ava.getByTestId('lead-row').filter({ hasText: 'VIC VOICEMAIL' }).getByText('Northside Plumbing').click();
  const drawer = ava.getByRole('dialog', { name: 'Lead VIC VOICEMAIL' });
  await drawer.getByRole('button', { name: /^Call / }).click();
  await expect(ava.getByTestId('call-status')).toContainText('On call with VIC VOICEMAIL');
  await ava.keyboard.press('h');
  const outcome = ava.getByRole('dialog', { name: 'Call ended' });
  await expect(outcome.getByTestId('callback-number')).toHaveText('For a voicemail, leave the callback number (312) 555-0100.');
  await ava.keyboard.press('v');
  await expect(drawer.getByTestId('history')).toContainText('Left a voicemail and gave (312) 555-0100 as the callback number.');
  await ava.keyboard.press('Escape');

  // Ben works at the other desk.
  const ben = await browser.newPage();
  await withPhone(ben, suite.desks[1]!.url, 'ben@rebound.example');

  // The customer calls back: Ava is offered the call alone, for 12 seconds.
  const sid = newSid('CA');
  await suite.t.carrier.ring(sid, { from: phone, to: DEMO_NUMBERS.northRadio, callerName: 'VIC VOICEMAIL', queueSeconds: 0 });
  const avaOffer = ava.getByTestId('offer').filter({ hasText: 'VIC VOICEMAIL' });
  await expect(avaOffer.getByTestId('offer-reserved')).toContainText('Calling back after your voicemail');
  await ava.screenshot({ path: info.outputPath('offered-to-original-agent.png'), fullPage: true });
  const benOffer = ben.getByTestId('offer').filter({ hasText: 'VIC VOICEMAIL' });
  await ben.waitForTimeout(2000);
  await expect(benOffer).toHaveCount(0);
  // Then to anyone: Ben takes it.
  await expect(benOffer).toBeVisible({ timeout: 15_000 });
  await ben.keyboard.press('a');
  await expect(ben.getByTestId('call-status')).toContainText('On call with VIC VOICEMAIL');
  await expect(avaOffer).toBeHidden();
  await ben.getByRole('button', { name: 'Hang up' }).click();
  await ava.close();
  await ben.close();
});
