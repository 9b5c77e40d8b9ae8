import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ServerContext } from '../context';
import type { RouteCache } from '../telephony/route-cache';
import type { InboxKind, WebhookInbox } from '../telephony/inbox';
import { answerClientCall } from '../telephony/client-calls';
import {
  clientCallParams,
  dialActionParams,
  enqueueActionParams,
  incomingParams,
  queueBridgedParams,
  recordingParams,
  statusParams,
  transcriptionParams,
  voicemailParams,
  waitChoiceParams,
  waitParams,
} from '../telephony/params';
import { decideOverflow, overflowAfterWait, type Overflow } from '../voice-agent/overflow';
import { connectToAgent } from '../voice-agent/relay-twiml';
import { sessionFor } from '../voice-agent/session-store';
import { voiceAgentEdge, type VoiceAgentEdge } from './voice-agent-edge-routes';
import { isTwilioSignatureValid, signedUrl } from '../telephony/signature';
import * as twiml from '../telephony/twiml';
import { callContinuity } from '../telephony/call-continuity';
import { FORWARDED_FLAG } from '../telephony/batch/apply-set-wise';

import { unstorable } from '../telephony/webhook-input';

/** The app's own error body (error-handler.ts), so a webhook refusal reads like any other. */
function refuse(reply: FastifyReply, status: 400 | 403 | 415, message: string) {
  return reply.code(status).send({ error: status === 403 ? 'forbidden' : 'invalid_request', message });
}

const isForm = (req: FastifyRequest) => (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');

/** Query keys only the server's own routing decisions may set on a stored webhook. */
const DECISION_FLAGS = [FORWARDED_FLAG, 'voiceAgent'];

type Respond<S extends z.ZodType> = (params: z.infer<S>, req: FastifyRequest) => Promise<string> | string;
/** Decides before the webhook is stored: what it adds to the stored query, for the processor to read. */
type Prepare<S extends z.ZodType> = (params: z.infer<S>, req: FastifyRequest) => Promise<Record<string, string>>;
export type Webhook = <S extends z.ZodType<{ CallSid: string }>>(path: string, schema: S, kind: InboxKind | null, respond: Respond<S>, prepare?: Prepare<S>) => void;

/**
 * Twilio's voice webhooks. Every request must carry a valid X-Twilio-Signature for the URL
 * Twilio called; anything else gets 403 before a single row is read. A valid webhook is stored
 * in the inbox (durably, before the 200) and applied right after by the inbox processor; the
 * TwiML answer depends only on routing, never on the processing.
 */
export async function telephonyRoutes(app: FastifyInstance, ctx: ServerContext, inbox: WebhookInbox, routes: RouteCache, agent: VoiceAgentEdge): Promise<void> {
  await app.register(formbody, { bodyLimit: 64 * 1024 });

  const base = (req: FastifyRequest) =>
    (ctx.config.publicBaseUrl ?? `${req.protocol}://${req.host}`).replace(/\/$/, '');

  function webhook<S extends z.ZodType<{ CallSid: string }>>(path: string, schema: S, kind: InboxKind | null, respond: Respond<S>, prepare?: Prepare<S>) {
    app.post(path, async (req: FastifyRequest, reply: FastifyReply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      // Twilio posts forms; a JSON (or any other) body is not a webhook, whatever it holds.
      if (typeof body !== 'object' || Array.isArray(body) || !isForm(req)) {
        return refuse(reply, 415, 'Expected a form-encoded body (application/x-www-form-urlencoded), as Twilio sends.');
      }
      const url = signedUrl(ctx.config.publicBaseUrl, { protocol: req.protocol, host: req.host, url: req.url });
      const signature = req.headers['x-twilio-signature'];
      if (!isTwilioSignatureValid(ctx.config.twilioAuthToken, typeof signature === 'string' ? signature : undefined, url, body)) {
        req.log.warn({ url }, 'refused a webhook with a missing or wrong X-Twilio-Signature');
        return refuse(reply, 403, 'Invalid X-Twilio-Signature.');
      }
      const rawQuery = (req.query ?? {}) as Record<string, unknown>;
      const unsafe = unstorable(body, 'body') ?? unstorable(rawQuery, 'query');
      if (unsafe) return refuse(reply, 400, `Bad webhook parameters: ${unsafe}.`);
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        return refuse(reply, 400, `Bad webhook parameters: ${parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'request'}: ${i.message}`).join('; ')}`);
      }
      const query = Object.fromEntries(
        Object.entries(rawQuery).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0].length <= 64 && e[1].length <= 64),
      );
      // What routing decided travels in the stored query; never from the URL, even a signed one.
      for (const flag of DECISION_FLAGS) delete query[flag];
      if (prepare) Object.assign(query, await prepare(parsed.data, req));
      if (kind) await inbox.store(kind, parsed.data.CallSid, body, query);
      return reply.type('text/xml').send(await respond(parsed.data, req));
    });
  }

  // The routing decision for each incoming call (Voice Agent overflow, Call Continuity forward),
  // made once before it is stored.
  const overflow = new WeakMap<FastifyRequest, Overflow | { kind: 'forward'; to: string }>();
  webhook(
    '/twilio/voice/incoming',
    incomingParams,
    'incoming',
    async (p, req) => {
      const decided = overflow.get(req);
      if (decided?.kind === 'forward') return twiml.forwardTo(decided.to);
      if (decided?.kind === 'agent') return connectToAgent(routes.agentSetup, base(req), { callSid: p.CallSid, accountId: decided.accountId, queueId: decided.queueId });
      const queue = decided?.queueId ?? null;
      return queue ? twiml.enqueue(base(req), queue, decided?.kind === 'wait' ? decided.waitSeconds : null) : twiml.notInService();
    },
    async (p, req) => {
      const route = await routes.get(p.To);
      const decided = await decideOverflow(ctx, routes.agentSetup, agent.presence, route, p);
      const forward = decided.kind === 'agent' ? null : await callContinuity(route, decided.queueId, (accountId) => agent.presence.anyAgentFree(accountId, ctx.clock()));
      overflow.set(req, forward ? { kind: 'forward', to: forward } : decided);
      if (forward) return { [FORWARDED_FLAG]: '1' };
      return decided.kind === 'agent' ? { voiceAgent: '1' } : ({} as Record<string, string>);
    },
  );

  webhook('/twilio/voice/enqueue-action', enqueueActionParams, 'enqueue-action', async (p, req) => {
    if (p.QueueResult !== 'leave') return twiml.empty();
    // A caller the wait rule sent to the Voice Agent left the queue for it; others chose voicemail.
    const session = await sessionFor(ctx.db, p.CallSid);
    return session && !session.outcome ? connectToAgent(routes.agentSetup, base(req), { callSid: p.CallSid, accountId: session.account_id, queueId: session.queue_id }) : twiml.recordVoicemail(base(req));
  });

  webhook('/twilio/voice/wait', waitParams, null, async (p, req) => {
    const after = Number((req.query as Record<string, unknown>)['agentAfter']);
    if (Number.isFinite(after) && p.QueueTime !== undefined && p.QueueTime >= after && (await overflowAfterWait(ctx, routes.agentSetup, await routes.get(p.To), p))) {
      return twiml.leaveQueue();
    }
    return twiml.holdMessage(base(req));
  });

  webhook('/twilio/voice/wait-choice', waitChoiceParams, null, (p, req) =>
    p.Digits === '1' ? twiml.leaveQueue() : twiml.holdMessage(base(req)),
  );

  webhook('/twilio/voice/queue-bridged', queueBridgedParams, 'queue-bridged', () => twiml.empty());
  webhook('/twilio/voice/status', statusParams, 'status', () => twiml.empty());
  webhook('/twilio/voice/dial-action', dialActionParams, 'dial-action', () => twiml.empty());
  webhook('/twilio/voice/recording', recordingParams, 'recording', () => twiml.empty());
  // The TwiML App's Voice URL: the softphone's outgoing calls and the calls it takes from a queue.
  webhook('/twilio/voice/client', clientCallParams, 'client', (p, req) => answerClientCall(ctx, p, base(req)));
  webhook('/twilio/voice/voicemail', voicemailParams, 'voicemail', () => twiml.empty());
  // Real-time transcription of answered calls (started by the agent's TwiML): stored per call and side.
  webhook('/twilio/voice/transcription', transcriptionParams, 'transcription', () => twiml.empty());
  voiceAgentEdge(app, ctx, webhook, base, agent, routes.agentSetup);
}
