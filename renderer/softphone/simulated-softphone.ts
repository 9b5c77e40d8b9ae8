import type { VoiceEvent, WorkstationApi } from '../../shared';
import { SoftphoneEvents, DTMF_DIGITS, type ActiveCall, type DialRequest, type Softphone, type TakeRequest } from './softphone';

type Progress = Extract<VoiceEvent, { type: 'progress' }>;
type VoiceApi = Pick<WorkstationApi, 'placeSimulatedCall' | 'hangUpSimulatedCall' | 'answerSimulatedOffer' | 'currentSimulatedCall' | 'on'>;

/**
 * The softphone in simulated-carrier mode: the server places and plays the call, and reports
 * its progress over the desk socket. Progress can arrive before the reply that names the call,
 * so events for a call not yet known are held until it is.
 */
export class SimulatedSoftphone implements Softphone {
  readonly mode = 'simulated' as const;
  private readonly events = new SoftphoneEvents();
  private active: ActiveCall | null = null;
  private early = new Map<string, Progress[]>();
  private hangUpWhenKnown = false;
  private readonly off: () => void;

  constructor(private readonly api: VoiceApi, private readonly now: () => number = () => Date.now()) {
    this.off = api.on('voice', (e) => {
      if (e.type === 'progress') this.onProgress(e);
    });
  }

  async start(): Promise<void> {
    this.events.emit({ type: 'ready', ready: true });
    // The server plays a call on after the desk that placed it was reloaded or closed: shown
    // again, with its Hang up, rather than a phone that looks free and refuses every call.
    const current = await this.api.currentSimulatedCall({}).catch(() => null);
    const c = current?.call;
    if (c && !this.active) {
      this.set({ callSid: c.callSid, direction: c.direction, phase: c.phase, customer: c.customer, leadId: c.leadId, answeredAt: c.answeredAt ? Date.parse(c.answeredAt) : null, muted: false, callerId: c.callerId });
    }
  }

  subscribe(listener: Parameters<Softphone['subscribe']>[0]) {
    return this.events.subscribe(listener);
  }

  private set(next: ActiveCall | null) {
    this.active = next;
    this.events.emit({ type: 'call', call: next });
  }

  private onProgress(e: Progress) {
    const a = this.active;
    if (!a || a.callSid !== e.callSid) {
      if (a && a.callSid === null) this.early.set(e.callSid, [...(this.early.get(e.callSid) ?? []), e]);
      return;
    }
    if (e.state === 'ringing') this.set({ ...a, phase: 'ringing', callerId: e.callerId ?? a.callerId });
    else if (e.state === 'open') this.set({ ...a, phase: 'open', answeredAt: this.now(), callerId: e.callerId ?? a.callerId });
    else {
      this.set(null);
      this.events.emit({
        type: 'ended',
        call: {
          callSid: a.callSid, direction: a.direction, leadId: a.leadId, customer: a.customer,
          outcome: e.outcome ?? 'failed', durationSeconds: e.durationSeconds ?? 0, callerId: e.callerId ?? a.callerId,
        },
      });
    }
  }

  private known(callSid: string) {
    if (!this.active) return;
    this.set({ ...this.active, callSid });
    const held = this.early.get(callSid) ?? [];
    this.early.clear();
    for (const e of held) this.onProgress(e);
    if (this.hangUpWhenKnown) this.hangUp();
  }

  async dial(req: DialRequest): Promise<void> {
    if (this.active) throw new Error('You are already on a call.');
    this.hangUpWhenKnown = false;
    this.set({ callSid: null, direction: 'outbound', phase: 'connecting', customer: req.customer, leadId: req.leadId, answeredAt: null, muted: false, callerId: null });
    try {
      const { callSid } = await this.api.placeSimulatedCall({ leadId: req.leadId });
      this.known(callSid);
    } catch (err) {
      this.set(null);
      throw err;
    }
  }

  async take(req: TakeRequest): Promise<void> {
    if (this.active) throw new Error('You are already on a call.');
    this.hangUpWhenKnown = false;
    this.set({ callSid: req.callSid, direction: 'inbound', phase: 'connecting', customer: req.customer, leadId: null, answeredAt: null, muted: false, callerId: null });
    try {
      await this.api.answerSimulatedOffer({ callSid: req.callSid });
    } catch (err) {
      const a = this.active as ActiveCall | null; // set() changed it since the check above
      if (a?.callSid === req.callSid && a.phase === 'connecting') this.set(null);
      throw err;
    }
  }

  hangUp(): void {
    const a = this.active;
    if (!a) return;
    if (!a.callSid) {
      this.hangUpWhenKnown = true;
      return;
    }
    void this.api.hangUpSimulatedCall({ callSid: a.callSid }).catch((err: Error) => this.events.emit({ type: 'error', message: err.message }));
  }

  setMuted(muted: boolean): void {
    if (this.active) this.set({ ...this.active, muted });
  }

  sendDigits(digits: string): void {
    if (!DTMF_DIGITS.test(digits)) throw new Error('Only 0-9, * and # can be sent as tones.');
  }

  destroy(): void {
    this.off();
    this.hangUp();
  }
}
