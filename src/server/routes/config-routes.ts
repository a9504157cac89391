import type { FastifyInstance } from 'fastify';
import type { RegistryService } from '../../registry/registry-service.ts';
import { callerOf } from '../auth/register-auth.ts';
import { queryFlag, type Query } from '../query.ts';

type SubjectParams = { subject: string };

/** /config and /mode, globally and per subject. */
export function configRoutes(app: FastifyInstance, registry: RegistryService): void {
  app.get<{ Querystring: Query }>('/config', async () => registry.getConfig(null));
  app.put('/config', async (request) => registry.updateConfig(null, request.body, callerOf(request)));
  app.delete('/config', async (request) => registry.deleteConfig(null, callerOf(request)));
  app.get<{ Params: SubjectParams; Querystring: Query }>('/config/:subject', async (request) =>
    registry.getConfig(request.params.subject, queryFlag(request.query, 'defaultToGlobal')),
  );
  app.put<{ Params: SubjectParams }>('/config/:subject', async (request) => registry.updateConfig(request.params.subject, request.body, callerOf(request)));
  app.delete<{ Params: SubjectParams }>('/config/:subject', async (request) => registry.deleteConfig(request.params.subject, callerOf(request)));

  app.get('/mode', async () => registry.getMode(null));
  app.put<{ Querystring: Query }>('/mode', async (request) => registry.updateMode(null, request.body, queryFlag(request.query, 'force'), callerOf(request)));
  app.delete('/mode', async (request) => registry.deleteMode(null, callerOf(request)));
  app.get<{ Params: SubjectParams; Querystring: Query }>('/mode/:subject', async (request) =>
    registry.getMode(request.params.subject, queryFlag(request.query, 'defaultToGlobal')),
  );
  app.put<{ Params: SubjectParams; Querystring: Query }>('/mode/:subject', async (request) =>
    registry.updateMode(request.params.subject, request.body, queryFlag(request.query, 'force'), callerOf(request)),
  );
  app.delete<{ Params: SubjectParams }>('/mode/:subject', async (request) => registry.deleteMode(request.params.subject, callerOf(request)));
}
