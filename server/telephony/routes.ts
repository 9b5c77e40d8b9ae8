import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { hasNul } from '../../shared';
import type { ServerContext } from '../context';
import { queueFor } from './call-events';
import type { RouteCache } from './route-cache';
import type { InboxKind, WebhookInbox } from './inbox';
import { answerClientCall } from '../voice/client-calls';
import {
  clientCallParams,
  dialActionParams,
  enqueueActionParams,
  incomingParams,
  queueBridgedParams,
  recordingParams,
  statusParams,
  voicemailParams,
  waitChoiceParams,
} from './params';
import { isTwilioSignatureValid, signedUrl } from './signature';
import * as twiml from './twiml';

type Respond<S extends z.ZodType> = (params: z.infer<S>, req: FastifyRequest) => Promise<string> | string;

/**
 * Twilio's voice webhooks. Every request must carry a valid X-Twilio-Signature for the URL
 * Twilio called; anything else gets 403 before a single row is read. A valid webhook is stored
 * in the inbox (durably, before the 200) and applied right after by the inbox processor; the
 * TwiML answer depends only on routing, never on the processing.
 */
export async function telephonyRoutes(app: FastifyInstance, ctx: ServerContext, inbox: WebhookInbox, routes: RouteCache): Promise<void> {
  await app.register(formbody, { bodyLimit: 64 * 1024 });

  const base = (req: FastifyRequest) =>
    (ctx.config.publicBaseUrl ?? `${req.protocol}://${req.host}`).replace(/\/$/, '');

  function webhook<S extends z.ZodType<{ CallSid: string }>>(path: string, schema: S, kind: InboxKind | null, respond: Respond<S>) {
    app.post(path, async (req: FastifyRequest, reply: FastifyReply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (typeof body !== 'object' || Array.isArray(body)) {
        return reply.code(400).type('text/plain').send('Expected a form-encoded body.');
      }
      const url = signedUrl(ctx.config.publicBaseUrl, { protocol: req.protocol, host: req.host, url: req.url });
      const signature = req.headers['x-twilio-signature'];
      if (!isTwilioSignatureValid(ctx.config.twilioAuthToken, typeof signature === 'string' ? signature : undefined, url, body)) {
        req.log.warn({ url }, 'refused a webhook with a missing or wrong X-Twilio-Signature');
        return reply.code(403).type('text/plain').send('Invalid X-Twilio-Signature.');
      }
      if (Object.values(body).some(hasNul)) {
        return reply.code(400).type('text/plain').send('Bad webhook parameters: a value contains the NUL character.');
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        return reply.code(400).type('text/plain').send(`Bad webhook parameters: ${twilioIssues(parsed.error.issues)}`);
      }
      const query = Object.fromEntries(
        Object.entries((req.query ?? {}) as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length <= 64),
      );
      if (kind) await inbox.store(kind, parsed.data.CallSid, body, query);
      return reply.type('text/xml').send(await respond(parsed.data, req));
    });
  }

  webhook('/twilio/voice/incoming', incomingParams, 'incoming', async (p, req) => {
    const queue = queueFor(await routes.get(p.To), ctx.clock());
    return queue ? twiml.enqueue(base(req), queue) : twiml.notInService();
  });

  webhook('/twilio/voice/enqueue-action', enqueueActionParams, 'enqueue-action', (p, req) =>
    p.QueueResult === 'leave' ? twiml.recordVoicemail(base(req)) : twiml.empty(),
  );

  webhook('/twilio/voice/wait', waitChoiceParams, null, (_p, req) => twiml.holdMessage(base(req)));

  webhook('/twilio/voice/wait-choice', waitChoiceParams, null, (p, req) =>
    p.Digits === '1' ? twiml.leaveQueue() : twiml.holdMessage(base(req)),
  );

  webhook('/twilio/voice/queue-bridged', queueBridgedParams, 'queue-bridged', () => twiml.empty());
  webhook('/twilio/voice/status', statusParams, 'status', () => twiml.empty());
  webhook('/twilio/voice/dial-action', dialActionParams, 'dial-action', () => twiml.empty());
  webhook('/twilio/voice/recording', recordingParams, 'recording', () => twiml.empty());
  // The TwiML App's Voice URL: the softphone's outgoing calls and the calls it takes from a queue.
  webhook('/twilio/voice/client', clientCallParams, 'client', (p, req) => answerClientCall(ctx.db, p, base(req)));
  webhook('/twilio/voice/voicemail', voicemailParams, 'voicemail', () => twiml.empty());
}

/** For Twilio's logs, not for a person at a desk: each problem under Twilio's own parameter name. */
function twilioIssues(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join('.') || 'request'}: ${i.message}`).join('; ');
}
