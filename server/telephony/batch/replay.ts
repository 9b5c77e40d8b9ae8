import type { z } from 'zod';
import type { VoiceNotice } from '../../changes/voice-notices';
import { offerEndedOf } from '../../voice/waiting-callers';
import { userIdFromClient } from '../../voice/identity';
import { isAbandoned } from '../../recovery/abandoned';
import { AUTO_RESOLVE_TALK_SECONDS } from '../../recovery/auto-resolve';
import { customerNumber, parseTimestamp, queueFor, WITH_VOICE_AGENT, type Routing } from '../call-events';
import type {
  clientCallParams,
  dialActionParams,
  enqueueActionParams,
  incomingParams,
  queueBridgedParams,
  recordingParams,
  relayActionParams,
  statusParams,
  transcriptionParams,
  voicemailParams,
} from '../params';
import { STATUS_RANK } from '../params';
import { newCall, type CallState } from './call-state';

/** A webhook of the batch, parsed, in inbox order. */
export type ParsedWebhook =
  | { kind: 'incoming'; p: z.infer<typeof incomingParams>; forwardedByUs: boolean; toVoiceAgent: boolean }
  | { kind: 'enqueue-action'; p: z.infer<typeof enqueueActionParams> }
  | { kind: 'queue-bridged'; p: z.infer<typeof queueBridgedParams>; agentId: string | null }
  | { kind: 'status'; p: z.infer<typeof statusParams> }
  | { kind: 'dial-action'; p: z.infer<typeof dialActionParams> }
  | { kind: 'recording'; p: z.infer<typeof recordingParams> }
  | { kind: 'voicemail'; p: z.infer<typeof voicemailParams> }
  | { kind: 'client'; p: z.infer<typeof clientCallParams> }
  // Not replayed in memory: applied by their own handlers, in order between set-wise runs.
  | { kind: 'transcription'; p: z.infer<typeof transcriptionParams>; query: Record<string, string> }
  | { kind: 'relay-action'; p: z.infer<typeof relayActionParams> };

export type ReplayedWebhook = Exclude<ParsedWebhook, { kind: 'transcription' | 'relay-action' }>;
export const isReplayed = (w: ParsedWebhook): w is ReplayedWebhook => w.kind !== 'transcription' && w.kind !== 'relay-action';

/** A recovery rule that a webhook's new facts allow, with the call as it stood right then. */
export type Firing = { rule: 'abandoned' | 'resolve' | 'callback'; call: CallState; now: Date };

/** A voice notice whose queue name is read once for the whole batch. */
export type PendingNotice = VoiceNotice | { offerOf: CallState; now: Date };

export type Lookups = {
  calls: Map<string, CallState>;
  routes: Map<string, Routing>;
  /** The account of each lead a softphone call was placed from. */
  leadAccounts: Map<string, string>;
};

/**
 * Replays a batch of webhooks on the calls in memory, in inbox order, exactly as the
 * one-at-a-time handlers in call-events.ts write them in SQL (each function below mirrors
 * one of them). Nothing is written here: the caller writes every changed call with one
 * statement, then applies the rules that fired, with the call as it stood when each fired.
 */
export class BatchReplay {
  readonly firings: Firing[] = [];
  readonly notices: PendingNotice[] = [];

  constructor(private readonly l: Lookups) {}

  apply(w: ReplayedWebhook, now: Date): void {
    switch (w.kind) {
      case 'incoming': return this.incoming(w.p, w.forwardedByUs, w.toVoiceAgent, now);
      case 'enqueue-action': return this.enqueueAction(w.p, now);
      case 'queue-bridged': return this.queueBridged(w.p, w.agentId, now);
      case 'status': return this.status(w.p, now);
      case 'dial-action': return this.dialAction(w.p, now);
      case 'recording': return this.recording(w.p);
      case 'voicemail': return this.voicemail(w.p, now);
      case 'client': return this.client(w.p, now);
    }
  }

  private get(sid: string): CallState | undefined {
    return this.l.calls.get(sid);
  }

  private upsert(c: { callSid: string; direction: string; from: string | null; to: string | null; at: Date }): CallState {
    let call = this.get(c.callSid);
    if (!call) {
      call = newCall(c);
      this.l.calls.set(c.callSid, call);
    }
    return call;
  }

  private set(call: CallState, patch: Partial<CallState>): CallState {
    Object.assign(call, patch);
    call.dirty = true;
    return call;
  }

  /** runRules: settle talk time, then note each rule the call now satisfies, as its SQL guard would. */
  private rules(call: CallState | undefined, now: Date): void {
    if (!call) return;
    if (call.answered && call.talk_seconds === null && call.duration_seconds !== null) {
      let talk: number | null = null;
      if (call.direction === 'inbound') {
        if (call.queue_time !== null) talk = Math.max(0, call.duration_seconds - call.queue_time);
      } else {
        talk = call.duration_seconds;
      }
      if (talk !== null) this.set(call, { talk_seconds: talk });
    }
    if (isAbandoned(call) && call.account_id && call.customer_e164 && !call.followup_lead_id) {
      this.firings.push({ rule: 'abandoned', call: { ...call }, now });
      call.followup_lead_id = 'pending'; // written by the rule itself, with the lead's id
    }
    if (!call.resolve_checked && call.answered && call.talk_seconds !== null && call.account_id && call.customer_e164) {
      this.set(call, { resolve_checked: true });
      if (call.talk_seconds > AUTO_RESOLVE_TALK_SECONDS) this.firings.push({ rule: 'resolve', call: { ...call }, now });
    }
    if (call.lead_id && !call.lead_linked && call.direction === 'outbound' && call.status_rank >= 4) {
      this.set(call, { lead_linked: true });
      this.firings.push({ rule: 'callback', call: { ...call }, now });
    }
  }

  private endOffer(call: CallState | undefined): void {
    if (call?.account_id && call.queue_id) this.notices.push(offerEndedOf({ ...call, account_id: call.account_id, queue_id: call.queue_id }));
  }

  private incoming(p: z.infer<typeof incomingParams>, forwardedByUs: boolean, toVoiceAgent: boolean, now: Date): void {
    const route = (p.To && this.l.routes.get(p.To)) || null;
    const fresh = {
      account_id: route?.account_id ?? null, campaign_id: route?.campaign_id ?? null, queue_id: forwardedByUs ? null : queueFor(route, now),
      customer_e164: customerNumber(p.From, route?.country ?? 'US'), caller_name: p.CallerName ?? null, forwarded: forwardedByUs,
      queue_result: toVoiceAgent ? WITH_VOICE_AGENT : null,
    };
    let call = this.get(p.CallSid);
    if (!call) {
      call = this.set(newCall({ callSid: p.CallSid, direction: 'inbound', from: p.From, to: p.To, at: now }), fresh);
      this.l.calls.set(p.CallSid, call);
    } else {
      this.set(call, {
        account_id: call.account_id ?? fresh.account_id, campaign_id: call.campaign_id ?? fresh.campaign_id,
        queue_id: call.queue_id ?? fresh.queue_id, customer_e164: call.customer_e164 ?? fresh.customer_e164,
        caller_name: call.caller_name ?? fresh.caller_name, forwarded: call.forwarded || fresh.forwarded,
        queue_result: call.queue_result ?? fresh.queue_result,
      });
    }
    this.rules(call, now);
    if (call.account_id && call.queue_id && !call.answered && !call.queue_result && !call.ended_at) {
      this.notices.push({ offerOf: { ...call }, now });
    }
  }

  private enqueueAction(p: z.infer<typeof enqueueActionParams>, now: Date): void {
    const bridged = p.QueueResult === 'bridged' || p.QueueResult === 'redirected-from-bridged';
    let call = this.get(p.CallSid);
    if (!call || call.queue_result !== null) {
      call = this.upsert({ callSid: p.CallSid, direction: 'inbound', from: p.From ?? null, to: p.To ?? null, at: now });
      if (call.queue_result) return;
    }
    this.set(call, {
      queue_result: p.QueueResult, queue_time: p.QueueTime ?? call.queue_time, answered: call.answered || bridged,
      ended_at: p.QueueResult === 'hangup' ? (call.ended_at ?? now) : call.ended_at,
    });
    this.rules(call, now);
    this.endOffer(call);
  }

  private queueBridged(p: z.infer<typeof queueBridgedParams>, agentId: string | null, now: Date): void {
    const call = this.upsert({ callSid: p.CallSid, direction: 'inbound', from: p.From ?? null, to: p.To ?? null, at: now });
    this.set(call, { answered: true, queue_time: call.queue_time ?? p.QueueTime, agent_id: call.agent_id ?? agentId });
    this.rules(call, now);
    this.endOffer(call);
    if (call.account_id && call.agent_id) {
      this.notices.push({
        audience: { userId: call.agent_id },
        event: { type: 'bridged', callSid: call.call_sid, userId: call.agent_id, accountId: call.account_id, from: call.customer_e164 ?? 'Unknown caller' },
      });
    }
  }

  private status(p: z.infer<typeof statusParams>, now: Date): void {
    const outboundLeg = p.Direction === 'outbound-dial' || p.Direction === 'outbound-api';
    const create = () => this.upsert({ callSid: p.CallSid, direction: outboundLeg ? 'outbound' : 'inbound', from: p.From ?? null, to: p.To ?? null, at: now });
    const call = outboundLeg ? create() : null;
    if (call && !call.account_id) {
      const route = (p.From && this.l.routes.get(p.From)) || null;
      const parent = p.ParentCallSid ? this.get(p.ParentCallSid) : undefined;
      this.set(call, {
        account_id: route?.account_id ?? parent?.account_id ?? null,
        customer_e164: call.customer_e164 ?? customerNumber(p.To, route?.country ?? 'US') ?? parent?.customer_e164 ?? null,
        agent_id: call.agent_id ?? parent?.agent_id ?? null,
        lead_id: call.lead_id ?? parent?.lead_id ?? null,
      });
    }
    const rank = STATUS_RANK[p.CallStatus];
    const terminal = rank === 4;
    const answeredNow = outboundLeg && (p.CallStatus === 'in-progress' || (p.CallStatus === 'completed' && (p.CallDuration ?? 0) > 0));
    const row = this.get(p.CallSid) ?? create();
    this.set(row, {
      call_status: rank > row.status_rank ? p.CallStatus : row.call_status,
      status_rank: Math.max(row.status_rank, rank),
      answered: row.answered || answeredNow,
      duration_seconds: terminal ? (p.CallDuration ?? row.duration_seconds) : row.duration_seconds,
      ended_at: terminal ? (row.ended_at ?? parseTimestamp(p.Timestamp, now)) : row.ended_at,
    });
    this.rules(row, now);
  }

  private dialAction(p: z.infer<typeof dialActionParams>, now: Date): void {
    const parent = this.get(p.CallSid);
    if (!p.DialCallSid) return;
    const child = this.upsert({ callSid: p.DialCallSid, direction: 'outbound', from: null, to: null, at: now });
    const answered = p.DialCallStatus === 'completed' || p.DialCallStatus === 'answered';
    this.set(child, {
      account_id: child.account_id ?? parent?.account_id ?? null,
      customer_e164: child.customer_e164 ?? parent?.customer_e164 ?? null,
      agent_id: child.agent_id ?? parent?.agent_id ?? null,
      answered: child.answered || answered,
      duration_seconds: child.duration_seconds ?? (answered ? (p.DialCallDuration ?? 0) : 0),
      ended_at: child.ended_at ?? now,
      call_status: child.status_rank < 4 ? (answered ? 'completed' : p.DialCallStatus) : child.call_status,
      status_rank: 4,
      lead_id: child.lead_id ?? parent?.lead_id ?? null,
    });
    this.rules(child, now);
  }

  private recording(p: z.infer<typeof recordingParams>): void {
    const call = this.get(p.CallSid);
    if (p.RecordingStatus === 'completed' && call) this.set(call, { recording_url: p.RecordingUrl });
  }

  private voicemail(p: z.infer<typeof voicemailParams>, now: Date): void {
    const call = this.upsert({ callSid: p.CallSid, direction: 'inbound', from: p.From ?? null, to: p.To ?? null, at: now });
    this.set(call, { voicemail: true, recording_url: p.RecordingUrl ?? call.recording_url, ended_at: call.ended_at ?? now });
  }

  private client(p: z.infer<typeof clientCallParams>, now: Date): void {
    const userId = userIdFromClient(p.From);
    const account = p.leadId ? this.l.leadAccounts.get(p.leadId) : undefined;
    if (!userId || !p.leadId || !account) return;
    const call = this.upsert({ callSid: p.CallSid, direction: 'client', from: p.From, to: null, at: now });
    this.set(call, { agent_id: call.agent_id ?? userId, lead_id: call.lead_id ?? p.leadId, account_id: call.account_id ?? account });
  }
}

/** Every call SID, number and lead a batch reads, so each is loaded with one statement. */
export function batchKeys(ws: ReplayedWebhook[]): { sids: string[]; numbers: string[]; leadIds: string[] } {
  const sids = new Set<string>();
  const numbers = new Set<string>();
  const leadIds = new Set<string>();
  for (const w of ws) {
    sids.add(w.p.CallSid);
    if (w.kind === 'incoming' && w.p.To) numbers.add(w.p.To);
    if (w.kind === 'status') {
      if (w.p.ParentCallSid) sids.add(w.p.ParentCallSid);
      if (w.p.From) numbers.add(w.p.From);
    }
    if (w.kind === 'dial-action' && w.p.DialCallSid) sids.add(w.p.DialCallSid);
    if (w.kind === 'client' && w.p.leadId) leadIds.add(w.p.leadId);
  }
  return { sids: [...sids].sort(), numbers: [...numbers], leadIds: [...leadIds] };
}
