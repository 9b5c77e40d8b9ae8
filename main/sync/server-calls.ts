import { ApiError, isRefusal, RELAYED_ROUTES, serverRoutes, type RelayedRouteName, type WorkstationHandlers } from '../../shared';
import type { DeskSession, OpenDesk } from '../session/desk-session';
import { serverApi, type ServerApi } from './server-api';

/**
 * A request that only the server can answer, for the signed-in desk: refusals keep their reason,
 * a dead line (or a 5xx) reads as `offline` with `offlineMessage`.
 */
export async function online<T>(desk: DeskSession, fn: (o: OpenDesk & { api: ServerApi }) => Promise<T>, offlineMessage: string): Promise<T> {
  const o = desk.need();
  try {
    return await fn({ ...o, api: serverApi(o.session.serverUrl) });
  } catch (err) {
    if (isRefusal(err)) throw err;
    throw new ApiError('offline', offlineMessage);
  }
}

/** The renderer's calls that only the server answers, forwarded as the route map says (no code of their own here). */
export function relayedCalls(desk: DeskSession): Pick<WorkstationHandlers, RelayedRouteName> {
  return Object.fromEntries(
    RELAYED_ROUTES.map((name) => [name, (req: never) => online(desk, (o) => o.api.call(name, o.token, req), serverRoutes[name].relay)]),
  ) as Pick<WorkstationHandlers, RelayedRouteName>;
}

/** A lead's transcript is kept on the server only (the cache holds no transcripts). */
export function transcriptCall(desk: DeskSession): Pick<WorkstationHandlers, 'getTranscript'> {
  return {
    getTranscript: async ({ leadId }) =>
      online(desk, async (o) => (await o.api.call('leadTranscript', o.token, { leadId })).transcript, 'The transcript is kept on the server, which cannot be reached right now.'),
  };
}
