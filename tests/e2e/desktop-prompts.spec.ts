// The renderer's side of what the desktop shell sends: the update prompt, the product name and
// version, and "open this lead" from an OS notification click. The shell's side is tested under
// the electron double (tests/unit/electron); here the same events reach the real renderer in
// Chromium through the web host, sent by the desk services as the shell would.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiEvent, ApiEventPayload } from '../../shared';
import { DEMO_NUMBERS } from '../../server/demo/seed';
import { deskSuite, signInAs } from '../support/e2e-desks';

const version = (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;
const suite = deskSuite({
  prepare: (t) => t.carrier.abandon({ from: '+13125559501', to: DEMO_NUMBERS.northRadio, queueSeconds: 35, callerName: 'NORA CLICKED' }).then(() => {}),
});
/** What electron/shell.ts sends to the window, sent here through the web host's socket. */
const shellSends = <E extends ApiEvent>(event: E, payload: ApiEventPayload<E>) =>
  (suite.desk.services as unknown as { events: { emit(e: E, p: ApiEventPayload<E>): void } }).events.emit(event, payload);

test('the window names the product and version; an OS notification click opens its lead', async ({ page }) => {
  await signInAs(page, suite.desk.url, 'ben@rebound.example');
  await expect(page).toHaveTitle(`Rebound ${version}`);
  await expect(page.getByTitle('Version')).toHaveText(`Rebound ${version}`);
  // On another screen: the click brings the user to the lead's queue and opens it.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Second Chance Leads' }).click();
  const { rows } = await suite.desk.services.handlers.listLeads({ tab: 'open', filterSet: { kind: 'abandoned', filters: {} }, sort: { column: 'age', direction: 'asc' }, offset: 0, limit: 50 });
  const lead = rows.find((r) => r.customerName === 'NORA CLICKED')!;
  shellSends('openLead', { kind: 'abandoned', leadId: lead.id });
  await expect(page.getByRole('dialog', { name: 'Lead NORA CLICKED' })).toBeVisible();
});

test('a downloaded update is offered in the app: Restart now asks the shell, Later puts it away', async ({ page }, info) => {
  await signInAs(page, suite.desk.url, 'ben@rebound.example');
  shellSends('appUpdate', { state: 'ready', version: '9.9.9' });
  const banner = page.getByTestId('update-banner');
  await expect(banner).toContainText('Rebound 9.9.9 is ready to install.');
  await page.screenshot({ path: info.outputPath('update-banner.png') });
  // The web host has nothing to install: the answer is shown, not swallowed.
  await banner.getByRole('button', { name: 'Restart now' }).click();
  await expect(banner).toContainText('Updates are installed by the Rebound desktop app.');
  await banner.getByRole('button', { name: 'Later' }).click();
  await expect(banner).toBeHidden();
});
