import type { FastifyInstance } from 'fastify';
import { errors } from '../../core/errors.ts';
import type { RegistryServices } from '../../compose-registry.ts';
import { awaitingFor, listChangeRequests } from '../../governance/change-request-list.ts';
import { actorFor } from '../auth/register-auth.ts';
import { registerTextBodyParsers } from '../body-parser.ts';
import { pageOf, queryString, type Query } from '../query.ts';

type IdParams = { id: string };
const BASE = '/governance/change-requests';

/** /governance/change-requests: the governed path from a proposed bundle to strict. */
export function changeRequestRoutes(app: FastifyInstance, services: RegistryServices, limits: { maxDryRunBytes: number }): void {
  const crs = services.changeRequests;

  // A CR carries its sample records: the body stays text for the engine, within the dry-run's body limit.
  app.register(async (scope) => {
    registerTextBodyParsers(scope, limits.maxDryRunBytes, 'registry.maxDryRunBytes');
    scope.post(BASE, async (request, reply) => reply.code(201).send(await crs.create(request.body as string | undefined, (body) => actorFor(request, body))));
    scope.put<{ Params: IdParams }>(`${BASE}/:id/schemas`, async (request) =>
      crs.edit(request.params.id, request.body as string | undefined, (body) => actorFor(request, body)),
    );
  });
  app.get<{ Querystring: Query }>(BASE, async (request) => {
    const awaiting = queryString(request.query, 'awaiting');
    // With auth off, `me` is the acting user named by ?user=, as governance writes name it in their body.
    const caller = () => {
      const user = queryString(request.query, 'user');
      if (!request.actor && !user?.trim()) throw errors.badRequest("Authentication is off: name who 'me' is with ?user=<name> (awaiting=me).");
      return actorFor(request, { user });
    };
    const who = awaiting === undefined ? undefined : await awaitingFor(services.ctx, awaiting, caller);
    return listChangeRequests(services.ctx, queryString(request.query, 'state'), pageOf(request.query), who);
  });
  app.get<{ Params: IdParams }>(`${BASE}/:id`, async (request) => crs.show(request.params.id));
  app.post<{ Params: IdParams }>(`${BASE}/:id/dry-run`, async (request) => crs.dryRun(request.params.id, actorFor(request)));
  app.post<{ Params: IdParams }>(`${BASE}/:id/approvals`, async (request) => crs.approve(request.params.id, request.body, actorFor(request)));
  app.post<{ Params: IdParams }>(`${BASE}/:id/apply`, async (request) => crs.apply(request.params.id, actorFor(request)));
  app.post<{ Params: IdParams }>(`${BASE}/:id/promote`, async (request) => crs.promote(request.params.id, request.body, actorFor(request)));
  app.post<{ Params: IdParams }>(`${BASE}/:id/fail`, async (request) => crs.markFailed(request.params.id, request.body, actorFor(request)));
  app.post<{ Params: IdParams }>(`${BASE}/:id/reject`, async (request) => crs.reject(request.params.id, request.body, actorFor(request)));
  app.post<{ Params: IdParams }>(`${BASE}/:id/withdraw`, async (request) => crs.withdraw(request.params.id, request.body, actorFor(request)));
}
