import type { FastifyReply, FastifyRequest } from 'fastify';

type RouteError = Error & { statusCode?: number; code?: string };

/**
 * Only the server's own failures answer 5xx, and they say nothing of their cause (a database
 * error's text names tables, columns and values): the answer carries the request id under which
 * the full error was logged. Everything a caller did wrong is a 4xx with Fastify's reason.
 */
export function errorHandler(err: RouteError, req: FastifyRequest, reply: FastifyReply): void {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
  if (status >= 500) {
    req.log.error({ reqId: req.id, method: req.method, url: req.url.split('?')[0], err }, 'request failed');
    void reply.code(500).send({ error: 'internal', message: `The server failed; it logged the failure as ${req.id}.`, requestId: req.id });
    return;
  }
  void reply.code(status).send({ error: 'invalid_request', message: err.message });
}
