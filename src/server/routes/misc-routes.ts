import type { FastifyInstance } from 'fastify';
import { errors } from '../../core/errors.ts';
import type { RegistryService } from '../../registry/registry-service.ts';

/** Health, contexts, and the association endpoints Confluent clients probe. */
export function miscRoutes(app: FastifyInstance, registry: RegistryService): void {
  app.get('/healthz', async () => {
    // A read through the store, so a broken database shows up here.
    await registry.store.maxSchemaId();
    return { status: 'ok', store: registry.store.kind };
  });

  app.get('/contexts', async () => ['.']);

  // Confluent 8 serializers ask for topic→subject associations first; a 404
  // with an error body makes them fall back to the topic name strategy.
  app.all('/associations', async (request) => {
    throw errors.associationNotFound(request.url.split('?')[0]);
  });
  app.all('/associations/*', async (request) => {
    throw errors.associationNotFound(request.url.split('?')[0]);
  });
}
