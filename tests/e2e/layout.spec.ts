import { expect, test, type Page } from '@playwright/test';
import { conversation, seededRng } from '../../server/demo/conversations';
import { DEMO_NUMBERS } from '../../server/demo/seed';
import { deskSuite, signInAs } from '../support/e2e-desks';
import { chooseOption } from '../support/select';

/*
 * Layout a person notices in an ordinary window: lists that fit without scrolling sideways, a
 * sidebar that reaches the bottom of the page, settings whose choices are never cut off.
 */
const suite = deskSuite({
  prepare: async (t) => {
    await t.db.query('update account_settings set scl_threshold = 0');
    t.clock.advanceMinutes(-180);
    // Second Chance Leads with every column filled: a long name, the longest reason, long notes,
    // score reasons from what was said.
    const ben = await t.signIn('ben@rebound.example');
    const approval = await t.carrier.answer({ from: '+13125559881', to: DEMO_NUMBERS.northRadio, queueSeconds: 5, talkSeconds: 95, agentId: 'u-ben', callerName: 'Maximiliana Castellanos-Whitfield' });
    await ben.request('POST', `/api/calls/${approval}/classify`, {
      outcome: 'not_booked',
      reason: 'needs_approval',
      notes: 'Wants a quote for a 50-gallon water heater replacement; will call back after talking to her landlord about the cost',
    });
    const schedule = await t.carrier.answer({ from: '+13125559882', to: DEMO_NUMBERS.northWeb, queueSeconds: 5, talkSeconds: 140, agentId: 'u-ava', callerName: 'Henry Schedule' });
    await ben.request('POST', `/api/calls/${schedule}/classify`, { outcome: 'not_booked', reason: 'needs_to_check_schedule', notes: 'Checking his calendar' });
    const rng = seededRng(7);
    await t.carrier.answer({ from: '+13125559883', to: DEMO_NUMBERS.northRadio, queueSeconds: 5, agentId: 'u-ben', callerName: 'Quentin Quote', conversation: conversation('price_shopper', rng) });
    await t.carrier.answer({ from: '+13125559884', to: DEMO_NUMBERS.northRadio, queueSeconds: 5, agentId: 'u-ben', callerName: 'Fiona Flood', conversation: conversation('emergency_not_dispatched', rng) });
    // A caller who gave no name: the list shows their number instead, which must show whole.
    const nameless = await t.carrier.answer({ from: '+13125559885', to: DEMO_NUMBERS.northRadio, queueSeconds: 5, talkSeconds: 80, agentId: 'u-ben' });
    await ben.request('POST', `/api/calls/${nameless}/classify`, { outcome: 'not_booked', reason: 'price_shopping', notes: 'Asked for a price' });
    // ... and one from abroad, whose number is longer than a US one.
    const abroad = await t.carrier.answer({ from: '+442079460958', to: DEMO_NUMBERS.northRadio, queueSeconds: 5, talkSeconds: 80, agentId: 'u-ben' });
    await ben.request('POST', `/api/calls/${abroad}/classify`, { outcome: 'not_booked', reason: 'price_shopping', notes: 'Asked for a price' });
    t.clock.advanceMinutes(180);
    await t.server.sweep();
    await t.carrier.abandon({ from: '+13125559001', to: DEMO_NUMBERS.northRadio, queueSeconds: 248, callerName: 'Dana Whitfield' });
    await t.carrier.abandon({ from: '+14045559002', to: DEMO_NUMBERS.southTv, queueSeconds: 31, callerName: 'MAXIMILIANO CASTELLANOS' });
  },
});

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name });

/** The headers whose name, sort arrow or filter button does not show whole. */
const cut = (ths: Element[]) =>
  ths.filter((th) => th.querySelector('.th')!.scrollWidth > th.querySelector('.th')!.clientWidth).map((th) => `${th.textContent} ${th.querySelector('.th')!.scrollWidth}>${th.querySelector('.th')!.clientWidth}`);

/** How far the list scrolls sideways: its content's width against its visible width. */
const sideways = (page: Page) =>
  page.locator('.scroller').evaluate((s) => ({ scrollWidth: s.scrollWidth, clientWidth: s.clientWidth, table: s.querySelector('table')!.getBoundingClientRect().width }));

test('Second Chance Leads fit a 1280×800 window: every column shows without scrolling sideways', async ({ page }, info) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInAs(page, suite.desk.url, 'ben@rebound.example');
  await nav(page, 'Second Chance Leads').click();
  await expect(page.getByTestId('lead-row')).toHaveCount(6);
  await expect(page.getByTestId('lead-row').filter({ hasText: 'Maximiliana' })).toContainText('Needs approval from someone else');
  // The caller with no name is their whole formatted number, not "(312) 555-98…", and one from
  // abroad too, on two lines if need be.
  for (const number of ['(312) 555-9885', '+44 20 7946 0958']) {
    const nameless = page.getByTestId('lead-row').filter({ hasText: number }).getByRole('cell').first();
    await expect(nameless).toHaveText(number);
    expect(await nameless.locator('div').first().evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight), number).toBe(true);
  }
  await page.screenshot({ path: info.outputPath('scl-1280.png') });
  const open = await sideways(page);
  expect(open.scrollWidth).toBeLessThanOrEqual(open.clientWidth);
  expect(open.table).toBeLessThanOrEqual(open.clientWidth);
  // Every column's header is inside the visible list, the status last.
  const list = await page.locator('.scroller').boundingBox();
  const status = await page.getByRole('columnheader', { name: /^Status/ }).boundingBox();
  expect(status!.x + status!.width).toBeLessThanOrEqual(list!.x + list!.width);
  // No header is cut: each shows its name, its sort arrow and its filter button whole.
  expect(await page.locator('thead th').evaluateAll(cut)).toEqual([]);

  // A lead given up on shows the longest status there is, in the Done tab: still no sideways scroll.
  await chooseOption(page.getByLabel('Status of Maximiliana Castellanos-Whitfield'), 'Lead - not following up');
  await page.getByRole('tab', { name: /^Done/ }).click();
  await expect(page.getByTestId('lead-row')).toHaveCount(1);
  await expect(page.getByLabel('Status of Maximiliana Castellanos-Whitfield')).toHaveText('Lead - not following up');
  await page.screenshot({ path: info.outputPath('scl-done-1280.png') });
  const done = await sideways(page);
  expect(done.scrollWidth).toBeLessThanOrEqual(done.clientWidth);

  // Abandoned Calls too, with a long name in capitals as callers' names often come.
  await nav(page, 'Abandoned Calls').click();
  await expect(page.getByTestId('lead-row')).toHaveCount(2);
  await page.screenshot({ path: info.outputPath('abandoned-1280.png') });
  const abandoned = await sideways(page);
  expect(abandoned.scrollWidth).toBeLessThanOrEqual(abandoned.clientWidth);
  expect(await page.locator('thead th').evaluateAll(cut)).toEqual([]);
});

/** The colour of one pixel of a PNG, decoded by the browser on a blank page. */
async function pixel(page: Page, png: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const blank = await page.context().newPage();
  try {
    return await blank.evaluate(
      async ({ b64, x, y }) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const [r, g, b] = ctx.getImageData(x, y, 1, 1).data;
        return [r!, g!, b!] as [number, number, number];
      },
      { b64: png.toString('base64'), x, y },
    );
  } finally {
    await blank.close();
  }
}

test('the sidebar reaches the bottom of a page taller than the window, in a full-page screenshot too', async ({ page }, info) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.addInitScript(() => localStorage.setItem('rebound.theme', 'light'));
  await signInAs(page, suite.desk.url, 'admin@rebound.example');
  await nav(page, 'Settings').click();
  await page.getByRole('tab', { name: 'Campaigns & Routing', exact: true }).click();
  await expect(page.getByRole('form', { name: /North sales line/ })).toBeVisible();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height).toBeGreaterThan(800 * 1.2);
  const png = await page.screenshot({ path: info.outputPath('routing-full-page.png'), fullPage: true });
  // The sidebar is dark (#111722) and the page light (#f4f5f7): its column is dark to the end.
  for (const y of [10, 790, Math.round(height / 2), height - 3]) {
    const [r, g, b] = await pixel(page, png, 4, y);
    expect(r + g + b, `sidebar at y=${y} of ${height}`).toBeLessThan(3 * 60);
  }
});

test('the routing overflow rule shows whole in a narrow card, whatever rule is chosen', async ({ page }, info) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInAs(page, suite.desk.url, 'admin@rebound.example');
  await nav(page, 'Settings').click();
  await page.getByRole('tab', { name: 'Campaigns & Routing', exact: true }).click();
  const wf = page.getByRole('form', { name: /North sales line/ });
  const overflow = wf.getByLabel('Overflow', { exact: true });
  await chooseOption(overflow, 'To the Voice Agent when the queue wait passes N seconds');
  await page.screenshot({ path: info.outputPath('routing-overflow-1280.png'), fullPage: true });
  const fit = await overflow.evaluate((trigger) => {
    const value = trigger.querySelector('.select-value')!;
    const card = trigger.closest('.admin-card')!.getBoundingClientRect();
    const box = trigger.getBoundingClientRect();
    return { cut: value.scrollWidth > value.clientWidth || value.scrollHeight > value.clientHeight, inside: box.left >= card.left && box.right <= card.right };
  });
  expect(fit).toEqual({ cut: false, inside: true });
});

test('the report’s calls fit a 1280×800 window: no sideways scroll, long values cut with the whole in a tooltip', async ({ page }, info) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInAs(page, suite.desk.url, 'sam@rebound.example');
  await nav(page, 'Unbooked & Abandoned Calls').click();
  const report = page.getByRole('region', { name: 'Unbooked and Abandoned Calls report' });
  // Around today whatever the day of the month: the calls of this suite, long names among them.
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await report.getByRole('button', { name: 'Custom', exact: true }).click();
  await report.getByLabel('From').fill(day(-2));
  await report.getByLabel('To').fill(day(1));
  const rows = report.getByTestId('report-row');
  await expect(rows.filter({ hasText: 'Maximiliana' })).toHaveCount(1);
  await page.screenshot({ path: info.outputPath('report-1280.png'), fullPage: true });

  const fit = await report.getByRole('table', { name: 'Report calls' }).evaluate((table) => {
    // Every box from the table up to the page: none wider inside than it shows.
    const scrolling: string[] = [];
    for (let el: Element | null = table; el; el = el.parentElement) {
      if (el.scrollWidth > el.clientWidth + 1) scrolling.push(`${el.tagName.toLowerCase()}.${el.className} ${el.scrollWidth}>${el.clientWidth}`);
    }
    const box = table.getBoundingClientRect();
    return { scrolling, right: Math.round(box.right), page: document.documentElement.clientWidth };
  });
  expect(fit.scrolling).toEqual([]);
  expect(fit.right).toBeLessThanOrEqual(fit.page);
  // No header is cut, and a value cut short shows whole in its tooltip.
  expect(await report.getByRole('table', { name: 'Report calls' }).locator('thead th').evaluateAll((ths) => ths.filter((th) => th.scrollWidth > th.clientWidth).map((th) => th.textContent))).toEqual([]);
  const cutCells = await rows.locator('td').evaluateAll((tds) =>
    tds.flatMap((td) => [td, ...td.querySelectorAll('*')]).filter((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1).filter((el) => !el.closest('[title]') || el.closest('[title]')!.getAttribute('title') !== el.closest('td')!.textContent).map((el) => el.closest('td')!.textContent),
  );
  expect(cutCells).toEqual([]);
  const maxi = rows.filter({ hasText: 'Maximiliana' });
  await expect(maxi.locator('[title="Maximiliana Castellanos-Whitfield"]')).toHaveCount(1);
});

test('the wall mode of Queue Tiles fits a 1280×800 screen and larger ones without scrolling', async ({ page }, info) => {
  // Callers of every line of the demo, so the wall shows as many queue tiles as the demo has.
  await suite.t.carrier.abandon({ from: '+14045559003', to: DEMO_NUMBERS.southMain, queueSeconds: 40, callerName: 'Main Line Caller' });
  await suite.t.carrier.abandon({ from: '+13125559004', to: DEMO_NUMBERS.northWeb, queueSeconds: 40, callerName: 'Web Caller' });
  // And a caller who hung up on the Voice Agent: its queue is the demo wall's fifth tile, which
  // pushed the tiles to two rows and cut off their last figures.
  await suite.t.db.query("update routing_workflows set overflow_rule = 'wait', overflow_wait_seconds = 30 where id = 'wf-north-service'");
  const overflow = await suite.t.carrier.overflowCall({ from: '+13125559005', to: DEMO_NUMBERS.northRadio, queueSeconds: 30, script: [{ hangUp: true }] });
  expect(overflow.toAgent).toBe(true);
  await suite.t.server.drain();
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInAs(page, suite.desk.url, 'sam@rebound.example');
  await nav(page, 'Queue Tiles').click();
  await expect(page.getByTestId('tile')).toHaveCount(5);
  await expect(page.getByTestId('voice-agent-tile')).toHaveCount(2);
  await page.getByRole('button', { name: 'Wall mode' }).click();
  const wall = page.locator('section.wall');
  await expect(wall).toBeVisible();
  for (const [width, height] of [[1280, 800], [1366, 768], [1920, 1080], [2560, 1440]] as const) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: info.outputPath(`wall-${width}x${height}.png`) });
    // Neither the wall nor the page scrolls, and every tile is whole inside the screen.
    const fit = await wall.evaluate((w) => ({
      wall: w.scrollHeight - w.clientHeight,
      page: document.documentElement.scrollHeight - window.innerHeight,
      wallBottom: Math.ceil(w.getBoundingClientRect().bottom) - window.innerHeight,
      outside: [...w.querySelectorAll('.tile')].filter((t) => {
        const r = t.getBoundingClientRect();
        return r.bottom > window.innerHeight || r.right > window.innerWidth || r.top < 0 || r.left < 0;
      }).length,
      // Nothing in a tile is cut off or runs into the next figure: no tile and no figure's cell
      // holds more than it shows, no label or figure is wider than its place.
      cut: [
        ...[...w.querySelectorAll('.tile, .tile dl > div')].filter((e) => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1),
        ...[...w.querySelectorAll('.tile dd, .tile dt, .tile header span')].filter((e) => e.scrollWidth > e.clientWidth + 1),
      ].map((e) => e.textContent),
    }));
    expect(fit, `wall at ${width}×${height}`).toEqual({ wall: 0, page: 0, wallBottom: 0, outside: 0, cut: [] });
  }
});
