import { formatIssues, issuesByField } from '../validation/format-issues';
import {
  API_METHODS,
  apiEvents,
  apiMethods,
  type ApiEvent,
  type ApiEventPayload,
  type ApiMethod,
  type WorkstationApi,
  type WorkstationHandlers,
} from './contract';
import { ApiError, envelopeSchema, type Envelope } from './errors';

/** How a client reaches the services: IPC in Electron, a WebSocket in the web host. */
export type ApiTransport = {
  invoke(method: ApiMethod, payload: unknown): Promise<unknown>;
  subscribe(event: ApiEvent, listener: (payload: unknown) => void): () => void;
};

function isApiMethod(name: string): name is ApiMethod {
  return Object.hasOwn(apiMethods, name);
}

/**
 * The receiving side of a call: checks the method and the payload against the contract,
 * runs the handler and wraps whatever happens in an envelope.
 */
export function createApiDispatcher(handlers: WorkstationHandlers) {
  return async function dispatch(method: string, payload: unknown): Promise<Envelope> {
    if (!isApiMethod(method)) {
      return { ok: false, error: { code: 'invalid_request', message: `Unknown call ${method}.` } };
    }
    const parsed = apiMethods[method].request.safeParse(payload ?? {});
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid_request', message: formatIssues(parsed.error), fields: issuesByField(parsed.error) } };
    }
    try {
      const handler = handlers[method] as (req: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (err) {
      if (err instanceof ApiError) return { ok: false, error: err.toJSON() };
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, error: { code: 'internal', message } };
    }
  };
}

/**
 * The calling side: every response and event is validated on receipt, so a renderer never
 * acts on a malformed value from the other process.
 */
export function createApiClient(transport: ApiTransport): WorkstationApi {
  const methods = Object.fromEntries(
    API_METHODS.map((method) => [
      method,
      async (request: unknown) => {
        const envelope = envelopeSchema.safeParse(await transport.invoke(method, request));
        if (!envelope.success) {
          throw new ApiError('internal', `Malformed reply to ${method}.`);
        }
        if (!envelope.data.ok) {
          throw new ApiError(envelope.data.error.code, envelope.data.error.message, envelope.data.error.fields);
        }
        const value = apiMethods[method].response.safeParse(envelope.data.value);
        if (!value.success) {
          throw new ApiError('internal', `Malformed reply to ${method}: ${formatIssues(value.error)}`);
        }
        return value.data;
      },
    ]),
  );
  const on = <E extends ApiEvent>(event: E, listener: (payload: ApiEventPayload<E>) => void) =>
    transport.subscribe(event, (raw) => {
      const parsed = apiEvents[event].safeParse(raw);
      // A malformed event is dropped loudly, not passed on half-formed.
      if (parsed.success) listener(parsed.data as ApiEventPayload<E>);
      else console.error(`Dropped malformed ${event} event: ${formatIssues(parsed.error)}`);
    });
  return { ...methods, on } as WorkstationApi;
}

/** Checks an outgoing event on the sending side too, so a bug is caught where it is made. */
export function parseEvent<E extends ApiEvent>(event: E, payload: unknown): ApiEventPayload<E> {
  return apiEvents[event].parse(payload) as ApiEventPayload<E>;
}
