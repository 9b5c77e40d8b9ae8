import { z } from 'zod';

export const API_ERROR_CODES = [
  'invalid_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'unavailable',
  'offline',
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** Problems by field path ("settings.persona.agentName"), in words, for errors shown next to the field. */
const fieldErrorsSchema = z.record(z.string().max(200), z.string().max(1000));
export type FieldErrors = z.infer<typeof fieldErrorsSchema>;

export const apiErrorSchema = z.object({
  code: z.enum(API_ERROR_CODES),
  message: z.string(),
  fields: fieldErrorsSchema.optional(),
});

/** A failure the user can be told about; travels across every boundary as {code, message}. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  /** Which fields of the request the refusal is about, when it is about fields. */
  readonly fields: FieldErrors | undefined;
  constructor(code: ApiErrorCode, message: string, fields?: FieldErrors) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.fields = fields && Object.keys(fields).length ? fields : undefined;
  }

  /** The error as it travels in an envelope or an HTTP body. */
  toJSON(): { code: ApiErrorCode; message: string; fields?: FieldErrors } {
    return { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) };
  }
}

/** The envelope every response travels in, so errors never arrive as a silent undefined. */
export const envelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: apiErrorSchema }),
]);
export type Envelope = z.infer<typeof envelopeSchema>;

/**
 * The one table between the error vocabulary and HTTP: the server answers a refusal with its
 * code's status, the desk reads a status back into a code. `offline` never comes from the server
 * (it is the desk's word for "the server did not answer"); 5xx answers are read as offline too,
 * since a retry may help.
 */
export const HTTP_STATUS_OF: Record<ApiErrorCode, number> = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  offline: 503,
};

/** The body of every refusal the server sends. */
export const httpErrorBodySchema = z.object({ error: z.string().optional(), message: z.string().optional(), fields: fieldErrorsSchema.optional() });

/** An HTTP answer of 400 or more, read back into the vocabulary the renderer shows. */
export function apiErrorFromHttp(status: number, body: unknown): ApiError {
  const parsed = httpErrorBodySchema.safeParse(body);
  const said = parsed.success ? parsed.data : {};
  if (status >= 500) return new ApiError('offline', status === 503 && said.message ? said.message : `The server failed (${status}).`);
  const named = API_ERROR_CODES.find((c) => c === said.error && HTTP_STATUS_OF[c] === status);
  const byStatus = API_ERROR_CODES.find((c) => HTTP_STATUS_OF[c] === status);
  return new ApiError(named ?? byStatus ?? 'conflict', said.message ?? `Refused (${status}).`, said.fields);
}

/** A refusal of the request itself (4xx): sending it again unchanged will not help. */
export function isRefusal(err: unknown): err is ApiError {
  return err instanceof ApiError && err.code !== 'offline' && err.code !== 'internal' && err.code !== 'unavailable';
}
