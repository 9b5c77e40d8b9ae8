import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  ApiError,
  CAPABILITIES,
  can,
  formatIssues,
  issuesByField,
  PERMISSION_CATALOG,
  ROUTE_NAMES,
  serverRoutes,
  type RouteAccess,
  type RouteName,
  type RouteParsedRequest,
  type ServerRoutes,
} from '../../shared';
import type { Principal } from '../auth/principal';
import { replyWithError } from './http-errors';

/** Who asks, with the session their token opened. */
export type SignedIn = Principal & { tokenHash: string };

/** What a handler gets besides its validated input: who asks (null only on public routes). */
export type RouteCall<K extends RouteName> = {
  principal: ServerRoutes[K]['access'] extends { kind: 'public' } ? null : SignedIn;
  req: FastifyRequest;
  reply: FastifyReply;
};

/** A JSON route returns its answer; a CSV route sends its stream through `reply`. */
type RouteResult<K extends RouteName> = ServerRoutes[K]['response'] extends z.ZodType ? z.input<ServerRoutes[K]['response']> : FastifyReply;

export type RouteHandler<K extends RouteName> = (input: RouteParsedRequest<K>, call: RouteCall<K>) => Promise<RouteResult<K>>;
export type RouteHandlers = { [K in RouteName]: RouteHandler<K> };

/** Why a principal may not call a route, or null when they may. */
export function accessRefusal(access: RouteAccess, p: Principal): string | null {
  switch (access.kind) {
    case 'public':
    case 'signedIn':
      return null;
    case 'capability':
      if (can(p.permissions, access.capability)) return null;
      return `This needs the ${CAPABILITIES[access.capability].map((x) => PERMISSION_CATALOG[x].label).join(' and ')} permission.`;
    case 'anyCapability':
      return access.capabilities.some((c) => can(p.permissions, c)) ? null : access.why;
  }
}

/**
 * Registers every route of the shared map with its handler. Each request is checked in one
 * order: signed in (401), allowed by the route's permission (403), readable by the route's
 * schema with the path parameters joined to the body (400); then the handler runs, and an
 * `ApiError` it throws goes out with its code's status.
 */
export function registerRoutes(app: FastifyInstance, authenticate: (req: FastifyRequest) => Promise<SignedIn | null>, handlers: RouteHandlers): void {
  for (const name of ROUTE_NAMES) {
    const route = serverRoutes[name];
    const handler = handlers[name] as (input: unknown, call: { principal: SignedIn | null; req: FastifyRequest; reply: FastifyReply }) => Promise<unknown>;
    app.route({
      method: route.method,
      url: route.path,
      handler: async (req, reply) => {
        try {
          let principal: SignedIn | null = null;
          if (route.access.kind !== 'public') {
            principal = await authenticate(req);
            if (!principal) throw new ApiError('unauthenticated', 'Sign in again: your session has ended.');
            const refused = accessRefusal(route.access, principal);
            if (refused) throw new ApiError('forbidden', refused);
          }
          const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body : {};
          const input = route.request.safeParse({ ...body, ...(req.params as object) });
          if (!input.success) throw new ApiError('invalid_request', formatIssues(input.error), issuesByField(input.error));
          return await handler(input.data, { principal, req, reply });
        } catch (err) {
          if (err instanceof ApiError) return replyWithError(reply, err);
          throw err;
        }
      },
    });
  }
}
