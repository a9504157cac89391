import type { FastifyInstance } from 'fastify';
import type { RegistryService } from '../../registry/registry-service.ts';
import { queryFlag, type Query } from '../query.ts';

/** /compatibility: test a schema against one version, or against what the subject's level requires. */
export function compatibilityRoutes(app: FastifyInstance, registry: RegistryService): void {
  app.post<{ Params: { subject: string; version: string }; Querystring: Query }>(
    '/compatibility/subjects/:subject/versions/:version',
    async (request) =>
      registry.testCompatibility(request.params.subject, request.params.version, request.body, { verbose: queryFlag(request.query, 'verbose') }),
  );
  app.post<{ Params: { subject: string }; Querystring: Query }>('/compatibility/subjects/:subject/versions', async (request) =>
    registry.testCompatibility(request.params.subject, undefined, request.body, { verbose: queryFlag(request.query, 'verbose') }),
  );
}
