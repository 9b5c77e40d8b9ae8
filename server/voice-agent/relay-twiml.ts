import twilio from 'twilio';
import { openingAsHeard } from '../../shared';
import type { AgentSetupCache } from './agent-setup';

const { VoiceResponse } = twilio.twiml;

export const RELAY_PATH = '/twilio/voice-agent/relay';
export const CONNECT_ACTION_PATH = '/twilio/voice-agent/connect-action';

/** The wss:// address Twilio opens, and signs, for a server reached at `base`. */
export const relayUrl = (base: string) => `${base.replace(/^http/, 'ws')}${RELAY_PATH}`;

/**
 * Connects the caller to the Voice Agent: Twilio speaks the welcome greeting (the Opening with
 * its [variables] filled, the AI disclosure first when it is on), transcribes the caller and
 * opens our relay socket; the Connect action hears how it ended.
 */
export async function connectToAgent(setups: AgentSetupCache, base: string, s: { callSid: string; accountId: string; queueId: string | null }): Promise<string> {
  const { settings, accountName } = await setups.get(s.accountId);
  const r = new VoiceResponse();
  const action = `${base}${CONNECT_ACTION_PATH}${s.queueId ? `?queue=${encodeURIComponent(s.queueId)}` : ''}`;
  const relay = r.connect({ action, method: 'POST' }).conversationRelay({
    url: relayUrl(base),
    welcomeGreeting: openingAsHeard(settings, accountName).text,
    welcomeGreetingInterruptible: 'none',
    language: 'en-US',
    interruptible: 'speech',
    dtmfDetection: true,
  });
  relay.parameter({ name: 'accountId', value: s.accountId });
  relay.parameter({ name: 'callSid', value: s.callSid });
  return r.toString();
}
