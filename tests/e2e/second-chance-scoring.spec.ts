import { expect, test } from '@playwright/test';
import { conversation, seededRng, type ConversationKind } from '../../server/demo/conversations';
import { DEMO_NUMBERS } from '../../server/demo/seed';
import { deskSuite, signInAs } from '../support/e2e-desks';
import { chooseOption } from '../support/select';

/*
 * Second Chance Leads flagged from what was said: a CSR reads the score and its reasons in the
 * list, opens the transcript, searches it and marks the lead "Reviewed - not a lead"; an admin
 * then sees the flagging's precision on the settings screen.
 */
const suite = deskSuite({
  prepare: async (t) => {
    const rng = seededRng(11);
    t.clock.advanceMinutes(-60);
    const calls: [string, string, ConversationKind][] = [
      ['+13125557001', 'QUOTE QUINN', 'price_shopper'],
      ['+13125557002', 'WRONG WALLY', 'wrong_number'],
      ['+13125557003', 'FLOOD FIONA', 'emergency_not_dispatched'],
      ['+13125557004', 'ESTIMATE ED', 'follow_up_promised'],
      ['+13125557005', 'PRICEY PAM', 'price_shopper'],
    ];
    for (const [from, callerName, kind] of calls) {
      await t.carrier.answer({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 5, agentId: 'u-ben', callerName, conversation: conversation(kind, rng) });
    }
    t.clock.advanceMinutes(60);
    await t.server.sweep();
    // Earlier outcomes from another CSR: two real opportunities, one not.
    const cora = await t.signIn('ben@rebound.example');
    const leads = (await cora.pullAll()).filter((l) => l.lead.kind === 'second_chance');
    const id = (name: string) => leads.find((l) => l.lead.customerName === name)!.lead.id;
    await cora.push([
      { id: 1, name: 'setStatus', args: { leadId: id('FLOOD FIONA'), to: 'lead_not_following_up' } },
      { id: 2, name: 'setStatus', args: { leadId: id('ESTIMATE ED'), to: 'lead_not_following_up' } },
      { id: 3, name: 'setStatus', args: { leadId: id('PRICEY PAM'), to: 'reviewed_not_a_lead' } },
    ]);
  },
});

test('a CSR sees why a lead was flagged, reads its transcript and marks it Reviewed - not a lead; an admin sees precision', async ({ page }, info) => {
  await signInAs(page, suite.desk.url, 'ben@rebound.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Second Chance Leads' }).click();
  for (const column of ['Type', 'Notes', 'Score', 'Talk time']) await expect(page.getByRole('columnheader', { name: column })).toBeVisible();
  const quinn = page.getByTestId('lead-row').filter({ hasText: 'QUOTE QUINN' });
  await expect(quinn.getByTestId('lead-score')).toContainText('asked for a quote');
  await expect(quinn.getByTestId('lead-score').locator('strong')).toHaveText(/^\d+$/);
  // The wrong number was reviewed and left out.
  await expect(page.getByTestId('lead-row').filter({ hasText: 'WRONG WALLY' })).toHaveCount(0);
  // The Type filter offers only the types a Second Chance Lead can have.
  await page.getByRole('columnheader', { name: /^Type\b/ }).getByRole('button', { name: /^Filter Type/ }).click();
  const typeFilter = page.getByRole('dialog', { name: 'Type filter' });
  await expect(typeFilter.getByRole('checkbox')).toHaveCount(2);
  await expect(typeFilter.getByLabel('Short call')).toBeVisible();
  await expect(typeFilter.getByLabel('Unbooked')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.screenshot({ path: info.outputPath('scl-list-with-scores.png'), fullPage: true });

  await quinn.click();
  const drawer = page.getByRole('dialog', { name: /QUOTE QUINN|\+13125557001/ });
  const why = drawer.getByRole('region', { name: 'Why it was flagged' });
  await expect(why).toContainText('asked for a quote');
  await expect(why).toContainText('model v1');
  await expect(drawer.getByText('Agent', { exact: true })).toBeVisible();
  const transcript = drawer.getByRole('region', { name: 'Transcript' });
  await expect(transcript.locator('[data-speaker="customer"]').first()).toBeVisible();
  await expect(transcript.locator('[data-speaker="agent"]').first()).toBeVisible();
  const customerTurns = await transcript.locator('[data-speaker="customer"]').count();
  expect(customerTurns).toBeLessThan(await transcript.locator('li.turn').count());
  await transcript.getByLabel('Search the transcript').fill('thank');
  await expect(transcript.locator('mark').first()).toBeVisible();
  await chooseOption(transcript.getByLabel('Whose turns'), 'Customer only');
  await expect(transcript.locator('[data-speaker="agent"]')).toHaveCount(0);
  // The count reads what is shown: the customer's matching turns out of the customer's turns.
  const shown = await transcript.locator('li.turn').count();
  await expect(transcript.getByRole('status')).toHaveText(`${shown} of ${customerTurns} customer turns match “thank”`);
  await transcript.getByLabel('Search the transcript').fill('');
  await expect(transcript.getByRole('status')).toHaveText(`${customerTurns} customer turns`);
  await page.screenshot({ path: info.outputPath('scl-drawer-transcript.png'), fullPage: true });

  await drawer.getByRole('button', { name: /Reviewed - not a lead/ }).click();
  await expect(drawer.getByTestId('drawer-status')).toContainText('Reviewed - not a lead');
  await expect.poll(async () => (await suite.t.db.query<{ status: string }>("select status from leads where customer_name = 'QUOTE QUINN'"))[0]?.status, { timeout: 10_000 }).toBe('reviewed_not_a_lead');

  await signInAs(page, suite.desk.url, 'admin@rebound.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const accuracy = page.getByRole('region', { name: 'Flagging accuracy' });
  const north = accuracy.getByTestId('scl-quality-row').filter({ hasText: 'Northside Plumbing' });
  // Two real opportunities among four flagged leads with an outcome.
  await expect(north.getByTestId('scl-precision')).toHaveText('50%');
  await expect(north.getByTestId('scl-recall')).toHaveText('100%');
  await expect(page.getByRole('region', { name: 'Calls left out' })).toContainText('WRONG WALLY');
  await page.screenshot({ path: info.outputPath('scl-settings-precision.png'), fullPage: true });
});
