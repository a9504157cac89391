import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errors } from '../../core/errors.ts';
import { LOCAL_ACTOR, ROLES, type Actor } from '../../core/governance/roles.ts';
import type { Query } from '../query.ts';
import { Authenticator, WWW_AUTHENTICATE, type AuthSettings } from './authenticator.ts';
import { accessFor, allows, ruleFor } from './route-access.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated user, when auth is on. */
    actor?: Actor;
  }
}

/**
 * Authentication and the route permission table on every request. With auth
 * off nothing is checked here: the server is on loopback only, and
 * governance writes name their user in the body (see actorFor).
 */
export function registerAuth(app: FastifyInstance, settings: AuthSettings): void {
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (!ruleFor(method, route.url)) throw new Error(`route ${method} ${route.url} has no access rule in route-access.ts`);
    }
  });
  if (!settings.enabled) return;
  const authenticator = new Authenticator(settings);
  app.decorateRequest('actor', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const url = request.routeOptions.url;
    const access = url === undefined ? undefined : accessFor(request.method, url, request.query as Query);
    if (access && 'open' in access) return;
    try {
      request.actor = await authenticator.authenticate(request.headers.authorization, request.ip);
    } catch (err) {
      if ((err as { status?: number }).status === 401) reply.header('www-authenticate', WWW_AUTHENTICATE);
      throw err;
    }
    // An unknown route is a 404 for any authenticated user.
    if (access && !allows(access, request.actor.roles)) {
      throw errors.forbidden(request.actor.name, [...new Set([...(access.roles as readonly string[]), 'admin'])].join(', '), access.what);
    }
  });
}

/** Who calls a Confluent route: the authenticated user, or with auth off the local caller (every role, unauthenticated). */
export function callerOf(request: FastifyRequest): Actor {
  return request.actor ?? LOCAL_ACTOR;
}

/**
 * Who performs a governance write: the authenticated user, or with auth off
 * the body's `user`, unauthenticated and trusted with every role it claims.
 * Routes whose body stays text pass the body as the engine parsed it.
 */
export function actorFor(request: FastifyRequest, body: unknown = request.body): Actor {
  if (request.actor) return request.actor;
  const user = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>).user : undefined;
  if (typeof user !== 'string' || user.trim() === '') throw errors.actingUserRequired();
  if (user.length > 200) throw errors.badRequest('"user" is longer than 200 characters.');
  return { name: user.trim(), roles: ROLES, authenticated: false };
}
