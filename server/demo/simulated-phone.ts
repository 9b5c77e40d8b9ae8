import type { Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import { conversation, randomUnbookedConversationKind } from './conversations';
import { newSid, SimulatedCarrier } from './simulated-carrier';
import { takeableCall } from '../voice/waiting-callers';
import { identityFor } from '../voice/identity';
import { scenarioFor } from './simulated-customers';
import { notifyVoice } from '../changes/voice-notices';
import { ApiError, formatPhone, type CallOutcome, type VoiceEvent } from '../../shared';

type Progress = Extract<VoiceEvent, { type: 'progress' }>;

type Active = {
  userId: string;
  /** The SID the agent's desk knows the call by. */
  callSid: string;
  direction: Progress['direction'];
  callerId: string | null;
  /** What a desk reloaded mid-call shows again (current()). */
  shown: { leadId: string | null; customer: string; phase: 'connecting' | 'ringing' | 'open'; answeredAt: Date | null };
  hangUp: () => void;
  hungUp: Promise<'agent'>;
};

/** A simulated call the carrier will not place or hand over (busy, refused, already taken). */
export class SimulatedCallRefused extends ApiError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/** The longest a simulated conversation runs when nobody hangs up. */
const MAX_TALK_SECONDS = 3600;

/**
 * Plays the part of Twilio and of the customer for the softphone when no Twilio account is
 * configured. It asks the TwiML App's Voice URL what to do exactly as Twilio would, follows
 * the TwiML it gets back, and reports every step with the same signed webhooks, so the server
 * records these calls by the same code as real ones. Timings run `speed` times faster than life.
 */
export class SimulatedPhone {
  private readonly active = new Map<string, Active>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private carrierFor: (() => SimulatedCarrier) | null = null;
  private stopped = false;

  constructor(private readonly ctx: ServerContext) {}

  /** Set once the server listens: the simulated carrier posts to the server's own address. */
  attach(baseUrl: string): void {
    const carrier = new SimulatedCarrier(baseUrl, this.ctx.config.twilioAuthToken, { accountSid: this.ctx.config.voice?.accountSid });
    this.carrierFor = () => carrier;
  }

  private get carrier(): SimulatedCarrier {
    if (!this.carrierFor) throw new Error('The simulated phone is not attached to a server yet.');
    return this.carrierFor();
  }

  private sleep(simSeconds: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, (simSeconds * 1000) / this.ctx.config.simulatedCallSpeed);
      this.timers.add(t);
    });
  }

  private track(userId: string, callSid: string, direction: Progress['direction'], callerId: string | null, who: { leadId: string | null; customer: string }): Active {
    let hangUp!: () => void;
    const hungUp = new Promise<'agent'>((resolve) => (hangUp = () => resolve('agent')));
    const a: Active = { userId, callSid, direction, callerId, shown: { ...who, phase: 'connecting', answeredAt: null }, hangUp, hungUp };
    this.active.set(callSid, a);
    return a;
  }

  private async emit(a: Active, state: Progress['state'], outcome: CallOutcome | null = null, durationSeconds: number | null = null) {
    if (state === 'ringing' || (state === 'open' && a.shown.phase !== 'open')) a.shown = { ...a.shown, phase: state, answeredAt: state === 'open' ? new Date() : null };
    if (this.stopped) return;
    await notifyVoice(this.ctx.db, {
      audience: { userId: a.userId },
      event: { type: 'progress', callSid: a.callSid, userId: a.userId, direction: a.direction, state, outcome, durationSeconds, callerId: a.callerId },
    });
  }

  private async post(path: string, params: Record<string, string>): Promise<string> {
    if (this.stopped) throw new Error('the server is stopping');
    const r = await this.carrier.post(path, params);
    if (r.status !== 200) throw new Error(`${path} answered ${r.status}: ${r.body}`);
    return r.body;
  }

  /** The agent clicks a lead's number: returns the agent leg's SID while the call plays on. */
  async dial(p: Principal, leadId: string): Promise<{ callSid: string }> {
    if (this.busy(p.userId)) throw new SimulatedCallRefused('You are already on a call.');
    const parent = newSid('CA');
    const client = `client:${identityFor(p.userId)}`;
    const answer = await this.post('/twilio/voice/client', {
      CallSid: parent, AccountSid: this.carrier.accountSid, ApplicationSid: this.ctx.config.voice?.twimlAppSid ?? '',
      From: client, Caller: client, To: '', Called: '', CallStatus: 'ringing', Direction: 'inbound', ApiVersion: '2010-04-01', leadId,
    });
    const dial = /<Dial [^>]*callerId="([^"]+)"[^>]*>\s*<Number[^>]*>([^<]+)<\/Number>/.exec(answer);
    if (!dial) throw new SimulatedCallRefused(/<Say>([^<]*)<\/Say>/.exec(answer)?.[1] ?? 'The call was refused.');
    const a = this.track(p.userId, parent, 'outbound', dial[1]!, { leadId, customer: formatPhone(dial[2]!) });
    // The name only matters to a desk reloaded mid-call: read after the call is tracked, never
    // between the busy check and it.
    void this.nameOf(leadId).then((name) => name && (a.shown = { ...a.shown, customer: name }));
    void this.playCallback(a, parent, dial[1]!, dial[2]!).catch((err) => this.failed(a, err));
    return { callSid: parent };
  }

  private async playCallback(a: Active, parent: string, callerId: string, customer: string): Promise<void> {
    const child = newSid('CA');
    const leg = {
      CallSid: child, ParentCallSid: parent, AccountSid: this.carrier.accountSid, From: callerId, To: customer, Caller: callerId, Called: customer,
      Direction: 'outbound-dial', ApiVersion: '2010-04-01', CallbackSource: 'call-progress-events',
    };
    const dialAction = (status: string, seconds: number) =>
      this.post('/twilio/voice/dial-action', {
        CallSid: parent, AccountSid: this.carrier.accountSid, From: `client:${identityFor(a.userId)}`, To: '', Direction: 'inbound', ApiVersion: '2010-04-01',
        CallStatus: 'completed', DialCallStatus: status, DialCallSid: child, DialCallDuration: String(seconds),
      });
    await this.emit(a, 'ringing');
    await this.post('/twilio/voice/status', { ...leg, CallStatus: 'initiated', SequenceNumber: '0' });
    await this.post('/twilio/voice/status', { ...leg, CallStatus: 'ringing', SequenceNumber: '1' });

    const who = scenarioFor(customer);
    const rang = await Promise.race([this.sleep(who.ringSeconds).then(() => 'rang' as const), a.hungUp]);
    if (rang === 'agent') {
      // The agent gave up while it rang: the customer's leg is cancelled, no dial action follows.
      await this.post('/twilio/voice/status', { ...leg, CallStatus: 'canceled', CallDuration: '0', SequenceNumber: '2' });
      return this.finish(a, 'canceled', 0);
    }
    if (who.kind !== 'answers') {
      const status = who.kind === 'busy' ? 'busy' : 'no-answer';
      await this.post('/twilio/voice/status', { ...leg, CallStatus: status, CallDuration: '0', SequenceNumber: '2' });
      await dialAction(status, 0);
      return this.finish(a, who.kind === 'busy' ? 'busy' : 'no_answer', 0);
    }
    await this.post('/twilio/voice/status', { ...leg, CallStatus: 'in-progress', SequenceNumber: '2' });
    await this.emit(a, 'open');
    const seconds = await this.talk(a, who.hangUpAfterSeconds);
    await this.post('/twilio/voice/status', { ...leg, CallStatus: 'completed', CallDuration: String(seconds), SequenceNumber: '3' });
    await dialAction('completed', seconds);
    return this.finish(a, 'answered', seconds);
  }

  /** Waits for whichever side hangs up first; returns the conversation's length in simulated seconds. */
  private async talk(a: Active, customerHangsUpAfter: number | null): Promise<number> {
    const started = Date.now();
    const limit = customerHangsUpAfter ?? MAX_TALK_SECONDS;
    const who = await Promise.race([this.sleep(limit).then(() => 'customer' as const), a.hungUp]);
    if (who === 'customer') return limit;
    return Math.max(1, Math.min(limit, Math.round(((Date.now() - started) * this.ctx.config.simulatedCallSpeed) / 1000)));
  }

  /** The agent takes a caller waiting in a queue, as `<Dial><Queue>` would bridge them. */
  async answer(p: Principal, callSid: string): Promise<void> {
    if (this.busy(p.userId)) throw new SimulatedCallRefused('You are already on a call.');
    if (this.active.has(callSid)) throw new SimulatedCallRefused('Someone else has taken that caller.');
    const take = await takeableCall(this.ctx.db, p, callSid);
    if (!take.ok) throw new SimulatedCallRefused(take.reason);
    const call = take.call;
    const a = this.track(p.userId, callSid, 'inbound', null, { leadId: null, customer: formatPhone(call.from_e164 ?? '') });
    const queueTime = Math.max(0, Math.round((this.ctx.clock().getTime() - new Date(call.started_at ?? this.ctx.clock()).getTime()) / 1000));
    const common = {
      CallSid: callSid, AccountSid: this.carrier.accountSid, From: call.from_e164 ?? '', To: call.to_e164 ?? '', Caller: call.from_e164 ?? '',
      Called: call.to_e164 ?? '', Direction: 'inbound', ApiVersion: '2010-04-01',
    };
    const queueSid = newSid('QU');
    try {
      await this.post(`/twilio/voice/queue-bridged?agentId=${encodeURIComponent(p.userId)}`, { ...common, QueueSid: queueSid, QueueTime: String(queueTime), DequeingCallSid: newSid('CA') });
    } catch (err) {
      this.active.delete(callSid);
      throw err;
    }
    await this.emit(a, 'open');
    // The simulated customer says one of the scripted conversations: none in which a booking is
    // made, since whether the call books is the CSR's to decide.
    const script = conversation(randomUnbookedConversationKind(Math.random));
    const answeredAt = this.ctx.clock();
    void (async () => {
      const seconds = await this.talk(a, null);
      // Transcribed as Twilio would, only as far as the call got: a call hung up after 5 s never
      // carries a conversation that runs to 2:38 (a newcomer's walk saw one scored on it).
      const said = { ...script, talkSeconds: seconds, turns: script.turns.filter((t, i) => i === 0 || t.atSeconds <= seconds) };
      await this.carrier.transcribe(callSid, newSid('CA'), said, answeredAt).catch((err) => console.error(`simulated transcript of ${callSid}: ${(err as Error).message}`));
      await this.post('/twilio/voice/enqueue-action', { ...common, CallStatus: 'completed', QueueResult: 'bridged', QueueSid: queueSid, QueueTime: String(queueTime) });
      await this.post('/twilio/voice/status', { ...common, CallStatus: 'completed', CallDuration: String(queueTime + seconds), SequenceNumber: '0' });
      await this.finish(a, 'answered', seconds);
    })().catch((err) => this.failed(a, err));
  }

  /** The agent hangs up. False when this user has no such call (already over). */
  hangUp(p: Principal, callSid: string): boolean {
    const a = this.active.get(callSid);
    if (!a || a.userId !== p.userId) return false;
    a.hangUp();
    return true;
  }

  /** This user's call still being played, as the desk shows one, or null. */
  current(userId: string) {
    const a = [...this.active.values()].find((x) => x.userId === userId);
    if (!a) return null;
    const { leadId, customer, phase, answeredAt } = a.shown;
    return { callSid: a.callSid, direction: a.direction, phase, customer, leadId, answeredAt: answeredAt?.toISOString() ?? null, callerId: a.callerId };
  }

  /** The lead's customer name, if it has one. */
  private async nameOf(leadId: string): Promise<string | null> {
    const [lead] = await this.ctx.db.query<{ customer_name: string | null }>('select customer_name from leads where id = $1', [leadId]).catch(() => []);
    return lead?.customer_name ?? null;
  }

  private busy(userId: string): boolean {
    return [...this.active.values()].some((a) => a.userId === userId);
  }

  private async finish(a: Active, outcome: CallOutcome, seconds: number): Promise<void> {
    this.active.delete(a.callSid);
    await this.emit(a, 'closed', outcome, seconds);
  }

  private async failed(a: Active, err: unknown): Promise<void> {
    console.error(`simulated call ${a.callSid} failed: ${(err as Error).message}`);
    this.active.delete(a.callSid);
    await this.emit(a, 'closed', 'failed', 0).catch(() => {});
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const a of this.active.values()) a.hangUp();
  }
}
