import { expect, test, type Locator, type Page } from '@playwright/test';
import { formatDuration, formatPhone } from '../../shared';
import { DEMO_NUMBERS } from '../../server/demo/seed';
import { playSpike, type SpikeCaller } from '../../server/demo/voice-agent-spike';
import { findSlots } from '../../server/voice-agent/time-window';
import { deskSuite, holdAnswers, signInAs } from '../support/e2e-desks';

/*
 * The Voice Agent during a spike, as the two people who live with it see it: the demo's own
 * spike (server/demo/voice-agent-spike.ts) sends callers who wait too long on the Northside
 * service line to the Voice Agent over the real relay socket; a supervisor watches its tile and
 * reads a transcript, and a CSR takes the caller it handed back and reads why on the desk.
 */

const suite = deskSuite({
  // The third desk is the 1280×800 hand-off test's own, signed in there first.
  desks: 3,
  prepare: async (t) => void (await t.db.query("update routing_workflows set overflow_rule = 'wait', overflow_wait_seconds = 45 where id = 'wf-north-service'")),
});

const figures = (tile: Locator) => ({
  live: tile.getByTestId('va-live'),
  handled: tile.getByTestId('va-handled'),
  booked: tile.getByTestId('va-booked'),
  handedOff: tile.getByTestId('va-handed-off'),
  hungUp: tile.getByTestId('va-hung-up'),
});

async function openQueueTiles(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Queue Tiles' }).click();
  return page.getByRole('article', { name: 'Voice Agent Northside Plumbing' });
}

test('during a spike the supervisor watches the Voice Agent tile move and reads a transcript; a CSR takes a handed-off caller and sees why', async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const sam = page;
  await signInAs(sam, suite.desks[0]!.url, 'sam@rebound.example');
  const tile = await openQueueTiles(sam);
  const f = figures(tile);
  await expect(f.handled).toHaveText('0');
  await expect(f.live).toHaveText('0');

  const csrContext = await browser.newContext();
  const ben = await csrContext.newPage();
  try {
    await signInAs(ben, suite.desks[1]!.url, 'ben@rebound.example');
    await expect(ben.getByText('Phone ready')).toBeVisible();

    // Three callers a second apart, each answering the agent after a person's pause.
    const handedBack: SpikeCaller[] = [];
    const spike = playSpike(suite.t.carrier, { scripts: ['books', 'asksForPerson', 'hangsUp'], staggerMs: 1000, pauseMs: 1500, log: () => {}, handedOff: (c) => handedBack.push(c) });

    // While they talk, the tile shows them in conversation (it asks every few seconds).
    await expect(f.live).not.toHaveText('0', { timeout: 10_000 });
    await sam.screenshot({ path: info.outputPath('voice-agent-spike-live.png'), fullPage: true });
    const callers = await spike;
    expect(callers.map((c) => c.script)).toEqual(['books', 'asksForPerson', 'hangsUp']);

    // Once they are done: one booked, one handed back to a person, one hung up; nobody left talking.
    await expect(f.handled).toHaveText('3', { timeout: 10_000 });
    await expect(f.booked).toHaveText('1');
    await expect(f.handedOff).toHaveText('1');
    await expect(f.hungUp).toHaveText('1');
    await expect(f.live).toHaveText('0');

    // The supervisor opens the handed-off conversation from today's list.
    const asked = callers.find((c) => c.script === 'asksForPerson')!;
    const table = sam.getByRole('table', { name: 'Voice Agent conversations today' });
    const row = table.getByTestId('va-session').filter({ hasText: formatPhone(asked.from) });
    await expect(row).toContainText('Handed off');
    await expect(row).toContainText('My water heater is leaking all over the basement');
    await row.getByRole('button', { name: new RegExp(`^Transcript of ${escape(formatPhone(asked.from))}`) }).click();
    const transcript = sam.getByRole('dialog', { name: 'Voice Agent transcript' });
    await expect(transcript.getByRole('heading', { name: formatPhone(asked.from) })).toBeVisible();
    await expect(transcript).toContainText('Handed off: The caller asked for a person.');
    // The same summary the desk gets with the caller (below), not only what the caller first said.
    await expect(transcript.getByTestId('handoff-summary')).toContainText('What the agent gathered: Wants: My water heater is leaking all over the basement');
    // Why the agent had the call, not why the caller left: the wait rule sent them.
    await expect(transcript).toContainText('to the agent after a long wait in the queue · Handed off');
    const turns = transcript.getByTestId('transcript').locator('li');
    await expect(turns.first()).toContainText('Voice Agent');
    await expect(turns.first()).toContainText('This call is answered by an AI assistant');
    await expect(turns.nth(2)).toContainText('I can help with that: Water heater repair. May I have your name, please?');
    await expect(turns.nth(1)).toContainText('Caller');
    await expect(transcript.getByTestId('transcript')).toContainText('Can I talk to a real person please');
    await sam.screenshot({ path: info.outputPath('voice-agent-transcript.png'), fullPage: true });
    await sam.keyboard.press('Escape');
    await expect(transcript).toBeHidden();

    // The booked caller's row says so too.
    const booked = callers.find((c) => c.script === 'books')!;
    await expect(table.getByTestId('va-session').filter({ hasText: 'Dana Whitfield' })).toContainText('Booked');
    await expect(table.getByTestId('va-session').filter({ hasText: 'Dana Whitfield' })).toContainText(formatPhone(booked.from));

    // The CSR: the handed-back caller waits at the front, marked as coming from the Voice Agent.
    expect(handedBack.map((c) => c.sid)).toEqual([asked.sid]);
    const offer = ben.getByTestId('offer').filter({ hasText: formatPhone(asked.from) });
    await expect(offer).toContainText('From the Voice Agent');
    await expect(offer).toContainText('Why: The caller asked for a person.');
    await expect(ben.getByTestId('offer').first()).toContainText(formatPhone(asked.from));
    await offer.getByRole('button', { name: /Answer/ }).click();
    await expect(ben.getByTestId('call-status')).toContainText(`On call with ${formatPhone(asked.from)}`);
    const handoff = ben.getByRole('region', { name: 'Handed off by the Voice Agent' });
    await expect(handoff).toContainText(`Handed off by the Voice Agent: ${formatPhone(asked.from)}`);
    await expect(handoff).toContainText('Why: The caller asked for a person.');
    // What the agent gathered, on one line above the transcript.
    await expect(handoff.getByTestId('handoff-summary')).toContainText('What the agent gathered: Wants: My water heater is leaking all over the basement');
    await expect(handoff.getByText('Conversation so far')).toBeVisible();
    await expect(handoff).toContainText('Caller: My water heater is leaking all over the basement');
    await expect(handoff).toContainText('Riley: ');
    await ben.screenshot({ path: info.outputPath('voice-agent-handoff-desk.png'), fullPage: true });
    await ben.getByRole('button', { name: 'Hang up' }).click();
    await expect(ben.getByTestId('call-status')).toBeHidden();

    // The caller who hung up on the agent reads alike in the list and in the lead's drawer:
    // hung up, after the seconds the agent was connected (not 'Failed' for the whole call, wait included).
    await ben.getByRole('dialog', { name: 'Wrap up the call' }).getByRole('button', { name: 'Leave unclassified' }).click();
    const hung = callers.find((c) => c.script === 'hangsUp')!;
    const [session] = await suite.t.db.query<{ duration_seconds: number }>('select duration_seconds from voice_agent_sessions where call_sid = $1', [hung.sid]);
    const connected = formatDuration(session!.duration_seconds);
    const leadRow = ben.getByTestId('lead-row').filter({ hasText: formatPhone(hung.from) });
    await expect(leadRow).toContainText(connected);
    await leadRow.getByText('Northside Plumbing').click();
    const drawer = ben.getByRole('dialog', { name: /^Lead / });
    await expect(drawer.getByRole('region', { name: 'Calls' })).toContainText(`Inbound · Hung up · ${connected}`);
  } finally {
    await csrContext.close();
  }
});

test('an admin switches on Reschedule; a caller moves their visit; the supervisor sees it on the tile and a CSR reads it in the lead’s history', async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const from = '+13125550188';
  const booking = await suite.t.carrier.overflowCall({
    from, to: DEMO_NUMBERS.northRadio, queueSeconds: 45,
    script: [{ say: 'The drain in my basement is clogged' }, { say: 'Rosa Delgado' }, { say: '310 Birch Road' }, { say: 'tomorrow morning' }, { say: 'yes' }],
  });
  expect(JSON.parse(booking.run!.handoffData!)).toMatchObject({ reasonCode: 'booked' });

  // Off by default: the admin switches the skill on for Northside and is told what it does.
  await signInAs(page, suite.desks[0]!.url, 'admin@rebound.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('tab', { name: 'Voice Agent' }).click();
  await page.getByRole('tab', { name: 'Northside Plumbing · Follows Global' }).click();
  const north = page.getByRole('form', { name: 'Voice Agent for Northside Plumbing' });
  const reschedule = north.getByRole('checkbox', { name: 'Reschedule existing jobs' });
  await expect(reschedule).not.toBeChecked();
  await expect(reschedule).toHaveAccessibleDescription('Off: a caller who wants to move a visit is passed to the team.');
  await reschedule.check();
  await expect(reschedule).toHaveAccessibleDescription("On: the agent moves the caller's upcoming visit, found by the number they call from.");
  await north.getByRole('button', { name: 'Save Voice Agent settings' }).click();
  await expect(page.getByRole('tab', { name: 'Northside Plumbing · Custom' })).toBeVisible();

  const monday = findSlots('next Monday afternoon', suite.t.clock.now(), 'America/Chicago');
  if (!monday.ok) throw new Error('no window');
  const moved = await suite.t.carrier.overflowCall({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 45, script: [{ say: 'Hi, I need to reschedule my appointment' }, { say: 'next Monday afternoon' }, { say: 'yes' }] });
  expect(moved.run!.replies[0]).toBe('I see your Drain cleaning visit tomorrow between 8 AM and 12 PM, at 310 Birch Road. When would you like us to come instead?');
  expect(moved.run!.replies[2]).toContain(`Done: your Drain cleaning visit is now ${monday.slots[0]!.label}.`);

  // The supervisor: counted on the tile, named on the list, the transcript says what was agreed.
  await signInAs(page, suite.desks[0]!.url, 'sam@rebound.example');
  const tile = await openQueueTiles(page);
  await expect(tile.getByTestId('va-changed-jobs')).toHaveText('1');
  const row = page.getByRole('table', { name: 'Voice Agent conversations today' }).getByTestId('va-session').filter({ hasText: 'Rescheduled a visit' });
  await expect(row).toContainText('Rosa Delgado');
  await expect(row).toContainText('Hi, I need to reschedule my appointment');
  await row.getByRole('button', { name: /^Transcript of Rosa Delgado/ }).click();
  await expect(page.getByRole('dialog', { name: 'Voice Agent transcript' }).getByTestId('transcript')).toContainText(`Done: your Drain cleaning visit is now ${monday.slots[0]!.label}.`);
  await page.screenshot({ path: info.outputPath('voice-agent-rescheduled.png'), fullPage: true });

  // A CSR: the booked lead (Done) tells the move in its history, in the account's zone.
  const csrContext = await browser.newContext();
  const ben = await csrContext.newPage();
  try {
    await signInAs(ben, suite.desks[1]!.url, 'ben@rebound.example');
    await ben.getByRole('tab', { name: /^Done/ }).click();
    await ben.getByTestId('lead-row').filter({ hasText: 'Rosa Delgado' }).getByText('Northside Plumbing').click();
    const history = ben.getByRole('dialog', { name: 'Lead Rosa Delgado' }).getByTestId('history');
    await expect(history).toContainText('job rescheduled');
    await expect(history).toContainText(/Moved Drain cleaning from .+ to .+ CT\. The caller asked the Voice Agent to move it\./);
    await history.scrollIntoViewIfNeeded();
    await history.screenshot({ path: info.outputPath('voice-agent-rescheduled-history.png') });
  } finally {
    await csrContext.close();
  }
});

test('a CSR answers a handed-off caller at 1280×800: the card goes at once, the call bar says it connects, and the hand-off shows whole on screen', async ({ page }, info) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  // The carrier bridges slowly, as on a busy demo server: the desk's answer is held until the test lets it go.
  const answers = holdAnswers(suite.desks[2]!, 'answerSimulatedOffer');
  try {
    await signInAs(page, suite.desks[2]!.url, 'ben@rebound.example');
    await expect(page.getByText('Phone ready')).toBeVisible();
    const [asked] = await playSpike(suite.t.carrier, { scripts: ['asksForPerson'], staggerMs: 0, pauseMs: 300, log: () => {} });
    const who = formatPhone(asked!.from);
    const offer = page.getByTestId('offer').filter({ hasText: who });
    await expect(offer).toContainText('From the Voice Agent');

    answers.hold();
    await offer.getByRole('button', { name: /Answer/ }).click();
    await expect.poll(() => answers.waiting).toBe(1);
    // Answered: the card is gone, and the caller is not being "called".
    await expect(offer).toHaveCount(0);
    await expect(page.getByTestId('call-status')).toContainText(`Connecting to ${who}`);
    await expect(page.getByTestId('call-status')).not.toContainText('Calling');
    answers.release();
    await expect(page.getByTestId('call-status')).toContainText(`On call with ${who}`);
    await expect(offer).toHaveCount(0);

    // The hand-off panel, with why and what was said, lies wholly inside the window.
    const handoff = page.getByRole('region', { name: 'Handed off by the Voice Agent' });
    await expect(handoff).toContainText('Why: The caller asked for a person.');
    await expect(handoff).toContainText('Caller: My water heater is leaking all over the basement');
    const box = (await handoff.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    expect(box.y + box.height).toBeLessThanOrEqual(800);
    // Wide enough to read, and nothing in it hidden behind a scroll of the sidebar.
    expect(box.width).toBeGreaterThanOrEqual(400);
    await expect(handoff.getByRole('button', { name: 'Close' })).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: info.outputPath('handoff-1280x800.png') });
    await handoff.getByRole('button', { name: 'Close' }).click();
    await expect(handoff).toHaveCount(0);
    await page.getByRole('button', { name: 'Hang up' }).click();
    await expect(page.getByTestId('call-status')).toBeHidden();
  } finally {
    answers.restore();
  }
});

/** A formatted phone number as a literal inside a RegExp. */
function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
