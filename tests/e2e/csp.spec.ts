import { expect, test, type Page } from '@playwright/test';
import { DEMO_NUMBERS } from '../../server/demo/seed';
import { deskSuite, signInAs } from '../support/e2e-desks';
import { chooseOption } from '../support/select';

/*
 * The renderer keeps to its strict Content-Security-Policy (no 'unsafe-inline' styles): no
 * component or library injects a <style> or a style attribute the policy blocks, on any main
 * screen, with its dialogs, popovers, selects, toasts and the wall open.
 */
const suite = deskSuite({
  prepare: async (t) => {
    t.clock.advanceMinutes(-90);
    await t.carrier.answer({ from: '+13125559881', to: DEMO_NUMBERS.northRadio, queueSeconds: 5, talkSeconds: 95, agentId: 'u-ben', callerName: 'Carol Jimenez' });
    t.clock.advanceMinutes(90);
    await t.server.sweep();
    await t.carrier.abandon({ from: '+13125559001', to: DEMO_NUMBERS.northRadio, queueSeconds: 248, callerName: 'Dana Whitfield' });
  },
});

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name });

/** Every CSP violation the page reports, from the console and from the document's own event. */
function watchCsp(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  page.on('pageerror', (e) => {
    if (/Content Security Policy/i.test(e.message)) seen.push(e.message);
  });
  return seen;
}

async function reported(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

test('no Content-Security-Policy violation on the main screens, in both themes', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
  });
  const console = watchCsp(page);
  const violations: string[] = [];
  const collect = async (where: string) => {
    for (const v of await reported(page)) violations.push(`${where}: ${v}`);
    for (const v of console.splice(0)) violations.push(`${where}: ${v}`);
    await page.evaluate(() => ((window as unknown as { __csp: string[] }).__csp = []));
  };

  // A senior CSR: the list, a column filter, the drawer, a dialog, the bell, a select, a toast.
  await signInAs(page, suite.desk.url, 'ben@rebound.example');
  await expect(page.getByTestId('lead-row').first()).toBeVisible();
  await page.getByRole('button', { name: 'Filter Age', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Age filter' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByTestId('lead-row').filter({ hasText: 'Dana Whitfield' }).getByText('Northside Plumbing').click();
  await expect(page.getByRole('dialog', { name: 'Lead Dana Whitfield' })).toBeVisible();
  await page.getByRole('button', { name: 'Book a job…' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /Notifications/ }).click();
  await page.keyboard.press('Escape');
  await nav(page, 'Second Chance Leads').click();
  await expect(page.getByTestId('lead-row').first()).toBeVisible();
  await chooseOption(page.getByRole('combobox', { name: /^Status of/ }).first(), 'Follow-up Needed');
  await page.getByRole('button', { name: /^Switch to (dark|light) theme$/ }).click();
  await collect('CSR');

  // A supervisor: the tiles, their wall, the report with its chart.
  await signInAs(page, suite.desk.url, 'sam@rebound.example');
  await nav(page, 'Queue Tiles').click();
  await expect(page.getByTestId('tile').first()).toBeVisible();
  await page.getByText('Speed-to-lead targets').click();
  await page.getByRole('form', { name: /Speed-to-lead target of Northside/ }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('toast').first()).toBeVisible();
  await page.getByRole('button', { name: 'Wall mode' }).click();
  await page.getByRole('button', { name: 'Leave wall mode' }).click();
  await nav(page, 'Unbooked & Abandoned Calls').click();
  await expect(page.getByTestId('report-range')).toBeVisible();
  await collect('supervisor');

  // An admin: every settings panel.
  await signInAs(page, suite.desk.url, 'admin@rebound.example');
  await nav(page, 'Settings').click();
  for (const tab of ['Second Chance Leads', 'Users & Roles', 'Voice Agent', 'Tracking Numbers', 'Campaigns & Routing', 'Voicemail Plan', 'Field Service']) {
    await page.getByRole('tab', { name: tab, exact: true }).click();
    await expect(page.getByRole('progressbar')).toHaveCount(0);
  }
  await collect('admin');

  expect(violations).toEqual([]);
});
