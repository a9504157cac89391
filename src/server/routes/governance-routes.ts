import type { FastifyInstance } from 'fastify';
import { dryRun } from '../../governance/dry-run.ts';
import type { GovernanceService } from '../../governance/governance-service.ts';
import type { RegistryService } from '../../registry/registry-service.ts';
import { pageOf, queryString, type Query } from '../query.ts';

type SubjectParams = { subject: string };

/** The acting user of a governance write while auth is off: the body's `user`, recorded as unauthenticated. */
function actorOf(body: unknown): string | undefined {
  const user = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).user : undefined;
  return typeof user === 'string' && user !== '' ? `${user} (unauthenticated)` : undefined;
}

/** /governance: validation modes, reports, compat ids, diffs, dry-runs. */
export function governanceRoutes(app: FastifyInstance, registry: RegistryService, governance: GovernanceService, limits: { maxDryRunBytes: number }): void {
  app.get('/governance/config', async () => governance.getConfig());
  app.put('/governance/config', async (request) => governance.updateConfig(request.body));

  app.get<{ Params: SubjectParams }>('/governance/subjects/:subject', async (request) => governance.subjectStatus(request.params.subject));
  app.put<{ Params: SubjectParams }>('/governance/subjects/:subject/mode', async (request) =>
    governance.setSubjectMode(request.params.subject, request.body, actorOf(request.body)),
  );
  app.get<{ Params: SubjectParams; Querystring: Query }>('/governance/subjects/:subject/reports', async (request) =>
    governance.reports(request.params.subject, pageOf(request.query)),
  );
  app.get<{ Params: SubjectParams }>('/governance/subjects/:subject/compat-ids', async (request) => governance.compatIds(request.params.subject));
  app.get<{ Params: SubjectParams; Querystring: Query }>('/governance/subjects/:subject/diff', async (request) =>
    governance.diff(request.params.subject, queryString(request.query, 'from'), queryString(request.query, 'to')),
  );

  // Samples make dry-runs larger than registrations: their own body limit.
  app.post('/governance/dry-run', { bodyLimit: limits.maxDryRunBytes }, async (request) => dryRun(registry.ctx, request.body));
}
