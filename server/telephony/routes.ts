import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { formatIssues, hasNul } from '../../shared';
import type { ServerContext } from '../context';
import { transact } from '../store/retry';
import type { Queryable } from '../store/db';
import {
  onDialAction,
  onEnqueueAction,
  onIncoming,
  onQueueBridged,
  onRecording,
  onStatus,
  onVoicemail,
} from './call-events';
import {
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

type Handler<S extends z.ZodType> = (tx: Queryable, params: z.infer<S>, req: FastifyRequest, now: Date) => Promise<string>;

/**
 * Twilio's voice webhooks. Every request must carry a valid X-Twilio-Signature for the URL
 * Twilio called; anything else gets 403 before a single row is read. Each webhook runs in one
 * transaction, so a malformed or failing delivery leaves nothing half-written.
 */
export async function telephonyRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  await app.register(formbody, { bodyLimit: 64 * 1024 });

  const base = (req: FastifyRequest) =>
    (ctx.config.publicBaseUrl ?? `${req.protocol}://${req.host}`).replace(/\/$/, '');

  function webhook<S extends z.ZodType>(path: string, schema: S, handle: Handler<S>) {
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
        return reply.code(400).type('text/plain').send(`Bad webhook parameters: ${formatIssues(parsed.error)}`);
      }
      const xml = await transact(ctx.db, (tx) => handle(tx, parsed.data, req, ctx.clock()));
      return reply.type('text/xml').send(xml);
    });
  }

  webhook('/twilio/voice/incoming', incomingParams, async (tx, p, req, now) => {
    const route = await onIncoming(tx, p, now);
    if (!route || !route.queue_id || !route.active) return twiml.notInService();
    return twiml.enqueue(base(req), route.queue_id);
  });

  webhook('/twilio/voice/enqueue-action', enqueueActionParams, async (tx, p, req, now) => {
    await onEnqueueAction(tx, p, now);
    return p.QueueResult === 'leave' ? twiml.recordVoicemail(base(req)) : twiml.empty();
  });

  webhook('/twilio/voice/wait', waitChoiceParams, async (_tx, _p, req) => twiml.holdMessage(base(req)));

  webhook('/twilio/voice/wait-choice', waitChoiceParams, async (_tx, p, req) =>
    p.Digits === '1' ? twiml.leaveQueue() : twiml.holdMessage(base(req)),
  );

  webhook('/twilio/voice/queue-bridged', queueBridgedParams, async (tx, p, req, now) => {
    const agent = (req.query as Record<string, unknown>)['agentId'];
    await onQueueBridged(tx, p, typeof agent === 'string' && agent.length <= 64 ? agent : null, now);
    return twiml.empty();
  });

  webhook('/twilio/voice/status', statusParams, async (tx, p, _req, now) => {
    await onStatus(tx, p, now);
    return twiml.empty();
  });

  webhook('/twilio/voice/dial-action', dialActionParams, async (tx, p, _req, now) => {
    await onDialAction(tx, p, now);
    return twiml.empty();
  });

  webhook('/twilio/voice/recording', recordingParams, async (tx, p) => {
    await onRecording(tx, p);
    return twiml.empty();
  });

  webhook('/twilio/voice/voicemail', voicemailParams, async (tx, p, _req, now) => {
    await onVoicemail(tx, p, now);
    return twiml.empty();
  });
}
