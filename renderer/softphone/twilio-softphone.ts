import type { Call, Device } from '@twilio/voice-sdk';
import { SoftphoneEvents, DTMF_DIGITS, type ActiveCall, type DialRequest, type Softphone, type TakeRequest } from './softphone';
import { keepTokenFresh, type Timer } from './token-refresh';
import { describeVoiceError, isTokenError } from './twilio-errors';

type Listener = (...args: any[]) => void; // eslint-disable-line @typescript-eslint/no-explicit-any -- the SDK's own listener type

/** What the adapter uses of a Voice SDK Call. */
export interface CallLike {
  parameters: Record<string, string>;
  on(event: string, listener: Listener): unknown;
  disconnect(): void;
  mute(shouldMute?: boolean): void;
  isMuted(): boolean;
  sendDigits(digits: string): void;
  status(): `${Call.State}`;
}

/** What the adapter uses of a Voice SDK Device. */
export interface DeviceLike {
  readonly state: `${Device.State}`;
  register(): Promise<void>;
  connect(options: { params: Record<string, string> }): Promise<CallLike>;
  updateToken(token: string): void;
  destroy(): void;
  on(event: `${Device.EventName}`, listener: Listener): unknown;
}

// The real SDK classes must fit these shapes: if an upgrade changes them, this stops compiling.
type Fits<T extends U, U> = T;
export type DeviceFitsSdk = Fits<Device, DeviceLike>;
export type CallFitsSdk = Fits<Call, CallLike>;

export type TwilioSoftphoneDeps = {
  /** `new Device(token, options)` in the app; a fake in tests. */
  makeDevice(token: string): DeviceLike;
  fetchToken(): Promise<string>;
  now?: () => number;
  timer?: Timer;
};

/**
 * The Voice SDK behind the softphone interface. One Device per signed-in desk, registered for
 * incoming calls; its token renewed from the token's own expiry. Call events become the
 * softphone's states; the SDK's error codes become messages the agent can act on.
 */
export class TwilioSoftphone implements Softphone {
  readonly mode = 'twilio' as const;
  private readonly events = new SoftphoneEvents();
  private device: DeviceLike | null = null;
  private call: CallLike | null = null;
  private active: ActiveCall | null = null;
  private stopRefresh: () => void = () => {};
  private readonly now: () => number;

  constructor(private readonly deps: TwilioSoftphoneDeps) {
    this.now = deps.now ?? (() => Date.now());
  }

  async start(): Promise<void> {
    let token: string;
    try {
      token = await this.deps.fetchToken();
    } catch (err) {
      this.events.emit({ type: 'error', message: `The softphone could not start: ${(err as Error).message}` });
      return;
    }
    const device = this.deps.makeDevice(token);
    this.device = device;
    device.on('error', (err: { code?: number; message?: string }) => {
      this.events.emit({ type: 'error', message: describeVoiceError(err) });
      if (isTokenError(err?.code)) void this.deps.fetchToken().then((t) => device.updateToken(t), () => {});
    });
    device.on('registered', () => this.events.emit({ type: 'ready', ready: true }));
    device.on('unregistered', () => this.events.emit({ type: 'ready', ready: false }));
    this.stopRefresh = keepTokenFresh({
      token,
      now: this.now,
      renew: () => this.deps.fetchToken(),
      apply: (t) => device.updateToken(t),
      failed: (err) => this.events.emit({ type: 'error', message: `Could not renew the phone token: ${(err as Error).message}` }),
      timer: this.deps.timer,
    });
    await device.register().catch((err: { code?: number; message?: string }) => this.events.emit({ type: 'error', message: describeVoiceError(err) }));
  }

  subscribe(listener: Parameters<Softphone['subscribe']>[0]) {
    return this.events.subscribe(listener);
  }

  private set(next: ActiveCall | null) {
    this.active = next;
    this.events.emit({ type: 'call', call: next });
  }

  private async connect(params: Record<string, string>, base: Omit<ActiveCall, 'phase' | 'answeredAt' | 'muted' | 'callSid'>): Promise<void> {
    if (!this.device) throw new Error('The softphone is not ready yet.');
    if (this.active) throw new Error('You are already on a call.');
    this.set({ ...base, callSid: null, phase: 'connecting', answeredAt: null, muted: false });
    let call: CallLike;
    try {
      call = await this.device.connect({ params });
    } catch (err) {
      this.set(null);
      throw new Error(describeVoiceError(err as { code?: number; message?: string }));
    }
    this.call = call;
    const update = (patch: Partial<ActiveCall>) => this.active && this.set({ ...this.active, ...patch });
    let failure: string | null = null;
    call.on('ringing', () => update({ phase: 'ringing' }));
    call.on('accept', () => update({ phase: 'open', answeredAt: this.now(), callSid: call.parameters['CallSid'] ?? null }));
    call.on('reconnecting', () => update({ phase: 'reconnecting' }));
    call.on('reconnected', () => update({ phase: 'open' }));
    call.on('mute', (muted: boolean) => update({ muted }));
    call.on('error', (err: { code?: number; message?: string }) => {
      failure = describeVoiceError(err);
      this.events.emit({ type: 'error', message: failure });
    });
    const end = (outcome: 'answered' | 'no_answer' | 'canceled' | 'failed') => {
      const a = this.active;
      if (!a || this.call !== call) return;
      this.call = null;
      this.set(null);
      const durationSeconds = a.answeredAt ? Math.round((this.now() - a.answeredAt) / 1000) : 0;
      this.events.emit({ type: 'ended', call: { ...base, callSid: a.callSid ?? call.parameters['CallSid'] ?? null, outcome, durationSeconds } });
    };
    // With answerOnBridge the client's call is accepted only when the customer picks up, so a
    // disconnect before that is a callback nobody answered (the server records busy vs no answer).
    call.on('disconnect', () => end(failure ? 'failed' : this.active?.answeredAt ? 'answered' : 'no_answer'));
    call.on('cancel', () => end('canceled'));
    call.on('reject', () => end('canceled'));
  }

  dial(req: DialRequest): Promise<void> {
    return this.connect({ leadId: req.leadId }, { direction: 'outbound', customer: req.customer, leadId: req.leadId, callerId: null });
  }

  take(req: TakeRequest): Promise<void> {
    return this.connect({ takeCall: req.callSid }, { direction: 'inbound', customer: req.customer, leadId: null, callerId: null });
  }

  hangUp(): void {
    this.call?.disconnect();
  }

  setMuted(muted: boolean): void {
    this.call?.mute(muted);
  }

  sendDigits(digits: string): void {
    if (!DTMF_DIGITS.test(digits)) throw new Error('Only 0-9, * and # can be sent as tones.');
    this.call?.sendDigits(digits);
  }

  destroy(): void {
    this.stopRefresh();
    this.call?.disconnect();
    this.device?.destroy();
    this.device = null;
  }
}
