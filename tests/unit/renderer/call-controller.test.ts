import { describe, expect, it } from 'vitest';
import type { ApiEventPayload, Lead, Session, VoiceEvent } from '../../../shared';
import { CallController, type PhoneView } from '../../../renderer/softphone/call-controller';
import { SimulatedSoftphone } from '../../../renderer/softphone/simulated-softphone';
import { SoftphoneEvents, type DialRequest, type Softphone, type SoftphoneEvent } from '../../../renderer/softphone/softphone';

class FakePhone implements Softphone {
  readonly mode = 'simulated' as const;
  readonly events = new SoftphoneEvents();
  dialled: DialRequest[] = [];
  failNext: string | null = null;
  async dial(req: DialRequest) {
    if (this.failNext) throw new Error(this.failNext);
    this.dialled.push(req);
  }
  async take() {}
  hangUp() {}
  setMuted() {}
  sendDigits() {}
  subscribe(l: (e: SoftphoneEvent) => void) {
    return this.events.subscribe(l);
  }
  destroy() {}
}

const session = {
  userId: 'u-ava', userName: 'Ava', email: 'a@x.io', serverUrl: 'http://x', permissions: [], accounts: [{ id: 'acc-north', name: 'North' }],
  settings: { sclEnabled: true, sclColdDays: 3 }, telephony: 'simulated',
  accountSettings: [{ accountId: 'acc-north', timeZone: 'America/Chicago', acwMinutes: 2, callbackHours: { startMinute: 480, endMinute: 1200 }, speedTargetMinutes: 5, sclEnabled: true, callbackNumber: null as string | null }],
} satisfies Session;

const lead = { id: 'lead-1', kind: 'abandoned', status: 'new', accountId: 'acc-north', customerName: 'DANA', phone: '+13125550100' } as Lead;

function fakeApi(allowed = true) {
  const log: string[] = [];
  const voice = new Set<(e: VoiceEvent) => void>();
  const api = {
    log,
    emitVoice: (e: VoiceEvent) => voice.forEach((l) => l(e)),
    callbackWindow: async () => ({ allowed, reason: allowed ? null : 'Outside callback hours (8:00 AM–8:00 PM): it is 6:10 AM CST for the customer.', localTimes: [], timeZones: [] }),
    claimLead: async ({ leadId }: { leadId: string }) => (log.push(`claim ${leadId}`), lead),
    releaseLead: async ({ leadId }: { leadId: string }) => (log.push(`release ${leadId}`), lead),
    setLeadStatus: async ({ leadId, to, note, voicemail }: { leadId: string; to: string; note?: string; voicemail?: true }) => (log.push(`status ${leadId} ${to}${note ? ` “${note}”` : ''}${voicemail ? ' (voicemail)' : ''}`), lead),
    classifyCall: async (r: { callSid: string; outcome: string; reason?: string }) => (log.push(`classify ${r.callSid} ${r.outcome} ${r.reason ?? ''}`.trim()), { ok: true as const }),
    on: (_e: 'voice', l: (p: ApiEventPayload<'voice'>) => void) => {
      voice.add(l);
      return () => voice.delete(l);
    },
  };
  return api;
}

function setup(o: { allowed?: boolean } = {}) {
  const api = fakeApi(o.allowed ?? true);
  const phone = new FakePhone();
  let view: PhoneView | null = null;
  let now = 1_000_000;
  const c = new CallController(api as never, phone, () => session, (v) => (view = v), () => now);
  c.start();
  return { api, phone, c, view: () => view!, tick: (ms: number) => (now += ms) };
}

describe('call controller', () => {
  it('claims the lead and sets Contact Attempted before the call is placed', async () => {
    const { api, phone, c } = setup();
    await expect(c.callLead(lead)).resolves.toEqual({ placed: true });
    expect(api.log).toEqual(['claim lead-1', 'status lead-1 contact_attempted']);
    expect(phone.dialled).toEqual([{ leadId: 'lead-1', customer: 'DANA' }]);
  });

  it('does not set Contact Attempted again on a lead that already has it', async () => {
    const { api, c } = setup();
    await c.callLead({ ...lead, status: 'contact_attempted' });
    expect(api.log).toEqual(['claim lead-1']);
  });

  it('outside callback hours refuses with the reason and touches nothing, unless overridden', async () => {
    const { api, phone, c } = setup({ allowed: false });
    await expect(c.callLead(lead)).resolves.toEqual({ placed: false, reason: expect.stringContaining('Outside callback hours'), outsideHours: true });
    expect(api.log).toEqual([]);
    expect(phone.dialled).toEqual([]);
    await expect(c.callLead(lead, { override: true })).resolves.toEqual({ placed: true });
  });

  it('releases the claim and asks what happened when a callback ends; a voicemail notes the callback number', async () => {
    const { api, phone, c, view } = setup();
    await c.callLead(lead);
    phone.events.emit({ type: 'ended', call: { callSid: 'CA1', direction: 'outbound', leadId: 'lead-1', customer: 'DANA', outcome: 'answered', durationSeconds: 22, callerId: '+13125550101' } });
    await new Promise((r) => setTimeout(r, 0));
    expect(api.log.at(-1)).toBe('release lead-1');
    expect(view().afterCallback).toMatchObject({ outcome: 'answered', durationSeconds: 22 });
    await c.leftVoicemail();
    expect(api.log.at(-1)).toBe('status lead-1 follow_up_needed “Left a voicemail and gave (312) 555-0101 as the callback number.” (voicemail)');
    expect(view().afterCallback).toBeNull();
  });

  it('records no voicemail after a callback whose result cannot have taken one (busy, no answer)', async () => {
    for (const outcome of ['busy', 'no_answer', 'failed', 'canceled'] as const) {
      const { api, phone, c, view } = setup();
      await c.callLead(lead);
      phone.events.emit({ type: 'ended', call: { callSid: 'CA4', direction: 'outbound', leadId: 'lead-1', customer: 'DANA', outcome, durationSeconds: 0, callerId: '+13125550101' } });
      await new Promise((r) => setTimeout(r, 0));
      expect(view().afterCallback).toMatchObject({ outcome });
      await c.leftVoicemail();
      expect(api.log.filter((l) => l.includes('follow_up_needed')), outcome).toEqual([]);
    }
  });

  it('leaves the callback number of the account’s voicemail plan when it names one (#20 item 1)', async () => {
    session.accountSettings[0]!.callbackNumber = '+13125550199';
    try {
      const { api, phone, c } = setup();
      await c.callLead(lead);
      phone.events.emit({ type: 'ended', call: { callSid: 'CA2', direction: 'outbound', leadId: 'lead-1', customer: 'DANA', outcome: 'answered', durationSeconds: 12, callerId: '+13125550101' } });
      await new Promise((r) => setTimeout(r, 0));
      await c.leftVoicemail();
      expect(api.log.at(-1)).toBe('status lead-1 follow_up_needed “Left a voicemail and gave (312) 555-0199 as the callback number.” (voicemail)');
    } finally {
      session.accountSettings[0]!.callbackNumber = null;
    }
  });

  it('a failed dial releases the claim and shows why', async () => {
    const { api, phone, c, view } = setup();
    phone.failNext = 'No working microphone was found.';
    await expect(c.callLead(lead)).resolves.toEqual({ placed: false, reason: 'No working microphone was found.' });
    expect(api.log.at(-1)).toBe('release lead-1');
    expect(view().error).toBe('No working microphone was found.');
  });

  it('lists offered callers until someone takes them, and wraps up a taken call against the account’s ACW time', async () => {
    const { api, phone, c, view } = setup();
    const offer = { type: 'offer', callSid: 'CA2', accountId: 'acc-north', queueId: 'q', queueName: 'Service', from: '+13125550200', callerName: 'IRIS', since: new Date(0).toISOString() } as const;
    api.emitVoice(offer);
    api.emitVoice({ ...offer, callSid: 'CA3' });
    expect(view().offers.map((o) => o.callSid)).toEqual(['CA2', 'CA3']);
    api.emitVoice({ type: 'offerEnded', callSid: 'CA3' });
    expect(view().offers.map((o) => o.callSid)).toEqual(['CA2']);
    // A bridge of some other call to this agent (another desk of theirs) is not this call.
    api.emitVoice({ type: 'bridged', callSid: 'CA9', userId: 'u-ava', accountId: 'acc-north', from: '+13125550999' });
    await c.take(view().offers[0]!);
    phone.events.emit({ type: 'call', call: { callSid: 'CA2', direction: 'inbound', phase: 'open', customer: 'IRIS', leadId: null, answeredAt: 1, muted: false, callerId: null } });
    api.emitVoice({ type: 'bridged', callSid: 'CA9', userId: 'u-ava', accountId: 'acc-north', from: '+13125550999' });
    api.emitVoice({ type: 'bridged', callSid: 'CA2', userId: 'u-ava', accountId: 'acc-north', from: '+13125550200' });
    phone.events.emit({ type: 'ended', call: { callSid: 'CAagentleg', direction: 'inbound', leadId: null, customer: 'IRIS', outcome: 'answered', durationSeconds: 80, callerId: null } });
    await new Promise((r) => setTimeout(r, 0));
    expect(view().wrapUp).toEqual({ callSid: 'CA2', customer: 'IRIS', accountId: 'acc-north', deadline: 1_000_000 + 2 * 60_000, seconds: 120 });
    await c.submitWrapUp({ outcome: 'not_booked', reason: 'price_shopping' });
    expect(api.log.at(-1)).toBe('classify CA2 not_booked price_shopping');
    expect(view().wrapUp).toBeNull();
  });

  it('takes the answered caller’s card away at once, keeps it away while the call is set up, and drops the hand-off of a caller not taken', async () => {
    const { api, phone, c, view } = setup();
    const offer = { type: 'offer', callSid: 'CA5', accountId: 'acc-north', queueId: 'q', queueName: 'Service', from: '+13125550500', callerName: null, since: new Date(0).toISOString(), handoff: { reason: 'The caller asked for a person.', transcript: 'Caller: a person please' } } as const;
    api.emitVoice(offer);
    // The carrier is slow to bridge: the take is still under way.
    let bridge!: () => void;
    phone.take = () => new Promise<void>((resolve) => (bridge = resolve));
    const taking = c.take(view().offers[0]!);
    expect(view().offers).toEqual([]);
    expect(view().handoff).toEqual({ customer: '+13125550500', reason: 'The caller asked for a person.', transcript: 'Caller: a person please' });
    // The same caller announced again meanwhile (a late notice): no card comes back.
    api.emitVoice(offer);
    expect(view().offers).toEqual([]);
    bridge();
    await taking;
    expect(view().offers).toEqual([]);

    // Another caller someone else took first: no card, no hand-off left behind, and why.
    phone.events.emit({ type: 'call', call: null });
    api.emitVoice({ ...offer, callSid: 'CA6' });
    phone.take = async () => {
      throw new Error('Someone else has taken that caller.');
    };
    await c.take(view().offers[0]!);
    expect(view().offers).toEqual([]);
    expect(view().handoff).toBeNull();
    expect(view().error).toBe('Someone else has taken that caller.');
  });
});

describe('simulated softphone', () => {
  it('holds progress that arrives before the reply naming the call, then plays it in order', async () => {
    const listeners = new Set<(e: VoiceEvent) => void>();
    const send = (e: VoiceEvent) => listeners.forEach((l) => l(e));
    const sid = 'CA0123456789abcdef0123456789abcdef';
    const progress = (state: 'ringing' | 'open' | 'closed') =>
      ({ type: 'progress', callSid: sid, userId: 'u-ava', direction: 'outbound', state, outcome: state === 'closed' ? 'answered' : null, durationSeconds: state === 'closed' ? 45 : null, callerId: '+13125550101' }) as const;
    const api = {
      on: (_e: 'voice', l: (e: VoiceEvent) => void) => (listeners.add(l), () => listeners.delete(l)),
      // The server's progress races the HTTP reply: both ringing and open land first.
      placeSimulatedCall: async () => {
        send(progress('ringing'));
        send(progress('open'));
        return { callSid: sid };
      },
      hangUpSimulatedCall: async () => ({ ok: true as const }),
      answerSimulatedOffer: async () => ({ ok: true as const }),
    };
    const phone = new SimulatedSoftphone(api as never, () => 5000);
    const events: SoftphoneEvent[] = [];
    phone.subscribe((e) => events.push(e));
    await phone.dial({ leadId: 'lead-1', customer: 'DANA' });
    expect(events.map((e) => (e.type === 'call' ? e.call?.phase ?? 'idle' : e.type))).toEqual(['connecting', 'connecting', 'ringing', 'open']);
    send(progress('closed'));
    expect(events.at(-1)).toEqual({
      type: 'ended',
      call: { callSid: sid, direction: 'outbound', leadId: 'lead-1', customer: 'DANA', outcome: 'answered', durationSeconds: 45, callerId: '+13125550101' },
    });
  });

  it('shows again a call the server still plays after a reload, and hangs that call up', async () => {
    const sid = 'CA0123456789abcdef0123456789abcdef';
    const hungUp: string[] = [];
    const api = {
      on: () => () => {},
      placeSimulatedCall: async () => ({ callSid: sid }),
      hangUpSimulatedCall: async ({ callSid }: { callSid: string }) => (hungUp.push(callSid), { ok: true as const }),
      answerSimulatedOffer: async () => ({ ok: true as const }),
      currentSimulatedCall: async () => ({
        call: { callSid: sid, direction: 'inbound' as const, phase: 'open' as const, customer: '(312) 555-3888', leadId: null, answeredAt: '2026-12-05T10:00:00.000Z', callerId: null },
      }),
    };
    const phone = new SimulatedSoftphone(api as never, () => 5000);
    const events: SoftphoneEvent[] = [];
    phone.subscribe((e) => events.push(e));
    await phone.start();
    expect(events.at(-1)).toEqual({
      type: 'call',
      call: { callSid: sid, direction: 'inbound', phase: 'open', customer: '(312) 555-3888', leadId: null, answeredAt: Date.parse('2026-12-05T10:00:00.000Z'), muted: false, callerId: null },
    });
    await expect(phone.dial({ leadId: 'lead-1', customer: 'DANA' })).rejects.toThrow('already on a call');
    phone.hangUp();
    expect(hungUp).toEqual([sid]);
  });
});
