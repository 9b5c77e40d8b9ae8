import { afterCallAllows, checkTransition, formatPhone, type ApiRequest, type Lead, type Session, type VoiceEvent, type WorkstationApi } from '../../shared';
import type { ActiveCall, EndedCall, Softphone } from './softphone';

export type Offer = Extract<VoiceEvent, { type: 'offer' }>;

/** After-call work for a taken caller: classify before the account's ACW time runs out. */
/** A taken call in after-call work: `seconds` of it (the account's After Call Work Time), ending at `deadline`. */
export type WrapUp = { callSid: string; customer: string; accountId: string; deadline: number; seconds: number };

export type PhoneView = {
  mode: Softphone['mode'];
  ready: boolean;
  call: ActiveCall | null;
  offers: Offer[];
  /** A callback that just ended, for the agent to say what happened (voicemail left?). */
  afterCallback: EndedCall | null;
  wrapUp: WrapUp | null;
  /** The caller taken last was handed back by the Voice Agent: why, and what was said. */
  handoff: { customer: string; reason: string; summary?: string | null; transcript: string } | null;
  error: string | null;
};

type ControllerApi = Pick<WorkstationApi, 'callbackWindow' | 'claimLead' | 'releaseLead' | 'setLeadStatus' | 'classifyCall' | 'on'>;

/** `outsideHours`: refused only for the callback hours, which "Call anyway" (Shift+C) overrides. */
export type CallVerdict = { placed: true } | { placed: false; reason: string; outsideHours?: true };

/**
 * Ties the softphone to the leads: dialling a lead claims it and sets Contact Attempted at once
 * (through the outbox, so offline too), hanging up releases the claim and asks what happened;
 * a taken caller gets the wrap-up form with the account's After Call Work countdown. The server
 * records the call's real outcome on the lead from the carrier's callbacks.
 */
export class CallController {
  private view: PhoneView;
  private offs: (() => void)[] = [];
  /** The account of each lead called from here: its voicemail plan says which callback number to leave. */
  private leadAccounts = new Map<string, string>();
  /** Callers bridged to this agent, by SID: the call to classify when the agent's leg ends. */
  private bridged: Extract<VoiceEvent, { type: 'bridged' }> | null = null;
  /**
   * The caller this desk answered, until their call ends: an offer of them announced again (a
   * late or repeated notice) must not bring their card back while the agent talks to them.
   */
  private answered: string | null = null;

  constructor(
    private readonly api: ControllerApi,
    private readonly phone: Softphone,
    private readonly session: () => Session | null,
    private readonly publish: (v: PhoneView) => void,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.view = { mode: phone.mode, ready: false, call: null, offers: [], afterCallback: null, wrapUp: null, handoff: null, error: null };
  }

  start(): void {
    this.offs.push(
      this.phone.subscribe((e) => {
        if (e.type === 'call') {
          if (!e.call) this.answered = null;
          this.update({ call: e.call });
        }
        else if (e.type === 'ready') this.update({ ready: e.ready });
        else if (e.type === 'error') this.update({ error: e.message });
        else void this.ended(e.call);
      }),
      this.api.on('voice', (e) => {
        if (e.type === 'offer' && e.callSid !== this.answered) this.update({ offers: [...this.view.offers.filter((o) => o.callSid !== e.callSid), e] });
        else if (e.type === 'offerEnded') this.update({ offers: this.view.offers.filter((o) => o.callSid !== e.callSid) });
        else if (e.type === 'bridged' && e.userId === this.session()?.userId && this.takingCall(e.callSid)) this.bridged = e;
      }),
    );
    this.publish(this.view);
  }

  stop(): void {
    this.offs.forEach((off) => off());
    this.offs = [];
    this.phone.destroy();
  }

  get state(): PhoneView {
    return this.view;
  }

  private update(patch: Partial<PhoneView>) {
    this.view = { ...this.view, ...patch };
    this.publish(this.view);
  }

  /** Calls a lead's customer. Outside callback hours it refuses with the reason unless overridden. */
  async callLead(lead: Lead, opts: { override?: boolean } = {}): Promise<CallVerdict> {
    if (this.view.call) return { placed: false, reason: 'You are already on a call.' };
    if (!opts.override) {
      const window = await this.api.callbackWindow({ leadId: lead.id });
      if (!window.allowed) return { placed: false, reason: window.reason ?? 'Outside callback hours.', outsideHours: true };
    }
    try {
      await this.api.claimLead({ leadId: lead.id });
      if (checkTransition(lead.kind, lead.status, 'contact_attempted', 'user').ok) {
        await this.api.setLeadStatus({ leadId: lead.id, to: 'contact_attempted' });
      }
    } catch (err) {
      return { placed: false, reason: (err as Error).message };
    }
    this.update({ error: null, afterCallback: null });
    this.leadAccounts.set(lead.id, lead.accountId);
    try {
      await this.phone.dial({ leadId: lead.id, customer: lead.customerName ?? lead.phone });
      return { placed: true };
    } catch (err) {
      // The attempt stays recorded (the agent did try), but nobody holds the lead any more.
      await this.api.releaseLead({ leadId: lead.id }).catch(() => {});
      this.update({ error: (err as Error).message });
      return { placed: false, reason: (err as Error).message };
    }
  }

  async take(offer: Offer): Promise<void> {
    const customer = offer.callerName ?? offer.from;
    // The caller's card goes as the agent answers, not once the carrier has bridged them (on a
    // busy server that took seconds, the answered card lingering with its Answer button).
    this.answered = offer.callSid;
    this.update({ error: null, wrapUp: null, handoff: offer.handoff ? { customer, ...offer.handoff } : null, offers: this.view.offers.filter((o) => o.callSid !== offer.callSid) });
    this.bridged = null;
    try {
      await this.phone.take({ callSid: offer.callSid, customer });
    } catch (err) {
      // Not taken (someone else was quicker): no hand-off to read for a caller who is not on the line.
      this.answered = null;
      this.update({ error: (err as Error).message, handoff: null });
    }
  }

  /**
   * Whether a bridge belongs to the caller this desk is taking now. Twilio names the agent's own
   * leg, not the caller, so there any first bridge during an inbound call is it; the simulated
   * phone names the caller itself.
   */
  private takingCall(callSid: string): boolean {
    const call = this.view.call;
    if (call?.direction !== 'inbound' || this.bridged) return false;
    return this.phone.mode === 'twilio' || call.callSid === callSid;
  }

  hangUp(): void {
    this.phone.hangUp();
  }

  dismissHandoff(): void {
    this.update({ handoff: null });
  }

  setMuted(muted: boolean): void {
    this.phone.setMuted(muted);
  }

  sendDigits(digits: string): void {
    try {
      this.phone.sendDigits(digits);
    } catch (err) {
      this.update({ error: (err as Error).message });
    }
  }

  private async ended(call: EndedCall): Promise<void> {
    if (call.direction === 'outbound' && call.leadId) {
      this.update({ afterCallback: call });
      await this.api.releaseLead({ leadId: call.leadId }).catch(() => {});
      return;
    }
    if (call.direction === 'inbound' && call.outcome === 'answered') {
      const sid = this.bridged?.callSid ?? call.callSid;
      const accountId = this.bridged?.accountId ?? this.session()?.accounts[0]?.id;
      if (!sid || !accountId) return;
      const acw = this.session()?.accountSettings.find((a) => a.accountId === accountId)?.acwMinutes ?? 5;
      this.update({ wrapUp: { callSid: sid, customer: call.customer, accountId, deadline: this.now() + acw * 60_000, seconds: acw * 60 } });
    }
  }

  /** The agent left a message: the lead waits for the customer, noting the number they were given. */
  async leftVoicemail(): Promise<void> {
    const c = this.view.afterCallback;
    if (!c?.leadId || !afterCallAllows(c.outcome, 'voicemail')) return;
    // The voicemail plan's callback number, else the number the customer saw.
    const number = this.callbackNumber(c.leadId) ?? c.callerId;
    const given = number ? ` and gave ${formatPhone(number)} as the callback number` : '';
    await this.api.setLeadStatus({ leadId: c.leadId, to: 'follow_up_needed', note: `Left a voicemail${given}.`, voicemail: true });
    this.update({ afterCallback: null });
  }

  /** The callback number the lead's account asks agents to leave, if its voicemail plan names one. */
  callbackNumber(leadId: string): string | null {
    const accountId = this.leadAccounts.get(leadId);
    return this.session()?.accountSettings.find((a) => a.accountId === accountId)?.callbackNumber ?? null;
  }

  dismissAfterCallback(): void {
    this.update({ afterCallback: null });
  }

  async submitWrapUp(body: Omit<ApiRequest<'classifyCall'>, 'callSid'>): Promise<void> {
    const w = this.view.wrapUp;
    if (!w) return;
    await this.api.classifyCall({ callSid: w.callSid, ...body });
    this.update({ wrapUp: null });
  }

  /** Unclassified calls are left for the Second Chance Leads rule. */
  dismissWrapUp(): void {
    this.update({ wrapUp: null });
  }
}
