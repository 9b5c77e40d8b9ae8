import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { DEMO_NUMBERS } from '../../server/demo/seed';
import { deskSuite, signInAs } from '../support/e2e-desks';

const suite = deskSuite({
  prepare: async (t) => {
    const at = (iso: string) => t.clock.advance(Date.parse(iso) - t.clock.now().getTime());
    // Two months of calls (Chicago): October's on the radio line, November's on radio and web.
    let n = 0;
    for (const day of ['2026-10-05', '2026-10-12', '2026-10-19']) {
      at(`${day}T15:00:00Z`);
      await t.carrier.abandon({ from: `+1312555${7000 + ++n}`, to: DEMO_NUMBERS.northRadio, queueSeconds: 45, callerName: `OCTOBER CALLER ${n}` });
    }
    for (const day of ['2026-11-03', '2026-11-10', '2026-11-17', '2026-11-24']) {
      at(`${day}T15:00:00Z`);
      await t.carrier.abandon({ from: `+1312555${7000 + ++n}`, to: DEMO_NUMBERS.northRadio, queueSeconds: 45, callerName: `NOVEMBER CALLER ${n}` });
      at(`${day}T16:00:00Z`);
      await t.carrier.answer({ from: `+1312555${7000 + ++n}`, to: DEMO_NUMBERS.northWeb, queueSeconds: 10, talkSeconds: 95, agentId: 'u-ava', callerName: `WEB CALLER ${n}` });
    }
    at('2026-11-26T16:00:00Z');
  },
});

test('a manager opens the report, switches presets, compares campaigns and downloads the CSV', async ({ page }, info) => {
  await signInAs(page, suite.desk.url, 'sam@rebound.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Unbooked & Abandoned Calls' }).click();

  const report = page.getByRole('region', { name: 'Unbooked and Abandoned Calls report' });
  await expect(report.getByTestId('report-range')).toHaveText('This Month: Nov 1, 2026 – Nov 30, 2026 · times in CT (America/Chicago) · 8 calls');
  await expect(report.getByTestId('report-row')).toHaveCount(8);
  await expect(report.getByTestId('campaign-row')).toHaveText([/^Spring Radio\s*4\s*0/, /^Website\s*0\s*4/]);
  await expect(report.getByRole('figure', { name: 'Campaign comparison chart' }).locator('.recharts-bar-rectangle').first()).toBeVisible();
  // The legend reads in the order the bars stand in each group, not alphabetically.
  await expect(report.getByRole('figure', { name: 'Campaign comparison chart' }).locator('.recharts-legend-item-text')).toHaveText([
    'Abandoned', 'Unbooked', 'Recovered (job booked)', 'Resolved without job', 'Dismissed',
  ]);
  // Every column of the calls says something on some row: none is empty for every call.
  const calls = report.getByRole('table', { name: 'Report calls' });
  await expect(calls.getByRole('columnheader')).toHaveText(['ID', 'Call Date', 'Call Time', 'Call Type', 'Direction', 'Name', 'Call Campaign', 'Caller Phone Number', 'Customer Name']);
  const cellsOf = await report.getByTestId('report-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
  const emptyColumns = (await calls.getByRole('columnheader').allTextContents()).filter((_, i) => cellsOf.every((r) => !r[i]));
  expect(emptyColumns).toEqual([]);
  await page.screenshot({ path: info.outputPath('report-this-month.png'), fullPage: true });

  await report.getByRole('button', { name: 'Last Month' }).click();
  await expect(report.getByTestId('report-range')).toHaveText('Last Month: Oct 1, 2026 – Oct 31, 2026 · times in CT (America/Chicago) · 3 calls');
  await expect(report.getByTestId('report-row').first()).toContainText('OCTOBER CALLER 3');
  // Dates read as everywhere else on the desk, not as ISO strings.
  await expect(report.getByTestId('report-row').first().locator('td').nth(1)).toHaveText('Oct 19, 2026');

  await report.getByRole('button', { name: 'Custom', exact: true }).click();
  await report.getByLabel('From').fill('2026-10-12');
  await report.getByLabel('To').fill('2026-11-10');
  await expect(report.getByTestId('report-range')).toHaveText('Custom: Oct 12, 2026 – Nov 10, 2026 · times in CT (America/Chicago) · 6 calls');

  // Sort by customer, ascending, then export exactly that.
  await report.getByRole('button', { name: 'Customer Name' }).click();
  await report.getByRole('button', { name: /Customer Name/ }).click();
  await expect(report.getByRole('columnheader', { name: /Customer Name/ })).toHaveAttribute('aria-sort', 'ascending');
  const onScreen = await report.getByTestId('report-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  expect(onScreen.map((r) => r[8])).toEqual([...onScreen.map((r) => r[8]!)].sort());

  const [download] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: 'Export CSV' }).click()]);
  const file = info.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  // Named by the range's days and the moment of export in Chicago (Nov 26, 10 am there).
  expect(download.suggestedFilename()).toMatch(/^unbooked-abandoned-2026-10-12-to-2026-11-10-20261126-10\d{4}\.csv$/);
  const csv = parse(readFileSync(file, 'utf8'), { bom: true }) as string[][];
  expect(csv[0]).toEqual(['ID', 'Call Date', 'Call Time', 'Call Type', 'Direction', 'Name', 'Call Campaign', 'Caller Phone Number', 'Customer Name']);
  expect(csv.slice(1)).toEqual(onScreen);
  await page.screenshot({ path: info.outputPath('report-custom-sorted.png'), fullPage: true });
});

test('a CSR has no report', async ({ page }) => {
  await signInAs(page, suite.desk.url, 'ava@northside.example');
  await expect(page.getByRole('heading', { name: 'Abandoned Calls' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Unbooked & Abandoned Calls' })).toHaveCount(0);
});
