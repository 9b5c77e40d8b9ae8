import type { CallOutcome } from '../../shared';

/*
 * The softphone as the screens see it, whoever carries the audio: Twilio's Voice SDK in the
 * renderer, or the server's simulated carrier. Screens and the call controller program against
 * this and nothing else.
 */

export type CallPhase = 'connecting' | 'ringing' | 'open' | 'reconnecting';

export type ActiveCall = {
  /** The agent leg's SID once known; for a taken caller, the caller's own SID. */
  callSid: string | null;
  direction: 'outbound' | 'inbound';
  phase: CallPhase;
  /** Who is on the other end, as a number or a name. */
  customer: string;
  leadId: string | null;
  answeredAt: number | null;
  muted: boolean;
  /** The number the customer sees (outbound), to give as the callback number. */
  callerId: string | null;
};

export type EndedCall = {
  callSid: string | null;
  direction: 'outbound' | 'inbound';
  leadId: string | null;
  customer: string;
  outcome: CallOutcome;
  durationSeconds: number;
  callerId: string | null;
};

export type SoftphoneEvent =
  | { type: 'call'; call: ActiveCall | null }
  | { type: 'ended'; call: EndedCall }
  | { type: 'error'; message: string }
  | { type: 'ready'; ready: boolean };

export type DialRequest = { leadId: string; customer: string };
export type TakeRequest = { callSid: string; customer: string };

export interface Softphone {
  readonly mode: 'twilio' | 'simulated';
  /** Places a callback to a lead's customer. Rejects with a reason the agent can act on. */
  dial(req: DialRequest): Promise<void>;
  /** Takes a caller waiting in a queue. */
  take(req: TakeRequest): Promise<void>;
  hangUp(): void;
  setMuted(muted: boolean): void;
  sendDigits(digits: string): void;
  subscribe(listener: (e: SoftphoneEvent) => void): () => void;
  destroy(): void;
}

/** The listener bookkeeping every softphone shares. */
export class SoftphoneEvents {
  private listeners = new Set<(e: SoftphoneEvent) => void>();
  subscribe(listener: (e: SoftphoneEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(e: SoftphoneEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
}

export const DTMF_DIGITS = /^[0-9*#w]+$/;
