import { randomBytes } from 'node:crypto';
import type WebSocket from 'ws';
import http from 'node:http';
import https from 'node:https';
import { signTwilioRequest } from '../telephony/signature';
import { transcriptionCallbackUrl } from '../telephony/twiml';
import type { Conversation } from './conversations';
import { playRelay, relayTarget, type CallerLine, type RelayRun } from './relay-caller';

export const newSid = (prefix: 'CA' | 'QU' | 'RE' | 'AC' | 'GT') => prefix + randomBytes(16).toString('hex');

type Inbound = { from: string; to: string; callerName?: string; forwardedFrom?: string; queueSeconds: number };

/**
 * Plays Twilio's part when no Twilio account is configured: the same webhooks, in the same
 * order, with the same parameter names and a valid X-Twilio-Signature, posted over real HTTP.
 * Shapes follow shared/reference/twilio.md.
 */
export class SimulatedCarrier {
  readonly accountSid: string;
  constructor(
    private readonly baseUrl: string,
    private readonly authToken: string,
    opts: { accountSid?: string; afterPost?: () => Promise<void> } = {},
  ) {
    this.accountSid = opts.accountSid ?? newSid('AC');
    this.afterPost = opts.afterPost ?? (async () => {});
  }
  private readonly afterPost: () => Promise<void>;

  /** Posts one signed webhook and returns Twilio's view of the answer. */
  async post(path: string, params: Record<string, string>, opts: { signature?: string } = {}): Promise<{ status: number; body: string }> {
    const url = this.baseUrl.replace(/\/$/, '') + path;
    const signature = opts.signature ?? signTwilioRequest(this.authToken, url, params);
    const out = await postForm(url, new URLSearchParams(params).toString(), signature);
    await this.afterPost();
    return out;
  }

  private common(callSid: string, c: { from: string; to: string }, direction = 'inbound') {
    return { CallSid: callSid, AccountSid: this.accountSid, From: c.from, To: c.to, Caller: c.from, Called: c.to, Direction: direction, ApiVersion: '2010-04-01' };
  }

  private async expectOk(p: Promise<{ status: number; body: string }>, what: string) {
    const r = await p;
    if (r.status !== 200) throw new Error(`${what} answered ${r.status}: ${r.body}`);
    return r;
  }

  /** The caller reaches a tracking number and is put in a queue. Returns the TwiML answer. */
  async ring(callSid: string, c: Inbound) {
    const params: Record<string, string> = { ...this.common(callSid, c), CallStatus: 'ringing' };
    if (c.callerName) params['CallerName'] = c.callerName;
    if (c.forwardedFrom) params['ForwardedFrom'] = c.forwardedFrom;
    return this.expectOk(this.post('/twilio/voice/incoming', params), 'incoming');
  }

  /**
   * When the number does not route (no active workflow), Twilio plays the TwiML it got and
   * hangs up: no queue, so no Enqueue action. Returns true when the call was disconnected.
   */
  private async disconnected(sid: string, c: Inbound, answer: { body: string }): Promise<boolean> {
    if (answer.body.includes('<Enqueue')) return false;
    await this.expectOk(this.post('/twilio/voice/status', { ...this.common(sid, c), CallStatus: 'completed', CallDuration: '4', SequenceNumber: '0' }), 'status');
    return true;
  }

  /** A caller who hangs up while queued: abandoned. */
  async abandon(c: Inbound): Promise<string> {
    const sid = newSid('CA');
    if (await this.disconnected(sid, c, await this.ring(sid, c))) return sid;
    await this.hangUpInQueue(sid, c);
    return sid;
  }

  /** A caller put in the queue by `ring` gives up after `queueSeconds` (nobody took them). */
  async hangUpInQueue(sid: string, c: Inbound): Promise<void> {
    await this.expectOk(this.post('/twilio/voice/enqueue-action', { ...this.common(sid, c), CallStatus: 'completed', QueueResult: 'hangup', QueueSid: newSid('QU'), QueueTime: String(c.queueSeconds) }), 'enqueue action');
    await this.expectOk(this.post('/twilio/voice/status', { ...this.common(sid, c), CallStatus: 'completed', CallDuration: String(c.queueSeconds), CallbackSource: 'call-progress-events', SequenceNumber: '0' }), 'status');
  }

  /**
   * A caller an agent picks up from the queue and talks to. With a conversation, the call
   * lasts as long as it does and its real-time transcription is posted as Twilio would.
   */
  async answer(c: Inbound & { talkSeconds?: number; agentId: string; conversation?: Conversation }): Promise<string> {
    const sid = newSid('CA');
    const queueSid = newSid('QU');
    const agentLeg = newSid('CA');
    const talkSeconds = c.talkSeconds ?? c.conversation?.talkSeconds ?? 60;
    if (await this.disconnected(sid, c, await this.ring(sid, c))) return sid;
    await this.expectOk(
      this.post(`/twilio/voice/queue-bridged?agentId=${encodeURIComponent(c.agentId)}`, { ...this.common(sid, c), QueueSid: queueSid, QueueTime: String(c.queueSeconds), DequeingCallSid: agentLeg }),
      'queue bridged',
    );
    if (c.conversation) await this.transcribe(sid, agentLeg, c.conversation);
    await this.expectOk(this.post('/twilio/voice/enqueue-action', { ...this.common(sid, c), CallStatus: 'completed', QueueResult: 'bridged', QueueSid: queueSid, QueueTime: String(c.queueSeconds) }), 'enqueue action');
    await this.expectOk(this.post('/twilio/voice/status', { ...this.common(sid, c), CallStatus: 'completed', CallDuration: String(c.queueSeconds + talkSeconds), CallbackSource: 'call-progress-events', SequenceNumber: '0' }), 'status');
    return sid;
  }

  /**
   * The real-time transcription of a bridged call, as Twilio posts it when the agent's leg
   * started it (`<Start><Transcription track="both_tracks">`): started, one final content
   * event per utterance (the agent on the inbound track, the customer on the outbound), stopped.
   */
  async transcribe(customerCallSid: string, agentLegSid: string, conversation: Conversation, startedAt = new Date()): Promise<void> {
    const path = transcriptionCallbackUrl('', customerCallSid);
    const leg = { CallSid: agentLegSid, AccountSid: this.accountSid, Direction: 'inbound', ApiVersion: '2010-04-01', TranscriptionSid: newSid('GT') };
    const at = (s: number) => new Date(startedAt.getTime() + s * 1000).toISOString();
    await this.expectOk(this.post(path, { ...leg, TranscriptionEvent: 'transcription-started', Timestamp: at(0) }), 'transcription');
    let seq = 0;
    for (const turn of conversation.turns) {
      await this.expectOk(
        this.post(path, {
          ...leg, TranscriptionEvent: 'transcription-content', Final: 'true', SequenceId: String(++seq),
          Track: turn.speaker === 'agent' ? 'inbound_track' : 'outbound_track',
          TranscriptionData: JSON.stringify({ transcript: turn.text, confidence: 0.9 }), Timestamp: at(turn.atSeconds),
        }),
        'transcription',
      );
    }
    await this.expectOk(this.post(path, { ...leg, TranscriptionEvent: 'transcription-stopped', Timestamp: at(conversation.talkSeconds) }), 'transcription');
  }

  /** A caller still waiting (e.g. handed back by the Voice Agent) is taken by an agent. */
  async takeWaiting(sid: string, c: Inbound & { talkSeconds: number; agentId: string }): Promise<void> {
    const queueSid = newSid('QU');
    await this.expectOk(
      this.post(`/twilio/voice/queue-bridged?agentId=${encodeURIComponent(c.agentId)}`, { ...this.common(sid, c), QueueSid: queueSid, QueueTime: String(c.queueSeconds), DequeingCallSid: newSid('CA') }),
      'queue bridged',
    );
    await this.expectOk(this.post('/twilio/voice/enqueue-action', { ...this.common(sid, c), CallStatus: 'completed', QueueResult: 'bridged', QueueSid: queueSid, QueueTime: String(c.queueSeconds) }), 'enqueue action');
    await this.expectOk(this.post('/twilio/voice/status', { ...this.common(sid, c), CallStatus: 'completed', CallDuration: String(c.queueSeconds + c.talkSeconds), SequenceNumber: '0' }), 'status');
  }

  /** A caller still waiting hangs up: abandoned in queue. */
  async hangUpWaiting(sid: string, c: Inbound): Promise<void> {
    await this.expectOk(this.post('/twilio/voice/enqueue-action', { ...this.common(sid, c), CallStatus: 'completed', QueueResult: 'hangup', QueueSid: newSid('QU'), QueueTime: String(c.queueSeconds) }), 'enqueue action');
    await this.expectOk(this.post('/twilio/voice/status', { ...this.common(sid, c), CallStatus: 'completed', CallDuration: String(c.queueSeconds), SequenceNumber: '0' }), 'status');
  }

  /**
   * A call on a number whose workflow overflows to the Voice Agent. The caller waits (the
   * wait URL is asked once the rule's seconds have passed) or is connected at once, then the
   * scripted caller talks to the agent over the relay socket, and Twilio reports the session's
   * end to the Connect action. `toAgent` is false when routing kept the caller in the queue.
   */
  async overflowCall(c: Inbound & { script: CallerLine[]; sessionSeconds?: number; signature?: string; raw?: (ws: WebSocket) => Promise<void>; pauseMs?: number }): Promise<{ sid: string; toAgent: boolean; twiml: string; run: RelayRun | null; after: string | null }> {
    const sid = newSid('CA');
    const ring = await this.ring(sid, c);
    let twiml = ring.body;
    if (twiml.includes('<Enqueue')) {
      const waitUrl = twiml.match(/waitUrl="([^"]*)"/)?.[1]?.replace(/&amp;/g, '&') ?? '';
      const after = new URL(waitUrl, this.baseUrl).searchParams.get('agentAfter');
      if (!after) return { sid, toAgent: false, twiml, run: null, after: null };
      const wait = await this.expectOk(this.post(new URL(waitUrl).pathname + new URL(waitUrl).search, { ...this.common(sid, c), CallStatus: 'in-progress', QueueTime: after, QueuePosition: '1' }), 'wait');
      if (!wait.body.includes('<Leave')) return { sid, toAgent: false, twiml: wait.body, run: null, after: null };
      twiml = (await this.expectOk(this.post('/twilio/voice/enqueue-action', { ...this.common(sid, c), CallStatus: 'in-progress', QueueResult: 'leave', QueueSid: newSid('QU'), QueueTime: after }), 'enqueue action')).body;
    }
    const target = relayTarget(twiml);
    if (!target) return { sid, toAgent: false, twiml, run: null, after: null };
    const sessionId = 'VX' + randomBytes(16).toString('hex');
    const run = await playRelay({
      authToken: this.authToken,
      url: target.url,
      signature: c.signature,
      script: c.script,
      raw: c.raw,
      pauseMs: c.pauseMs,
      setup: {
        sessionId, accountSid: this.accountSid, callSid: sid, from: c.from, to: c.to, forwardedFrom: c.forwardedFrom ?? null, callerName: c.callerName ?? null,
        direction: 'inbound', callType: 'PSTN', callStatus: 'RINGING', customParameters: target.params,
      },
    });
    const seconds = c.sessionSeconds ?? Math.max(3, 6 * run.replies.length);
    const actionUrl = new URL(target.action);
    const params: Record<string, string> = {
      ...this.common(sid, c), CallStatus: run.hungUp || run.handoffData === null ? 'completed' : 'in-progress', SessionId: sessionId,
      SessionStatus: run.closedEarly ? 'failed' : 'ended', SessionDuration: String(seconds),
    };
    if (run.handoffData !== null) params['HandoffData'] = run.handoffData;
    if (run.closedEarly) Object.assign(params, { ErrorCode: '64105', ErrorMessage: 'WebSocket ended abruptly' });
    const after = await this.expectOk(this.post(actionUrl.pathname + actionUrl.search, params), 'connect action');
    if (params['CallStatus'] === 'completed' || after.body.includes('<Hangup')) {
      await this.expectOk(this.post('/twilio/voice/status', { ...this.common(sid, c), CallStatus: 'completed', CallDuration: String(seconds + c.queueSeconds), SequenceNumber: '0' }), 'status');
    }
    return { sid, toAgent: true, twiml, run, after: after.body };
  }

  /** A caller who presses 1 in the queue and leaves a message. */
  async voicemail(c: Inbound & { messageSeconds: number }): Promise<string> {
    const sid = newSid('CA');
    if (await this.disconnected(sid, c, await this.ring(sid, c))) return sid;
    await this.expectOk(this.post('/twilio/voice/wait-choice', { ...this.common(sid, c), CallStatus: 'in-progress', Digits: '1' }), 'wait choice');
    await this.expectOk(this.post('/twilio/voice/enqueue-action', { ...this.common(sid, c), CallStatus: 'in-progress', QueueResult: 'leave', QueueSid: newSid('QU'), QueueTime: String(c.queueSeconds) }), 'enqueue action');
    const rec = newSid('RE');
    const url = `https://api.twilio.com/2010-04-01/Accounts/${this.accountSid}/Recordings/${rec}`;
    await this.expectOk(this.post('/twilio/voice/voicemail', { ...this.common(sid, c), CallStatus: 'completed', RecordingUrl: url, RecordingSid: rec, RecordingDuration: String(c.messageSeconds), Digits: 'hangup' }), 'voicemail');
    await this.expectOk(this.post('/twilio/voice/status', { ...this.common(sid, c), CallStatus: 'completed', CallDuration: String(c.queueSeconds + c.messageSeconds + 5) }), 'status');
    return sid;
  }

  /**
   * An agent's callback from the app: the PSTN child leg of a <Dial> (Direction=outbound-dial,
   * ParentCallSid = the agent's client leg), reported by the <Number> status callbacks.
   */
  async callback(c: { callerId: string; customer: string; answered: boolean; talkSeconds: number; outcome?: 'no-answer' | 'busy' }): Promise<string> {
    const parent = newSid('CA');
    const child = newSid('CA');
    const leg = { ...this.common(child, { from: c.callerId, to: c.customer }, 'outbound-dial'), ParentCallSid: parent };
    await this.expectOk(this.post('/twilio/voice/status', { ...leg, CallStatus: 'initiated', SequenceNumber: '0' }), 'status');
    await this.expectOk(this.post('/twilio/voice/status', { ...leg, CallStatus: 'ringing', SequenceNumber: '1' }), 'status');
    if (c.answered) {
      await this.expectOk(this.post('/twilio/voice/status', { ...leg, CallStatus: 'in-progress', SequenceNumber: '2' }), 'status');
      await this.expectOk(this.post('/twilio/voice/status', { ...leg, CallStatus: 'completed', CallDuration: String(c.talkSeconds), SequenceNumber: '3' }), 'status');
    } else {
      await this.expectOk(this.post('/twilio/voice/status', { ...leg, CallStatus: c.outcome ?? 'no-answer', CallDuration: '0', SequenceNumber: '2' }), 'status');
    }
    return child;
  }
}

// Plain node:http on kept-alive sockets: the carrier can post thousands of webhooks a second,
// and fetch() spent several times the CPU per request (on a 2-core machine, the load generator
// starved the server it was measuring).
const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

function postForm(url: string, body: string, signature: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  const secure = u.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      u,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-twilio-signature': signature },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
