import {
  ApiError,
  apiErrorFromHttp,
  formatIssues,
  routePath,
  serverRoutes,
  SYNC_SOCKET_PATH,
  type JsonRouteName,
  type Mutation,
  type PullResponse,
  type PushResponse,
  type RouteDef,
  type RouteName,
  type RouteRequest,
  type RouteResponse,
} from '../../shared';

/*
 * The desk's client of the sync server, derived from the shared route map: the verb, the path,
 * the schema that checks the answer and how long to wait all come from there. Failures arrive as
 * the shared `ApiError`s: a refusal (4xx) keeps the server's code and reason, a dead line or a
 * 5xx is `offline`, an answer the desk cannot read is `internal` (both worth retrying later).
 */

const DEFAULT_TIMEOUT_MS = 15_000;

async function send(baseUrl: string, name: RouteName, token: string | null, request: unknown): Promise<Response> {
  const route: RouteDef = serverRoutes[name];
  const input = (request ?? {}) as Record<string, unknown>;
  const url = baseUrl.replace(/\/$/, '') + routePath(route.path, input);
  const hasBody = route.method === 'POST' || route.method === 'PUT';
  let res: Response;
  try {
    res = await fetch(url, {
      method: route.method,
      headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: hasBody ? JSON.stringify(input) : undefined,
      signal: AbortSignal.timeout(route.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (err) {
    throw new ApiError('offline', `Cannot reach the server: ${(err as Error).message}`);
  }
  if (res.status >= 400) throw apiErrorFromHttp(res.status, await res.json().catch(() => ({})));
  return res;
}

async function call<K extends JsonRouteName>(baseUrl: string, name: K, token: string | null, request: RouteRequest<K>): Promise<RouteResponse<K>> {
  const res = await send(baseUrl, name, token, request);
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new ApiError('internal', `The server sent something that is not JSON (${res.status}).`);
  }
  // Validated on receipt: a desk never stores a row it did not check.
  const parsed = serverRoutes[name].response.safeParse(json);
  if (!parsed.success) throw new ApiError('internal', `The server's answer was malformed: ${formatIssues(parsed.error)}`);
  return parsed.data as RouteResponse<K>;
}

export type ServerApi = ReturnType<typeof serverApi>;

export function serverApi(baseUrl: string) {
  return {
    /** Any JSON route of the map. */
    call: <K extends JsonRouteName>(name: K, token: string | null, request: RouteRequest<K>) => call(baseUrl, name, token, request),
    /** A CSV route as a stream (a year of calls never sits in memory), with its file name. */
    stream: async (name: 'reportCsv', token: string, request: RouteRequest<'reportCsv'>): Promise<{ name: string; body: ReadableStream<Uint8Array> }> => {
      const res = await send(baseUrl, name, token, request);
      const fileName = /filename="([\w.-]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'report.csv';
      return { name: fileName, body: res.body! };
    },
    pull: (token: string, clientId: string, cursor: number, limit = 1000, nextLimit?: number): Promise<PullResponse> =>
      call(baseUrl, 'pull', token, { clientId, cursor, limit, ...(nextLimit ? { nextLimit } : {}) }),
    push: (token: string, clientId: string, mutations: (Mutation & { id: number })[], cursor?: number): Promise<PushResponse> =>
      call(baseUrl, 'push', token, { clientId, mutations, ...(cursor !== undefined ? { cursor } : {}) }),
    socketUrl: () => (baseUrl.replace(/\/$/, '') + SYNC_SOCKET_PATH).replace(/^http/, 'ws'),
  };
}
