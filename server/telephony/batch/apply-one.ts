import type { Queryable } from '../../store/db';
import { onClientCall } from '../client-calls';
import { onRelayAction } from '../../voice-agent/outcomes';
import { onDialAction, onEnqueueAction, onIncoming, onQueueBridged, onRecording, onStatus, onVoicemail } from '../call-events';
import { onTranscription } from '../transcription-events';
import type { ParsedWebhook } from './replay';

/**
 * The one-at-a-time handlers: the reference the set-wise applier must match (the property
 * test compares them), its fallback when a batch fails, and the path of the kinds it does not
 * replay in memory (transcripts, Voice Agent sessions).
 */
export async function applyOneWebhook(q: Queryable, w: ParsedWebhook, at: Date): Promise<void> {
  switch (w.kind) {
    case 'incoming': return void (await onIncoming(q, w.p, at, { toVoiceAgent: w.toVoiceAgent, forwardedByUs: w.forwardedByUs }));
    case 'enqueue-action': return onEnqueueAction(q, w.p, at);
    case 'queue-bridged': return onQueueBridged(q, w.p, w.agentId, at);
    case 'status': return onStatus(q, w.p, at);
    case 'dial-action': return onDialAction(q, w.p, at);
    case 'recording': return onRecording(q, w.p);
    case 'voicemail': return onVoicemail(q, w.p, at);
    case 'client': return onClientCall(q, w.p, at);
    case 'transcription': return onTranscription(q, w.p, w.query, at);
    case 'relay-action': return onRelayAction(q, w.p, at);
  }
}
