import type { ErrorName } from '../../core/errors.ts';
import type { Query } from '../query.ts';
import { validationModeQuery } from '../routes/subject-routes.ts';
import { type JsonSchema, PAGE, type RouteSpec, SCHEMA_ID, SUBJECT, VERSION, arrayOf, flag, pageRefuse, ref, schemaIdRefuse, schemaRequestRefuse, str, versionRefuse } from './route-spec-parts.ts';

/** Confluent's routes: subjects, schemas, compatibility, config and mode, and the small ones. */
export const REGISTRY_ROUTE_SPECS: Record<string, RouteSpec> = {
  // Subjects
  'GET /subjects': {
    summary: 'List subjects',
    tag: 'Subjects',
    query: { subjectPrefix: str('Only subjects starting with this prefix.'), deleted: flag('Include soft-deleted subjects'), deletedOnly: flag('Only soft-deleted subjects'), ...PAGE },
    ok: { status: 200, schema: arrayOf({ type: 'string' }), description: 'Subject names.' },
    errors: [],
    edge: { querystring: pageRefuse },
  },
  'GET /subjects/:subject/versions': {
    summary: "List a subject's versions",
    tag: 'Subjects',
    params: SUBJECT,
    query: { deleted: flag('Include soft-deleted versions'), deletedOnly: flag('Only soft-deleted versions'), ...PAGE },
    ok: { status: 200, schema: arrayOf({ type: 'integer' }), description: 'Version numbers.' },
    errors: ['subjectNotFound'],
    edge: { querystring: pageRefuse },
  },
  'POST /subjects/:subject/versions': {
    summary: 'Register a schema under a subject',
    tag: 'Subjects',
    description: 'Body checked by the service (the subject name is checked before it).',
    params: SUBJECT,
    query: {
      normalize: flag('Normalize the schema before registering'),
      validationMode: str('canary or strict (schemagate): strict refuses an incompatible schema for this registration.', { pattern: '^\\s*(?:[cC][aA][nN][aA][rR][yY]|[sS][tT][rR][iI][cC][tT])\\s*$' }),
    },
    body: ref('SchemaRequest'),
    ok: { status: 200, schema: ref('RegisterResponse'), description: 'The id (and version) the schema has under the subject.' },
    errors: ['invalidSubject', 'invalidSchema', 'invalidVersion', 'schemaTooLarge', 'incompatibleSchema', 'incompatibleSchemaDetailed', 'operationNotPermitted', 'idDoesNotMatch', 'invalidValidationMode', 'subjectUnaudited', 'subjectInCanary', 'checkBudgetExceeded', 'registryBusy'],
    edge: { querystring: (query) => void validationModeQuery(query as Query) },
  },
  'POST /subjects/:subject': {
    summary: 'Look up a schema under a subject',
    tag: 'Subjects',
    params: SUBJECT,
    query: { deleted: flag('Include soft-deleted versions'), normalize: flag('Normalize before looking up') },
    body: ref('SchemaRequest'),
    ok: { status: 200, schema: ref('SchemaVersion'), description: 'The version holding the schema.' },
    errors: ['invalidSchema', 'invalidVersion', 'schemaTooLarge', 'subjectNotFound', 'schemaNotFound', 'checkBudgetExceeded'],
    edge: { body: schemaRequestRefuse },
  },
  'DELETE /subjects/:subject': {
    summary: 'Delete a subject (soft, or permanent after a soft delete)',
    tag: 'Subjects',
    params: SUBJECT,
    query: { permanent: flag('Delete permanently (admin)') },
    ok: { status: 200, schema: arrayOf({ type: 'integer' }), description: 'The versions deleted.' },
    errors: ['subjectNotFound', 'subjectSoftDeleted', 'subjectNotSoftDeleted', 'referenceExists', 'operationNotPermitted', 'strictSubjectProtected', 'subjectInCanary', 'subjectUnaudited'],
  },
  'GET /subjects/:subject/versions/:version': {
    summary: 'Read a version of a subject',
    tag: 'Subjects',
    params: VERSION,
    query: { deleted: flag('Include soft-deleted versions') },
    ok: { status: 200, schema: ref('SchemaVersion'), description: 'The version.' },
    errors: ['invalidVersion', 'subjectNotFound', 'versionNotFound'],
    edge: { params: versionRefuse },
  },
  'GET /subjects/:subject/versions/:version/schema': {
    summary: 'Read the schema text of a version',
    tag: 'Subjects',
    params: VERSION,
    query: { deleted: flag('Include soft-deleted versions') },
    ok: { status: 200, schema: {}, description: 'The schema text itself (JSON for Avro and JSON Schema, a string for Protobuf).' },
    errors: ['invalidVersion', 'subjectNotFound', 'versionNotFound'],
    edge: { params: versionRefuse },
  },
  'GET /subjects/:subject/versions/:version/referencedby': {
    summary: 'Ids of the schemas referencing a version',
    tag: 'Subjects',
    description: 'The version is checked by the service (after the paging parameters).',
    params: VERSION,
    query: { deleted: flag('Include soft-deleted referrers'), ...PAGE },
    ok: { status: 200, schema: arrayOf({ type: 'integer' }), description: 'Schema ids.' },
    errors: ['invalidVersion', 'subjectNotFound', 'versionNotFound'],
    edge: { querystring: pageRefuse },
  },
  'DELETE /subjects/:subject/versions/:version': {
    summary: 'Delete a version (soft, or permanent after a soft delete)',
    tag: 'Subjects',
    params: VERSION,
    query: { permanent: flag('Delete permanently (admin)') },
    ok: { status: 200, schema: { type: 'integer' }, description: 'The version deleted.' },
    errors: ['invalidVersion', 'subjectNotFound', 'versionNotFound', 'versionSoftDeleted', 'versionNotSoftDeleted', 'referenceExists', 'operationNotPermitted', 'strictSubjectProtected', 'subjectInCanary', 'subjectUnaudited'],
    edge: { params: versionRefuse },
  },

  // Schemas
  'GET /schemas/ids/:id': {
    summary: 'Read a schema by global id',
    tag: 'Schemas',
    params: SCHEMA_ID,
    query: { fetchMaxId: flag('Also answer the largest id'), subject: str('Accepted for Confluent compatibility; ignored.') },
    ok: { status: 200, schema: ref('SchemaById'), description: 'The schema.' },
    errors: ['schemaNotFound'],
    edge: { params: schemaIdRefuse },
  },
  'GET /schemas/ids/:id/schema': {
    summary: 'Read the schema text by global id',
    tag: 'Schemas',
    params: SCHEMA_ID,
    ok: { status: 200, schema: {}, description: 'The schema text itself.' },
    errors: ['schemaNotFound'],
    edge: { params: schemaIdRefuse },
  },
  'GET /schemas/ids/:id/subjects': {
    summary: 'Subjects using a schema id',
    tag: 'Schemas',
    params: SCHEMA_ID,
    query: { deleted: flag('Include soft-deleted versions'), ...PAGE },
    ok: { status: 200, schema: arrayOf({ type: 'string' }), description: 'Subject names.' },
    errors: ['schemaNotFound'],
    edge: { params: schemaIdRefuse, querystring: pageRefuse },
  },
  'GET /schemas/ids/:id/versions': {
    summary: 'Subject versions using a schema id',
    tag: 'Schemas',
    params: SCHEMA_ID,
    query: { deleted: flag('Include soft-deleted versions'), ...PAGE },
    ok: { status: 200, schema: arrayOf({ type: 'object', properties: { subject: { type: 'string' }, version: { type: 'integer' } } }), description: 'Subject and version pairs.' },
    errors: ['schemaNotFound'],
    edge: { params: schemaIdRefuse, querystring: pageRefuse },
  },
  'GET /schemas/types': {
    summary: 'Supported schema types',
    tag: 'Schemas',
    ok: { status: 200, schema: arrayOf({ type: 'string', enum: ['JSON', 'PROTOBUF', 'AVRO'] }), description: 'Schema types.' },
    errors: [],
  },
  'GET /schemas': {
    summary: 'List schemas of every subject version',
    tag: 'Schemas',
    query: { subjectPrefix: str('Only subjects starting with this prefix.'), deleted: flag('Include soft-deleted versions'), latestOnly: flag('Only the latest version per subject'), ...PAGE },
    ok: { status: 200, schema: arrayOf(ref('SchemaVersion')), description: 'Schema versions.' },
    errors: [],
    edge: { querystring: pageRefuse },
  },

  // Config and mode
  ...configSpecs('Config', '/config', 'compatibility config', ref('ConfigUpdate'), ref('Config'), ['invalidCompatibilityLevel', 'strictSubjectProtected', 'subjectInCanary', 'subjectUnaudited'], 'subjectCompatibilityNotConfigured'),
  ...configSpecs('Mode', '/mode', 'mode', ref('Mode'), ref('Mode'), ['invalidMode', 'operationNotPermitted'], 'subjectModeNotConfigured'),

  // Compatibility
  'POST /compatibility/subjects/:subject/versions/:version': {
    summary: 'Test a schema against one version',
    tag: 'Compatibility',
    description: 'The body is checked by the service (after the version is found).',
    params: VERSION,
    query: { verbose: flag('Answer the reasons too') },
    body: ref('SchemaRequest'),
    ok: { status: 200, schema: ref('CompatibilityCheck'), description: 'Whether it is compatible.' },
    errors: ['invalidVersion', 'versionNotFound', 'invalidSchema', 'schemaTooLarge', 'checkBudgetExceeded', 'registryBusy'],
    edge: { params: versionRefuse },
  },
  'POST /compatibility/subjects/:subject/versions': {
    summary: "Test a schema against what the subject's level requires",
    tag: 'Compatibility',
    params: SUBJECT,
    query: { verbose: flag('Answer the reasons too') },
    body: ref('SchemaRequest'),
    ok: { status: 200, schema: ref('CompatibilityCheck'), description: 'Whether it is compatible.' },
    errors: ['invalidSchema', 'invalidVersion', 'schemaTooLarge', 'checkBudgetExceeded', 'registryBusy'],
    edge: { body: schemaRequestRefuse },
  },

  // Misc
  'GET /': { summary: 'Root: an empty object, as Confluent answers; a browser (Accept: text/html) is redirected to the console at /ui/', tag: 'Misc', ok: { status: 200, schema: { type: 'object' }, description: 'An empty object.' }, errors: [] },
  'GET /healthz': {
    summary: 'Health: reads through the store',
    tag: 'Misc',
    ok: { status: 200, schema: { type: 'object', properties: { status: { type: 'string' }, store: { type: 'string' } } }, description: 'Healthy.' },
    errors: ['storeTimeout'],
  },
  'GET /contexts': { summary: 'Schema contexts (only the default one)', tag: 'Misc', ok: { status: 200, schema: arrayOf({ type: 'string' }), description: 'Contexts.' }, errors: [] },
  'GET /metrics': { summary: 'Prometheus metrics', tag: 'Misc', ok: { status: 200, schema: { type: 'string' }, description: 'Prometheus text format.', type: 'text/plain' }, errors: [] },
  'GET /openapi.json': { summary: 'This OpenAPI document', tag: 'Misc', ok: { status: 200, schema: { type: 'object' }, description: 'OpenAPI 3.1 document.' }, errors: [] },
  '* /associations': {
    summary: 'Topic associations (unsupported: always 404)',
    tag: 'Misc',
    description: 'Confluent 8 serializers ask for associations first; the 404 makes them fall back to the topic name strategy. Answers every method.',
    ok: { status: 404, schema: ref('Error'), description: 'No association exists.' },
    errors: ['associationNotFound'],
  },
  '* /associations/*': {
    summary: 'Topic associations (unsupported: always 404)',
    tag: 'Misc',
    params: { path: str('Anything.') },
    ok: { status: 404, schema: ref('Error'), description: 'No association exists.' },
    errors: ['associationNotFound'],
  },

};

function configSpecs(tag: string, base: string, what: string, body: JsonSchema, answer: JsonSchema, invalid: ErrorName[], notConfigured: ErrorName): Record<string, RouteSpec> {
  const force = tag === 'Mode' ? { force: flag('Enter IMPORT although subjects exist') } : undefined;
  return {
    [`GET ${base}`]: { summary: `Read the global ${what}`, tag, ok: { status: 200, schema: answer, description: `The global ${what}.` }, errors: [] },
    [`PUT ${base}`]: { summary: `Change the global ${what}`, tag, ...(force && { query: force }), body, ok: { status: 200, schema: body, description: 'The new value.' }, errors: invalid },
    [`DELETE ${base}`]: { summary: `Reset the global ${what}`, tag, ok: { status: 200, schema: answer, description: 'The value removed.' }, errors: invalid.slice(1) },
    [`GET ${base}/:subject`]: {
      summary: `Read a subject's ${what}`,
      tag,
      params: SUBJECT,
      query: { defaultToGlobal: flag('Answer the global value when the subject has none') },
      ok: { status: 200, schema: answer, description: `The subject's ${what}.` },
      errors: [notConfigured],
    },
    [`PUT ${base}/:subject`]: {
      summary: `Change a subject's ${what}`,
      tag,
      description: 'The body is checked by the service (the subject name is checked before it).',
      params: SUBJECT,
      ...(force && { query: force }),
      body,
      ok: { status: 200, schema: body, description: 'The new value.' },
      errors: ['invalidSubject', ...invalid],
    },
    [`DELETE ${base}/:subject`]: { summary: `Remove a subject's ${what}`, tag, params: SUBJECT, ok: { status: 200, schema: answer, description: 'The value removed.' }, errors: ['subjectNotFound', ...invalid.slice(1)] },
  };
}
