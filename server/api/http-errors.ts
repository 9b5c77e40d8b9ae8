import type { FastifyReply } from 'fastify';
import { HTTP_STATUS_OF, type ApiError } from '../../shared';

/**
 * How a refusal goes out over HTTP: the status from the shared table and the code and message in
 * the body, which the desk reads back with `apiErrorFromHttp`. Every route answers its
 * `ApiError`s through here.
 */
export function replyWithError(reply: FastifyReply, err: ApiError): FastifyReply {
  return reply.code(HTTP_STATUS_OF[err.code]).send({ error: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) });
}
