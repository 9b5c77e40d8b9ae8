import type { WebSocket } from 'ws';
import { openingAsHeard, type TranscriptTurn } from '../../shared';
import type { ServerContext } from '../context';
import type { AgentSetupCache } from './agent-setup';
import { bookForCall } from './booking';
import { cancelForCall, findJobForCall, rescheduleForCall } from './job-changes';
import type { AgentEngine, AgentStep, Conversation, ConversationEvent } from './conversation';
import { relayInbound, type HandoffData, type RelayOutbound } from './relay-protocol';
import { markConnected, saveHandoffReason, saveJobKept, saveTranscript, sessionFor } from './session-store';
import { findSlots } from './time-window';

/**
 * How long a turn's transcript waits for the next turns' before it is written: 1.5 s, and
 * longer while many callers talk to the agent at once (5 s at 175 or more), so a spike's
 * callers cost one write every few turns, not one a turn; the live view lags that much.
 */
const saveDelayMs = () => Math.min(5000, 1500 + 20 * liveRelays.size);

export type RelayLog = (msg: string, detail?: Record<string, unknown>) => void;

/** Live sessions of this process: the supervisor tile counts them across processes from the database. */
export const liveRelays = new Set<RelaySession>();

/**
 * One ConversationRelay call on our socket. Messages are handled one at a time in arrival
 * order; a new prompt or an interrupt stops the agent's current reply mid-stream (the caller
 * talked over it). A malformed or out-of-order message is reported and skipped: the session
 * goes on, as Twilio does with ours (64107).
 */
export class RelaySession {
  private conversation: Conversation | null = null;
  private callSid: string | null = null;
  private chain: Promise<void> = Promise.resolve();
  /** Bumped to stop the reply being streamed. */
  private replyId = 0;
  private ended = false;
  /** prompt (last) received → first text token sent, in ms, for the bench. */
  static onFirstToken: ((ms: number) => void) | null = null;

  constructor(
    private readonly ctx: ServerContext,
    private readonly setups: AgentSetupCache,
    private readonly engine: AgentEngine,
    private readonly socket: WebSocket,
    private readonly log: RelayLog,
  ) {
    liveRelays.add(this);
    socket.on('message', (data) => this.onMessage(String(data)));
    socket.on('close', () => {
      liveRelays.delete(this);
      this.replyId++;
      this.chain = this.chain.then(() => this.persistSoon(0));
    });
    socket.on('error', () => socket.terminate());
  }

  private send(m: RelayOutbound): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(m));
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch((err) => {
      this.log('relay: a turn failed', { callSid: this.callSid, err: String(err) });
    });
  }

  private onMessage(raw: string): void {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return this.log('relay: skipped a message that is not JSON', { callSid: this.callSid });
    }
    const parsed = relayInbound.safeParse(json);
    if (!parsed.success) return this.log('relay: skipped a malformed message', { callSid: this.callSid, issue: parsed.error.issues[0]?.message });
    const m = parsed.data;
    if (m.type === 'setup') {
      if (this.callSid) return this.log('relay: skipped a second setup', { callSid: this.callSid });
      this.callSid = m.callSid;
      return this.enqueue(() => this.setup(m.callSid, m.sessionId));
    }
    if (m.type === 'error') return this.log('relay: Twilio reported an error', { callSid: this.callSid, description: m.description });
    if (m.type === 'info') return;
    if (!this.callSid) return this.log(`relay: skipped ${m.type} before setup`);
    if (m.type === 'prompt') {
      if (m.last === false) return; // partial speech: wait for the whole utterance
      const at = performance.now();
      this.replyId++;
      return this.enqueue(() => this.turn({ type: 'prompt', text: m.voicePrompt }, at));
    }
    if (m.type === 'dtmf') {
      this.replyId++;
      return this.enqueue(() => this.turn({ type: 'dtmf', digit: m.digit }, performance.now()));
    }
    // interrupt: stop talking now; the transcript keeps only what the caller heard.
    this.replyId++;
    this.enqueue(() => this.turn({ type: 'interrupt', heard: m.utteranceUntilInterrupt }, performance.now()));
  }

  private async setup(callSid: string, sessionId: string): Promise<void> {
    const { db } = this.ctx;
    const session = await sessionFor(db, callSid);
    if (!session) {
      this.log('relay: no Voice Agent session for this call; closing', { callSid });
      this.socket.close(1008, 'unknown call');
      return;
    }
    const { settings, accountName, timeZone, jobTypes } = await this.setups.get(session.account_id);
    const now = this.ctx.clock();
    // Twilio speaks the welcome greeting itself (the TwiML's welcomeGreeting): it is the first turn.
    const greeting: TranscriptTurn = { who: 'agent', text: openingAsHeard(settings, accountName).text, at: now.toISOString() };
    const row = await markConnected(db, callSid, sessionId, greeting, now);
    this.conversation = {
      settings,
      account: { id: session.account_id, name: accountName, timeZone },
      jobTypes: jobTypes.map((j) => ({ ...j })),
      caller: { phone: session.from_e164, name: session.customer_name },
      transcript: row ? (typeof row.transcript === 'string' ? JSON.parse(row.transcript) : row.transcript) : [greeting],
      memory: {},
      now: () => this.ctx.clock(),
      tools: {
        findSlots: (phrase) => findSlots(phrase, this.ctx.clock(), timeZone),
        bookJob: (b) => bookForCall(db, callSid, b, this.ctx.clock()),
        findBookedJob: () => findJobForCall(db, callSid, this.ctx.clock(), timeZone),
        // The skills hold here too, whatever an engine decides: a switched-off skill changes nothing.
        rescheduleJob: async (jobId, slot) =>
          settings.skills.rescheduleJobs ? rescheduleForCall(db, callSid, jobId, slot, this.ctx.clock()) : { ok: false, reason: 'Rescheduling is switched off for the Voice Agent.' },
        cancelJob: async (jobId) => (settings.skills.cancelJobs ? cancelForCall(db, callSid, jobId, this.ctx.clock()) : { ok: false, reason: 'Cancelling is switched off for the Voice Agent.' }),
      },
    };
  }

  private async turn(event: ConversationEvent, receivedAt: number): Promise<void> {
    const c = this.conversation;
    if (!c || this.ended) return;
    const now = this.ctx.clock().toISOString();
    if (event.type === 'interrupt') {
      const last = c.transcript.at(-1);
      if (last?.who === 'agent' && event.heard) last.text = `${event.heard.trim()} … [interrupted]`;
    } else {
      c.transcript.push({ who: 'caller', text: event.type === 'prompt' ? event.text : `[pressed ${event.digit}]`, at: now });
    }
    const id = this.replyId;
    let said = '';
    let finish: AgentStep | null = null;
    for await (const step of this.engine.respond(c, event)) {
      if (step.type === 'text') {
        if (id !== this.replyId) continue; // the caller talked over it: stop streaming
        // Each token goes out as soon as it exists (Twilio starts speaking on the first); an
        // empty last token closes the reply, since the engine may still be working (booking).
        if (!said) RelaySession.onFirstToken?.(performance.now() - receivedAt);
        this.send({ type: 'text', token: step.token, last: false });
        said += step.token;
      } else if (step.type === 'digits') {
        this.send({ type: 'sendDigits', digits: step.digits });
      } else {
        finish = step;
      }
    }
    if (said && id === this.replyId) this.send({ type: 'text', token: '', last: true });
    if (said.trim()) c.transcript.push({ who: 'agent', text: said.trim(), at: this.ctx.clock().toISOString() });
    this.revision++;
    if (finish) await this.end(finish);
    else this.persistSoon();
  }

  private saving: Promise<void> | null = null;
  /** Bumped at each change of the transcript; what the database holds is `savedRevision`'s. */
  private revision = 0;
  private savedRevision = 0;
  private dirty = false;
  /** Ends the wait of a delayed save (the call ended, or is being handed off). */
  private saveNow: (() => void) | null = null;

  /**
   * Saves the transcript off the conversation's path: the next prompt never waits for the
   * database. Saves coalesce and wait `delayMs` first, so a turn or two share one write (the
   * live view is a second or so behind; the call's end and a hand-off are saved at once).
   */
  private persistSoon(delayMs = saveDelayMs()): Promise<void> {
    this.dirty = true;
    if (delayMs === 0) this.saveNow?.();
    this.saving ??= (async () => {
      try {
        if (delayMs > 0) {
          await new Promise<void>((r) => {
            const timer = setTimeout(r, delayMs);
            this.saveNow = () => {
              clearTimeout(timer);
              r();
            };
          });
          this.saveNow = null;
        }
        while (this.dirty) {
          this.dirty = false;
          await this.persist();
        }
      } catch (err) {
        this.log('relay: saving the transcript failed', { callSid: this.callSid, err: String(err) });
      } finally {
        this.saving = null;
      }
    })();
    return this.saving;
  }

  /**
   * The writes a caller waits on in silence (between the goodbye and `end`) go with the
   * webhook applier, not behind other work: PGlite in its worker thread held them back for
   * more than 1.5 s in a 200-caller spike (bench/voice-agent.bench.ts), and callers hung up.
   */
  private get urgentDb() {
    return this.ctx.db.withPriority('high');
  }

  private async end(step: AgentStep): Promise<void> {
    this.ended = true;
    let data: HandoffData;
    if (step.type === 'hand_off') {
      data = { reasonCode: 'live-agent-handoff', reason: step.reason, summary: step.summary || undefined };
      await saveHandoffReason(this.urgentDb, this.callSid!, step.reason);
    } else if (step.type === 'end_call') {
      data = { reasonCode: step.outcome === 'not_booked' ? 'not-booked' : step.outcome };
      if (step.outcome === 'kept') await saveJobKept(this.urgentDb, this.callSid!);
    } else return;
    // Saved before `end`: the Connect action that follows reads the transcript.
    await this.persistSoon(0);
    this.send({ type: 'end', handoffData: JSON.stringify(data) });
  }

  private async persist(): Promise<void> {
    const c = this.conversation;
    // Nothing new since the last write (a hang-up right after the end was saved): no statement.
    if (!c || !this.callSid || this.revision === this.savedRevision) return;
    const revision = this.revision;
    const wanted = typeof c.memory['wanted'] === 'string' ? (c.memory['wanted'] as string).slice(0, 500) : null;
    // The name the caller gave (the offline dialog keeps it) names them for the CSR who calls back.
    const name = typeof c.memory['name'] === 'string' && c.memory['name'].trim() ? (c.memory['name'] as string).trim().slice(0, 120) : null;
    await saveTranscript(this.ended ? this.urgentDb : this.ctx.db, this.callSid, c.transcript, wanted, name);
    this.savedRevision = revision;
  }
}
