import type { FastifyInstance } from 'fastify';
import { dryRunRequest } from '../../governance/dry-run.ts';
import { registerTextBodyParsers } from '../body-parser.ts';
import type { RegistryServices } from '../../compose-registry.ts';
import { actorFor } from '../auth/register-auth.ts';
import { errors } from '../../core/errors.ts';
import { pageOf, queryString, type Query } from '../query.ts';

type SubjectParams = { subject: string };

/** /governance: validation modes, reports, compat ids, diffs, dry-runs and the audit log. */
export function governanceRoutes(app: FastifyInstance, services: RegistryServices, limits: { maxDryRunBytes: number }): void {
  const { governance, audit, ctx } = services;
  app.get('/governance/config', async () => governance.getConfig());
  app.put('/governance/config', async (request) => governance.updateConfig(request.body));

  app.get<{ Params: SubjectParams }>('/governance/subjects/:subject', async (request) => governance.subjectStatus(request.params.subject));
  app.put<{ Params: SubjectParams }>('/governance/subjects/:subject/mode', async (request) =>
    governance.setSubjectMode(request.params.subject, request.body, actorFor(request)),
  );
  app.get<{ Params: SubjectParams; Querystring: Query }>('/governance/subjects/:subject/reports', async (request) =>
    governance.reports(request.params.subject, pageOf(request.query)),
  );
  app.get<{ Params: SubjectParams }>('/governance/subjects/:subject/compat-ids', async (request) => governance.compatIds(request.params.subject));
  app.get<{ Params: SubjectParams; Querystring: Query }>('/governance/subjects/:subject/diff', async (request) =>
    governance.diff(request.params.subject, queryString(request.query, 'from'), queryString(request.query, 'to')),
  );

  // Samples make dry-runs larger than registrations: their own body limit, and the body stays text for the engine.
  app.register(async (scope) => {
    registerTextBodyParsers(scope, limits.maxDryRunBytes, 'registry.maxDryRunBytes');
    scope.post('/governance/dry-run', async (request) => dryRunRequest(ctx, request.body as string | undefined));
  });

  app.get('/governance/audit-log', async () => ({ entries: await audit.entries() }));
  app.get<{ Querystring: Query }>('/governance/audit-log/verify', async (request) => {
    return audit.verify(expectHeadOf(request.query));
  });
  app.get('/governance/audit-log.md', async (_request, reply) => reply.type('text/markdown; charset=utf-8').send(await audit.markdown()));
  app.post('/governance/audit-log', async (request) => audit.record(request.body, actorFor(request)));
}

/** `?expectHead=`: an entry hash (64 hex characters), or absent. */
export function expectHeadOf(query: Query): string | undefined {
  const expectHead = queryString(query, 'expectHead');
  if (expectHead !== undefined && !/^[0-9a-fA-F]{64}$/.test(expectHead)) throw errors.badRequest(`expectHead must be an entry hash (64 hex characters), got '${expectHead.slice(0, 80)}'.`);
  return expectHead;
}
