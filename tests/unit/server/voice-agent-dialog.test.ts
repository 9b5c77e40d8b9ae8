import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_VOICE_AGENT_SETTINGS } from '../../../shared';
import type { AgentStep, Conversation } from '../../../server/voice-agent/conversation';
import { matchJobType } from '../../../server/voice-agent/job-match';
import { addressFrom, nameFrom, OfflineEngine } from '../../../server/voice-agent/offline-engine';
import { findSlots } from '../../../server/voice-agent/time-window';

const JOBS = [
  { id: 'ac', name: 'AC repair', dispatchFeeCents: 12900 },
  { id: 'tune', name: 'Furnace tune-up', dispatchFeeCents: 7900 },
  { id: 'est', name: 'System replacement estimate', dispatchFeeCents: 0 },
  { id: 'drain', name: 'Drain cleaning', dispatchFeeCents: null },
  { id: 'wh', name: 'Water heater repair', dispatchFeeCents: null },
];

describe('job type matching', () => {
  it.each([
    ['My AC is blowing warm air', 'ac'],
    ['the air conditioner stopped cooling', 'ac'],
    ['I need my furnace checked before winter, a tune-up', 'tune'],
    ['we want a quote to replace the whole system', 'est'],
    ['kitchen sink is clogged', 'drain'],
    ['no hot water since this morning', 'wh'],
  ])('"%s" → %s', (said, id) => expect(matchJobType(said, JOBS)?.id).toBe(id));

  it('matches nothing for an unrelated sentence', () => expect(matchJobType('do you sell pizza', JOBS)).toBeNull());
});

describe('time windows in the account’s zone', () => {
  // A Tuesday, 9:30 in Chicago (15:30 UTC), whatever zone the tests run in.
  const now = DateTime.fromISO('2026-12-01T09:30', { zone: 'America/Chicago' }).toJSDate();
  const local = (iso: string) => DateTime.fromISO(iso, { zone: 'America/Chicago' }).toFormat("ccc HH:mm");

  it('tomorrow morning is 8 to 12 the next day, there', () => {
    const r = findSlots('tomorrow morning', now, 'America/Chicago');
    expect(r.ok && [local(r.slots[0]!.start), local(r.slots[0]!.end), r.slots[0]!.label]).toEqual(['Wed 08:00', 'Wed 12:00', 'tomorrow between 8 AM and 12 PM']);
  });
  it('Friday at 2pm is a two-hour window from 2', () => {
    const r = findSlots('Friday at 2pm', now, 'America/Chicago');
    expect(r.ok && local(r.slots[0]!.start)).toBe('Fri 14:00');
  });
  it('as soon as possible is the next whole window starting an hour out', () => {
    const r = findSlots('as soon as possible', now, 'America/Chicago');
    expect(r.ok && local(r.slots[0]!.start)).toBe('Tue 12:00');
  });
  it('refuses a time outside business hours and a phrase with no time', () => {
    expect(findSlots('tomorrow at 3am', now, 'America/Chicago')).toMatchObject({ ok: false, reason: 'closed' });
    expect(findSlots('purple', now, 'America/Chicago')).toMatchObject({ ok: false });
  });
});

describe('names and addresses', () => {
  it('reads a name from how people say it', () => {
    expect(nameFrom("yeah it's dana whitfield")).toBe('Dana Whitfield');
    expect(nameFrom('1420 Elm Street')).toBeNull();
  });
  it('needs a house number and a street', () => {
    expect(addressFrom('sure, 1420 Elm Street, Springfield')).toBe('1420 Elm Street, Springfield');
    expect(addressFrom('on Elm')).toBeNull();
  });
});

describe('the offline dialog', () => {
  async function talk(c: Conversation, text: string): Promise<AgentStep[]> {
    const out: AgentStep[] = [];
    for await (const s of new OfflineEngine().respond(c, { type: 'prompt', text })) out.push(s);
    return out;
  }
  const said = (steps: AgentStep[]) => steps.flatMap((s) => (s.type === 'text' ? [s.token] : [])).join('');

  function conversation(booked: unknown[] = [], settings = DEFAULT_VOICE_AGENT_SETTINGS): Conversation {
    return {
      settings,
      account: { id: 'a', name: 'Acme', timeZone: 'America/Chicago' },
      jobTypes: JOBS,
      caller: { phone: '+13125550000', name: null },
      transcript: [],
      memory: {},
      now: () => new Date(),
      tools: {
        findSlots: (p) => findSlots(p, new Date(), 'America/Chicago'),
        bookJob: async (b) => {
          booked.push(b);
          return { ok: true, jobId: 'job-1' };
        },
        findBookedJob: async () => null,
        rescheduleJob: async () => ({ ok: false, reason: 'not in this test' }),
        cancelJob: async () => ({ ok: false, reason: 'not in this test' }),
      },
    };
  }

  it('states the fee scenario of the matched job type before asking to confirm, then books once', async () => {
    const booked: unknown[] = [];
    const c = conversation(booked);
    // Two sentences in one reply are heard (and written in the transcript) as two sentences.
    expect(said(await talk(c, 'the AC is blowing warm')).trim()).toBe('I can help with that: AC repair. May I have your name, please?');
    await talk(c, 'Taylor Kim');
    await talk(c, '77 Oak Avenue');
    const confirm = said(await talk(c, 'tomorrow afternoon'));
    expect(confirm).toMatch(/^The dispatch fee for AC repair is \$129\. Shall I book AC repair for tomorrow between 12 PM and 5 PM, at 77 Oak Avenue\?/);
    const done = await talk(c, 'yes');
    expect(done.at(-1)).toEqual({ type: 'end_call', outcome: 'booked' });
    expect(booked).toHaveLength(1);
  });

  it('with Check availability off, the time is taken as the caller’s preference and no time is promised', async () => {
    const booked: unknown[] = [];
    const c = conversation(booked, { ...DEFAULT_VOICE_AGENT_SETTINGS, skills: { ...DEFAULT_VOICE_AGENT_SETTINGS.skills, checkAvailability: false } });
    await talk(c, 'the AC is blowing warm');
    await talk(c, 'Taylor Kim');
    expect(said(await talk(c, '77 Oak Avenue'))).toBe('What day and time would you prefer? Our office will confirm the exact time. ');
    expect(said(await talk(c, 'tomorrow afternoon'))).toMatch(/Shall I book AC repair at 77 Oak Avenue, with tomorrow between 12 PM and 5 PM as your preferred time\? Our office will confirm the exact time\./);
    const done = await talk(c, 'yes');
    expect(said(done)).toContain("You're all set: AC repair, requested for tomorrow between 12 PM and 5 PM; our office will call you to confirm the time.");
    expect(booked).toHaveLength(1);
  });

  it('tells a caller who wants to move or cancel a visit apart from one describing a job', async () => {
    const moving = conversation();
    const moved = await talk(moving, 'I have to change the time of my appointment');
    expect(moved.at(-1)).toMatchObject({ type: 'hand_off', reason: 'Rescheduling is off for the Voice Agent; the caller wants to move their booked visit.' });
    const cancelling = await talk(conversation(), 'please cancel the technician visit');
    expect(cancelling.at(-1)).toMatchObject({ type: 'hand_off', reason: 'Cancelling is off for the Voice Agent; the caller wants to cancel their booked visit.' });
    // Words of time or change about the job itself are still a new job.
    for (const need of ['the AC stopped cooling, can someone come at a different time than noon', 'I need to change the water heater, it has no hot water']) {
      expect(said(await talk(conversation(), need))).toMatch(/^I can help with that/);
    }
  });

  it('a free service says so', async () => {
    const c = conversation();
    const r = said(await talk(c, 'how much is an estimate to replace my system'));
    expect(r).toContain('There is no dispatch fee for System replacement estimate.');
  });
});
