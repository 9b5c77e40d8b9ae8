import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context';
import { relayActionParams } from '../telephony/params';
import type { Webhook } from './telephony-routes';
import { isTwilioSignatureValid } from '../telephony/signature';
import * as twiml from '../telephony/twiml';
import type { AgentSetupCache } from '../voice-agent/agent-setup';
import type { AgentEngine } from '../voice-agent/conversation';
import { relayVerdict } from '../voice-agent/outcomes';
import type { Presence } from '../voice-agent/presence';
import { RelaySession, type RelayLog } from '../voice-agent/relay-session';
import { CONNECT_ACTION_PATH, RELAY_PATH, relayUrl } from '../voice-agent/relay-twiml';

export type VoiceAgentEdge = { presence: Presence; engine: AgentEngine; log: RelayLog };

/**
 * The Voice Agent's Twilio-facing routes: the ConversationRelay socket and the Connect action.
 * The socket's upgrade carries X-Twilio-Signature over the wss:// URL with no parameters; a
 * missing or wrong one is refused with 403 before any message is read.
 */
export function voiceAgentEdge(app: FastifyInstance, ctx: ServerContext, webhook: Webhook, base: (req: FastifyRequest) => string, agent: VoiceAgentEdge, setups: AgentSetupCache): void {
  webhook(CONNECT_ACTION_PATH, relayActionParams, 'relay-action', (p, req) => {
    if (relayVerdict(p) === 'hangup') return twiml.hangup();
    // Handed off: back in the queue, with no overflow this time (the agent already had them).
    const queue = (req.query as Record<string, unknown>)['queue'];
    return typeof queue === 'string' && queue ? twiml.enqueue(base(req), queue) : twiml.notInService();
  });

  app.get(
    RELAY_PATH,
    {
      websocket: true,
      preValidation: async (req, reply) => {
        const signature = req.headers['x-twilio-signature'];
        const url = relayUrl(base(req)) + (req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '');
        if (!isTwilioSignatureValid(ctx.config.twilioAuthToken, typeof signature === 'string' ? signature : undefined, url, {})) {
          req.log.warn({ url }, 'refused a ConversationRelay upgrade with a missing or wrong X-Twilio-Signature');
          return reply.code(403).type('text/plain').send('Invalid X-Twilio-Signature.');
        }
      },
    },
    (socket) => void new RelaySession(ctx, setups, agent.engine, socket, agent.log),
  );
}
