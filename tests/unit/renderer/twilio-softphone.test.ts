import { EventEmitter } from 'node:events';
import type { Call, Device } from '@twilio/voice-sdk';
import { describe, expect, it } from 'vitest';
import type { SoftphoneEvent } from '../../../renderer/softphone/softphone';
import type { Timer } from '../../../renderer/softphone/token-refresh';
import { TwilioSoftphone, type CallLike, type DeviceLike } from '../../../renderer/softphone/twilio-softphone';

/*
 * Fakes of the Voice SDK's Device and Call. They implement the adapter's DeviceLike/CallLike,
 * which are compile-time checked to be satisfied by the SDK's own classes; their event names
 * and states are the SDK's own string enums.
 */
type DeviceEvent = `${Device.EventName}`;
type CallEvent = 'accept' | 'cancel' | 'disconnect' | 'error' | 'mute' | 'reconnecting' | 'reconnected' | 'reject' | 'ringing';

class FakeCall extends EventEmitter implements CallLike {
  parameters: Record<string, string> = {};
  muted = false;
  digits: string[] = [];
  state: `${Call.State}` = 'connecting';
  disconnect() {
    this.state = 'closed';
    this.fire('disconnect', this);
  }
  mute(should = true) {
    this.muted = should;
    this.fire('mute', should, this);
  }
  isMuted() {
    return this.muted;
  }
  sendDigits(d: string) {
    this.digits.push(d);
  }
  status() {
    return this.state;
  }
  fire(event: CallEvent, ...args: unknown[]) {
    this.emit(event, ...args);
  }
}

class FakeDevice extends EventEmitter implements DeviceLike {
  state: `${Device.State}` = 'unregistered';
  tokens: string[];
  connects: Record<string, string>[] = [];
  nextCall = new FakeCall();
  connectError: { code: number; message: string } | null = null;
  destroyed = false;
  constructor(token: string) {
    super();
    this.tokens = [token];
  }
  async register() {
    this.state = 'registered';
    this.fire('registered');
  }
  async connect(o: { params: Record<string, string> }) {
    this.connects.push(o.params);
    if (this.connectError) throw this.connectError;
    return this.nextCall;
  }
  updateToken(t: string) {
    this.tokens.push(t);
  }
  destroy() {
    this.destroyed = true;
  }
  fire(event: DeviceEvent, ...args: unknown[]) {
    this.emit(event, ...args);
  }
}

/** A JWT with just the claims the adapter reads (it never checks signatures: Twilio does). */
const jwt = (expSeconds: number) => `h.${Buffer.from(JSON.stringify({ exp: expSeconds })).toString('base64url')}.s`;

function manualTimer() {
  const pending: { fn: () => void; at: number; id: number }[] = [];
  let id = 0;
  const timer: Timer = {
    set: (fn, ms) => {
      pending.push({ fn, at: ms, id: ++id });
      return id;
    },
    clear: (h) => {
      const i = pending.findIndex((p) => p.id === h);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  return { timer, pending };
}

async function setup(o: { tokens?: string[]; now?: () => number } = {}) {
  let clock = 1_000_000_000_000;
  const now = o.now ?? (() => clock);
  const tokens = o.tokens ?? [jwt(clock / 1000 + 600), jwt(clock / 1000 + 1200), jwt(clock / 1000 + 1800)];
  let fetched = 0;
  let device!: FakeDevice;
  const { timer, pending } = manualTimer();
  const phone = new TwilioSoftphone({
    makeDevice: (token) => (device = new FakeDevice(token)),
    fetchToken: async () => tokens[Math.min(fetched++, tokens.length - 1)]!,
    now,
    timer,
  });
  const events: SoftphoneEvent[] = [];
  phone.subscribe((e) => events.push(e));
  await phone.start();
  return { phone, device, events, pending, advance: (ms: number) => (clock += ms), fetchedCount: () => fetched };
}

const calls = (events: SoftphoneEvent[]) => events.filter((e) => e.type === 'call').map((e) => (e.type === 'call' ? (e.call?.phase ?? null) : null));

describe('Voice SDK adapter', () => {
  it('starts a Device with a fetched token, registers it for incoming calls and reports ready', async () => {
    const { device, events } = await setup();
    expect(device.tokens).toHaveLength(1);
    expect(device.state).toBe('registered');
    expect(events).toContainEqual({ type: 'ready', ready: true });
  });

  it('maps an answered callback to connecting → ringing → open, then ended with the talk time', async () => {
    const { phone, device, events, advance } = await setup();
    const call = device.nextCall;
    await phone.dial({ leadId: 'lead-1', customer: 'DANA WHITFIELD' });
    expect(device.connects).toEqual([{ leadId: 'lead-1' }]);
    call.fire('ringing', false);
    call.parameters = { CallSid: 'CA0123456789abcdef0123456789abcdef' };
    call.fire('accept', call);
    advance(45_000);
    call.mute(true);
    expect(events.filter((e) => e.type === 'call').at(-1)).toMatchObject({ call: { muted: true } });
    call.disconnect();
    expect(calls(events)).toEqual(['connecting', 'ringing', 'open', 'open', null]);
    expect(events.at(-1)).toEqual({
      type: 'ended',
      call: { direction: 'outbound', customer: 'DANA WHITFIELD', leadId: 'lead-1', callerId: null, callSid: 'CA0123456789abcdef0123456789abcdef', outcome: 'answered', durationSeconds: 45 },
    });
  });

  it('reports a callback hung up before anyone answered as no answer', async () => {
    const { phone, device, events } = await setup();
    await phone.dial({ leadId: 'lead-2', customer: '+13125550100' });
    device.nextCall.fire('ringing', false);
    device.nextCall.disconnect();
    expect(events.at(-1)).toMatchObject({ type: 'ended', call: { outcome: 'no_answer', durationSeconds: 0 } });
  });

  it('takes a queued caller through the TwiML App with the caller’s SID', async () => {
    const { phone, device } = await setup();
    await phone.take({ callSid: 'CAffffffffffffffffffffffffffffffff', customer: 'IRIS' });
    expect(device.connects).toEqual([{ takeCall: 'CAffffffffffffffffffffffffffffffff' }]);
  });

  it('turns a missing microphone into a message the agent can act on, and is ready for the next call', async () => {
    const { phone, device, events } = await setup();
    device.connectError = { code: 31402, message: 'UserMedia Acquisition Failed' };
    await expect(phone.dial({ leadId: 'l', customer: 'x' })).rejects.toThrow('No working microphone was found');
    expect(events.filter((e) => e.type === 'call').at(-1)).toEqual({ type: 'call', call: null });
    device.connectError = null;
    await expect(phone.dial({ leadId: 'l', customer: 'x' })).resolves.toBeUndefined();
  });

  it('explains a refused microphone and a lost network from the Device’s error codes', async () => {
    const { device, events } = await setup();
    device.fire('error', { code: 31401, message: 'Permission denied' });
    device.fire('error', { code: 31005, message: 'Connection error' });
    expect(events.filter((e) => e.type === 'error').map((e) => (e.type === 'error' ? e.message : ''))).toEqual([
      'Microphone access was refused. Allow the microphone for Rebound, then try again.',
      'The network to the phone service was lost. Calls resume when it is back.',
    ]);
  });

  it('refuses a second call while one is in progress, and a malformed tone', async () => {
    const { phone } = await setup();
    await phone.dial({ leadId: 'l', customer: 'x' });
    await expect(phone.dial({ leadId: 'm', customer: 'y' })).rejects.toThrow('already on a call');
    expect(() => phone.sendDigits('12a')).toThrow('Only 0-9');
  });

  it('renews the token a minute before its own expiry, again after every renewal (tokenWillExpire fires once)', async () => {
    const { device, pending, fetchedCount } = await setup();
    expect(pending.map((p) => p.at)).toEqual([540_000]);
    pending.shift()!.fn();
    await new Promise((r) => setTimeout(r, 0));
    expect(device.tokens).toHaveLength(2);
    // Armed again from the new token's exp (1200 s from the same now), not from the SDK event.
    expect(pending.map((p) => p.at)).toEqual([1_140_000]);
    pending.shift()!.fn();
    await new Promise((r) => setTimeout(r, 0));
    expect(device.tokens).toHaveLength(3);
    expect(fetchedCount()).toBe(3);
  });

  it('fetches a new token when Twilio says the current one expired', async () => {
    const { device } = await setup();
    device.fire('error', { code: 20104, message: 'Access token expired' });
    await new Promise((r) => setTimeout(r, 0));
    expect(device.tokens).toHaveLength(2);
  });
});
