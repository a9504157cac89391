import type { FastifyInstance } from 'fastify';
import { errors } from '../../core/errors.ts';
import type { RegistryService } from '../../registry/registry-service.ts';
import { SCHEMA_REGISTRY_V1 } from '../content-types.ts';
import { pageOf, queryFlag, queryString, type Query } from '../query.ts';

type IdParams = { id: string };

/** Ids are positive 32-bit integers; anything else names no schema. */
export function schemaId(raw: string): number {
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < 1 || Number(raw) > 2 ** 31 - 1) throw errors.schemaNotFound();
  return Number(raw);
}

/** /schemas: schemas by global id, and the list of supported types. */
export function schemaRoutes(app: FastifyInstance, registry: RegistryService): void {
  app.get<{ Params: IdParams; Querystring: Query }>('/schemas/ids/:id', async (request, reply) => {
    const json = await registry.getSchemaByIdJson(schemaId(request.params.id), { fetchMaxId: queryFlag(request.query, 'fetchMaxId') });
    return reply.type(SCHEMA_REGISTRY_V1).send(json);
  });

  app.get<{ Params: IdParams }>('/schemas/ids/:id/schema', async (request, reply) =>
    reply.type(SCHEMA_REGISTRY_V1).send(await registry.getSchemaText(schemaId(request.params.id))),
  );

  app.get<{ Params: IdParams; Querystring: Query }>('/schemas/ids/:id/subjects', async (request) =>
    registry.getSubjectsForSchema(schemaId(request.params.id), { deleted: queryFlag(request.query, 'deleted'), ...pageOf(request.query) }),
  );

  app.get<{ Params: IdParams; Querystring: Query }>('/schemas/ids/:id/versions', async (request) =>
    registry.getVersionsForSchema(schemaId(request.params.id), { deleted: queryFlag(request.query, 'deleted'), ...pageOf(request.query) }),
  );

  app.get('/schemas/types', async () => registry.listSchemaTypes());

  app.get<{ Querystring: Query }>('/schemas', async (request) =>
    registry.listSchemas({
      prefix: queryString(request.query, 'subjectPrefix'),
      deleted: queryFlag(request.query, 'deleted'),
      latestOnly: queryFlag(request.query, 'latestOnly'),
      ...pageOf(request.query),
    }),
  );
}
