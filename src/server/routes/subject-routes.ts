import type { FastifyInstance, FastifyReply } from 'fastify';
import { errors } from '../../core/errors.ts';
import { parseValidationMode, type ValidationMode } from '../../core/types.ts';
import type { RegistrationOutcome } from '../../registry/registration.ts';
import type { RegistryService } from '../../registry/registry-service.ts';
import { callerOf } from '../auth/register-auth.ts';
import { SCHEMA_REGISTRY_V1 } from '../content-types.ts';
import { pageOf, queryFlag, queryString, type Query } from '../query.ts';

type SubjectParams = { subject: string };
type VersionParams = { subject: string; version: string };

/** /subjects: list, register, look up, read versions, delete. */
export function subjectRoutes(app: FastifyInstance, registry: RegistryService): void {
  app.get<{ Querystring: Query }>('/subjects', async (request) =>
    registry.listSubjects({
      prefix: queryString(request.query, 'subjectPrefix'),
      deleted: queryFlag(request.query, 'deleted'),
      deletedOnly: queryFlag(request.query, 'deletedOnly'),
      ...pageOf(request.query),
    }),
  );

  app.get<{ Params: SubjectParams; Querystring: Query }>('/subjects/:subject/versions', async (request) =>
    registry.listVersions(request.params.subject, {
      deleted: queryFlag(request.query, 'deleted'),
      deletedOnly: queryFlag(request.query, 'deletedOnly'),
      ...pageOf(request.query),
    }),
  );

  app.post<{ Params: SubjectParams; Querystring: Query }>('/subjects/:subject/versions', async (request, reply) => {
    const outcome = await registry.register(request.params.subject, request.body, {
      normalize: queryFlag(request.query, 'normalize'),
      strict: validationModeQuery(request.query) === 'strict',
      actor: callerOf(request),
    });
    return registrationReply(reply, outcome);
  });

  app.post<{ Params: SubjectParams; Querystring: Query }>('/subjects/:subject', async (request) =>
    registry.lookup(request.params.subject, request.body, { deleted: queryFlag(request.query, 'deleted') }),
  );

  app.delete<{ Params: SubjectParams; Querystring: Query }>('/subjects/:subject', async (request) =>
    registry.deleteSubject(request.params.subject, queryFlag(request.query, 'permanent'), callerOf(request)),
  );

  app.get<{ Params: VersionParams; Querystring: Query }>('/subjects/:subject/versions/:version', async (request) =>
    registry.getVersion(request.params.subject, request.params.version, { deleted: queryFlag(request.query, 'deleted') }),
  );

  app.get<{ Params: VersionParams; Querystring: Query }>('/subjects/:subject/versions/:version/schema', async (request, reply) => {
    const body = await registry.getVersion(request.params.subject, request.params.version, { deleted: queryFlag(request.query, 'deleted') });
    // The schema text itself, unescaped, as Confluent serves it.
    return reply.type(SCHEMA_REGISTRY_V1).send(body.schema);
  });

  app.get<{ Params: VersionParams; Querystring: Query }>('/subjects/:subject/versions/:version/referencedby', async (request) =>
    registry.getReferencedBy(request.params.subject, request.params.version, {
      deleted: queryFlag(request.query, 'deleted'),
      ...pageOf(request.query),
    }),
  );

  app.delete<{ Params: VersionParams; Querystring: Query }>('/subjects/:subject/versions/:version', async (request) =>
    registry.deleteVersion(request.params.subject, request.params.version, queryFlag(request.query, 'permanent'), callerOf(request)),
  );
}

/**
 * Confluent's `{"id": N}` plus the version, the schema_compat_id and the
 * validation report; a canary registration of an incompatible schema also
 * carries an HTTP Warning naming the broken rules.
 */
/** `?validationMode=strict|canary` (schemagate's): strict tightens this registration; canary leaves the subject's mode. */
export function validationModeQuery(query: Query): ValidationMode | undefined {
  const raw = queryString(query, 'validationMode');
  if (raw === undefined) return undefined;
  const mode = parseValidationMode(raw);
  if (!mode) throw errors.invalidValidationMode(raw);
  return mode;
}

function registrationReply(reply: FastifyReply, outcome: RegistrationOutcome) {
  if (outcome.warning) reply.header('warning', `299 - "${headerSafe(outcome.warning)}"`);
  return {
    id: outcome.id,
    version: outcome.version,
    ...(outcome.schemaCompatId && { schemaCompatId: outcome.schemaCompatId }),
    ...(outcome.report && { report: outcome.report }),
  };
}

/** Header values must be printable ASCII: escape the rest (subjects may be any Unicode). */
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]|["\\]/g, (ch) => (ch === '"' || ch === '\\' ? `\\${ch}` : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
