import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errors } from '../../core/errors.ts';
import { LOCAL_ACTOR, ROLES, type Actor } from '../../core/governance/roles.ts';
import type { Query } from '../query.ts';
import type { Clock } from '../../core/clock.ts';
import { Authenticator, WWW_AUTHENTICATE, type AuthSettings } from './authenticator.ts';
import { ConsoleSessions, cookieValue, csrfMatches, CSRF_HEADER, SESSION_COOKIE } from './console-sessions.ts';
import { accessFor, allows, ruleFor } from './route-access.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated user, when auth is on. */
    actor?: Actor;
  }
}

/** What the auth hook checks credentials with: built once per server and shared with the console's sign-in route. */
export interface AuthParts {
  settings: AuthSettings;
  authenticator: Authenticator;
  sessions: ConsoleSessions;
}

export function authParts(settings: AuthSettings, clock?: Clock): AuthParts {
  return { settings, authenticator: new Authenticator(settings, clock), sessions: new ConsoleSessions(clock) };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authentication and the route permission table on every request. A request
 * with an Authorization header is checked by it; one without, carrying the
 * console's session cookie, acts as the session's user, and every write it
 * makes must carry the session's CSRF token. With auth off nothing else is
 * checked here: the server is on loopback only, and governance writes name
 * their user in the body (see actorFor) or come from a console session.
 */
export function registerAuth(app: FastifyInstance, parts: AuthParts): void {
  const { settings, authenticator, sessions } = parts;
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (!ruleFor(method, route.url)) throw new Error(`route ${method} ${route.url} has no access rule in route-access.ts`);
    }
  });
  app.decorateRequest('actor', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const url = request.routeOptions.url;
    const access = url === undefined ? undefined : accessFor(request.method, url, request.query as Query);
    if (request.headers.authorization === undefined) {
      const session = sessions.get(cookieValue(request.headers.cookie, SESSION_COOKIE));
      if (session) {
        // SameSite=Strict already keeps other sites' requests from carrying the cookie; the token is the second lock.
        if (!SAFE_METHODS.has(request.method) && !csrfMatches(session, request.headers[CSRF_HEADER])) {
          throw errors.csrfRejected(`the ${CSRF_HEADER} header is missing or does not match the session`);
        }
        request.actor = session.actor;
      }
    }
    if (!settings.enabled) return;
    if (access && 'open' in access) return;
    if (!request.actor) {
      try {
        request.actor = await authenticator.authenticate(request.headers.authorization, request.ip);
      } catch (err) {
        if ((err as { status?: number }).status === 401) reply.header('www-authenticate', WWW_AUTHENTICATE);
        throw err;
      }
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
