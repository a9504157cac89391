import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RegistryServices } from '../../compose-registry.ts';
import { bundleDiffs, schemaDiff, versionFlags, windowFailures } from '../../console/change-request-page.ts';
import { buildInbox } from '../../console/console-inbox.ts';
import { subjectDetail, subjectPage } from '../../console/subject-pages.ts';
import { errors } from '../../core/errors.ts';
import { ROLES, type Actor } from '../../core/governance/roles.ts';
import type { AuthParts } from '../auth/register-auth.ts';
import { clearedSessionCookie, cookieValue, SESSION_COOKIE, sessionCookie } from '../auth/console-sessions.ts';
import { pageOf, queryString, type Query } from '../query.ts';
import { changeRequestActions } from './change-request-actions.ts';
import { loadConsoleAssets, type ConsoleAsset } from './console-assets.ts';

type SubjectParams = { subject: string };

/** The signed-in user of a console API request: a session (or, with auth on, any credentials). */
function consoleUser(request: FastifyRequest): Actor {
  if (!request.actor) throw errors.authenticationRequired('sign in to the console (POST /ui/api/session)');
  return request.actor;
}

function isHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

/**
 * The governance console: its page and assets under /ui/, its sign-in
 * session, and the views it reads (/ui/api/…), each assembled here from the
 * same services the REST API uses. Every write the console makes goes
 * through the REST API itself, with the session cookie and CSRF token, so
 * it is allowed exactly when the API allows it.
 */
export function consoleRoutes(app: FastifyInstance, services: RegistryServices, auth: AuthParts): void {
  const { files, indexHtml, csp } = loadConsoleAssets();
  const send = (request: FastifyRequest, reply: FastifyReply, file: ConsoleAsset) => {
    reply.header('etag', file.etag).header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
    if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
    return reply.type(file.type).send(file.body);
  };

  // Confluent answers GET / with {}; clients probing it still get that, a browser is sent to the console.
  app.get('/', async (request, reply) => ((request.headers.accept ?? '').includes('text/html') ? reply.redirect('/ui/', 302) : {}));
  app.get('/ui', async (request, reply) => {
    reply.header('content-security-policy', csp).header('x-frame-options', 'DENY');
    return send(request, reply, indexHtml);
  });
  app.get<{ Params: { '*': string } }>('/ui/*', async (request, reply) => {
    const file = files.get(request.params['*']);
    if (!file) throw errors.routeNotFound(request.method, request.url.split('?')[0]);
    return send(request, reply, file);
  });

  app.get('/ui/api/session', async (request, reply) => {
    // It carries the CSRF token: never kept by a cache.
    reply.header('cache-control', 'no-store');
    return { authEnabled: auth.settings.enabled, session: sessionView(auth, request) };
  });
  app.post('/ui/api/session', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const user = typeof body.user === 'string' ? body.user.trim() : '';
    if (user === '' || user.length > 200) throw errors.badRequest('Give "user" (and with auth on "password") to sign in.');
    let actor: Actor;
    if (auth.settings.enabled) {
      const password = typeof body.password === 'string' ? body.password : '';
      actor = await auth.authenticator.authenticate(`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, request.ip);
    } else {
      // Auth off: the loopback console acts as whoever is named, unauthenticated, as the API's body `user` does.
      actor = { name: user, roles: ROLES, authenticated: false };
    }
    // A new sign-in ends the session this browser had: one session per browser, and a fixed cookie is worth nothing.
    auth.sessions.end(cookieValue(request.headers.cookie, SESSION_COOKIE));
    const { id, session } = auth.sessions.create(actor);
    reply.header('set-cookie', sessionCookie(id, auth.sessions.cookieMaxAge, isHttps(request))).header('cache-control', 'no-store');
    return { user: actor.name, roles: actor.roles, authenticated: actor.authenticated, csrfToken: session.csrfToken };
  });
  app.delete('/ui/api/session', async (request, reply) => {
    auth.sessions.end(cookieValue(request.headers.cookie, SESSION_COOKIE));
    reply.header('set-cookie', clearedSessionCookie(isHttps(request)));
    return { signedOut: true };
  });

  app.get('/ui/api/inbox', async (request) => buildInbox(services, consoleUser(request)));

  app.get<{ Params: { id: string } }>('/ui/api/change-requests/:id', async (request) => {
    const actor = consoleUser(request);
    const crs = services.changeRequests;
    const view = await crs.show(request.params.id);
    const policy = await crs.policy();
    const now = services.registry.ctx.clock.now();
    const failures = await windowFailures(services, view);
    // Apply and promote also refuse what only the store can tell (a stale plan, another canary, an interrupted window): asked of the service itself.
    const refusal = (check: () => Promise<unknown>) => check().then(() => undefined, (err: Error) => err);
    const refused = {
      apply: view.state === 'approved' ? await refusal(() => crs.checkApply(view, actor, policy)) : undefined,
      promote: view.state === 'canary' ? await refusal(() => crs.checkPromote(view, '', actor, policy, now)) : undefined,
    };
    return {
      changeRequest: view,
      subjects: await bundleDiffs(services, view),
      failures: failures.list,
      failureCount: failures.total,
      actions: changeRequestActions(view, actor, policy, now, view.canaryStatus?.failures ?? 0, refused),
      now: now.toISOString(),
    };
  });

  app.get<{ Querystring: Query }>('/ui/api/subjects', async (request) => {
    consoleUser(request);
    return subjectPage(services, { q: queryString(request.query, 'q'), ...pageOf(request.query) });
  });
  app.get<{ Params: SubjectParams }>('/ui/api/subjects/:subject', async (request) => {
    consoleUser(request);
    return subjectDetail(services, request.params.subject);
  });
  app.get<{ Params: SubjectParams; Querystring: Query }>('/ui/api/subjects/:subject/diff', async (request) => {
    consoleUser(request);
    const { subject } = request.params;
    const store = services.registry.store;
    const pick = async (raw: string | undefined, name: string) => {
      if (raw === undefined || !/^[1-9]\d{0,9}$/.test(raw)) throw errors.badRequest(`Give ?${name}=<version>.`);
      const found = await store.getVersionWithSchema(subject, Number(raw));
      if (!found) throw errors.versionNotFound(Number(raw));
      return found;
    };
    const from = await pick(queryString(request.query, 'from'), 'from');
    const to = await pick(queryString(request.query, 'to'), 'to');
    const flags = await versionFlags(services, subject, from.version.version, to.version.version);
    return {
      subject,
      from: { version: from.version.version, id: from.schema.id },
      to: { version: to.version.version, id: to.schema.id },
      diff: await schemaDiff(services, { schemaType: from.schema.schemaType, text: from.schema.schema }, { schemaType: to.schema.schemaType, text: to.schema.schema }, flags),
    };
  });
}

function sessionView(auth: AuthParts, request: FastifyRequest) {
  const session = request.headers.authorization === undefined ? auth.sessions.get(cookieValue(request.headers.cookie, SESSION_COOKIE)) : undefined;
  if (!session) return null;
  return { user: session.actor.name, roles: session.actor.roles, authenticated: session.actor.authenticated, csrfToken: session.csrfToken };
}
