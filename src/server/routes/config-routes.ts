import type { FastifyInstance } from 'fastify';
import type { RegistryService } from '../../registry/registry-service.ts';
import { queryFlag, type Query } from '../query.ts';

type SubjectParams = { subject: string };

/** /config and /mode, globally and per subject. */
export function configRoutes(app: FastifyInstance, registry: RegistryService): void {
  app.get<{ Querystring: Query }>('/config', async () => registry.getConfig(null));
  app.put('/config', async (request) => registry.updateConfig(null, request.body));
  app.delete('/config', async () => registry.deleteConfig(null));
  app.get<{ Params: SubjectParams; Querystring: Query }>('/config/:subject', async (request) =>
    registry.getConfig(request.params.subject, queryFlag(request.query, 'defaultToGlobal')),
  );
  app.put<{ Params: SubjectParams }>('/config/:subject', async (request) => registry.updateConfig(request.params.subject, request.body));
  app.delete<{ Params: SubjectParams }>('/config/:subject', async (request) => registry.deleteConfig(request.params.subject));

  app.get('/mode', async () => registry.getMode(null));
  app.put<{ Querystring: Query }>('/mode', async (request) => registry.updateMode(null, request.body, queryFlag(request.query, 'force')));
  app.delete('/mode', async () => registry.deleteMode(null));
  app.get<{ Params: SubjectParams; Querystring: Query }>('/mode/:subject', async (request) =>
    registry.getMode(request.params.subject, queryFlag(request.query, 'defaultToGlobal')),
  );
  app.put<{ Params: SubjectParams; Querystring: Query }>('/mode/:subject', async (request) =>
    registry.updateMode(request.params.subject, request.body, queryFlag(request.query, 'force')),
  );
  app.delete<{ Params: SubjectParams }>('/mode/:subject', async (request) => registry.deleteMode(request.params.subject));
}
