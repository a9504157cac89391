import type { ErrorName } from '../../core/errors.ts';
import type { RegistrySettings } from '../../registry/registry-context.ts';
import { parseSchemaRequest } from '../../registry/schema-request.ts';
import { parseVersionId } from '../../registry/version-id.ts';
import { pageOf, type Query } from '../query.ts';
import { expectHeadOf } from '../routes/governance-routes.ts';
import { schemaId } from '../routes/schema-routes.ts';
import { validationModeQuery } from '../routes/subject-routes.ts';

/**
 * The one description of every route: what the OpenAPI document says about
 * it, and what is checked at the edge. Both `/openapi.json` and the route
 * validators are built from this table (see install-openapi.ts); a route
 * fastify knows but this table does not stops the server at start-up.
 *
 * Edge validation: a part (params, querystring, body) with a `refuse`
 * function gets its JSON Schema compiled by fastify and checked before the
 * handler. When the schema fails, `refuse` replays the service's own parser
 * on the same data, so the answer is the error the service would have given
 * (same code, same message). Should that parser accept the data after all,
 * the request goes on: the edge never refuses what the service accepts.
 * A part is edge-checked only where the service checks it first, so that a
 * request with two faults still gets the same error as before; the other
 * parts are described here and checked by the service.
 */
export type JsonSchema = Record<string, unknown>;
export type Refuse = (data: unknown, settings: RegistrySettings) => void;

export interface RouteSpec {
  summary: string;
  tag: string;
  description?: string;
  /** Path parameters, by name (the `*` of a wildcard route is named `path`). */
  params?: Record<string, JsonSchema>;
  /** Query parameters, by name. */
  query?: Record<string, JsonSchema>;
  /** The JSON body; `bodyText` when the route keeps it as text for the worker engine (described, never parsed at the edge). */
  body?: JsonSchema;
  bodyText?: boolean;
  /** The success answer. */
  ok: { status: number; schema: JsonSchema; description: string; type?: string };
  /** Error codes this route can answer besides the ones every route can. */
  errors: ErrorName[];
  edge?: { params?: Refuse; querystring?: Refuse; body?: Refuse };
}

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const str = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', description, ...extra });
const flag = (description: string): JsonSchema => ({ type: 'string', enum: ['true', 'false'], description: `${description} ("true" in any case is true).` });
const obj = (description: string): JsonSchema => ({ type: 'object', description, additionalProperties: true });
const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });

/** Integers as queryInt reads them (surrounding blanks allowed); the empty string means the default. */
const INT_QUERY = '^(\\s*-?\\d{1,10}\\s*)?$';
const PAGE: Record<string, JsonSchema> = {
  offset: str('Skip this many items (an integer, not negative).', { pattern: INT_QUERY }),
  limit: str('Answer at most this many items (an integer; -1 for all).', { pattern: INT_QUERY }),
};
const pageRefuse: Refuse = (query) => void pageOf(query as Query);

const SUBJECT = { subject: str('The subject name (URL-encoded).') };
const SCHEMA_ID = { id: str('A global schema id, 1 to 2^31-1.', { pattern: '^\\d{1,10}$' }) };
const schemaIdRefuse: Refuse = (params) => void schemaId(String((params as { id?: unknown }).id));
const VERSION = {
  ...SUBJECT,
  version: str('A version number 1 to 2^31-1, or "latest" (or -1).', { pattern: '^\\s*(?:[lL][aA][tT][eE][sS][tT]|-1|0*[1-9]\\d{0,9})\\s*$' }),
};
const versionRefuse: Refuse = (params) => void parseVersionId(String((params as { version?: unknown }).version));
const CR_ID = { id: str('A change request id.') };

const schemaRequestRefuse: Refuse = (body, settings) => void parseSchemaRequest(body ?? undefined, settings);

const userBody = (description: string, extra: Record<string, JsonSchema> = {}): JsonSchema => ({
  type: 'object',
  description,
  properties: { user: str('The acting user when authentication is off (ignored when it is on).'), ...extra },
});
const GOV = 'Governance';
const CRS = 'Change requests';
const AUDIT = 'Audit log';
const CR_ERRORS: ErrorName[] = ['changeRequestNotFound', 'changeRequestWrongState', 'changeRequestConflict', 'actingUserRequired', 'missingApproverRole'];

export const ROUTE_SPECS: Record<string, RouteSpec> = {
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
  'GET /': { summary: 'Root (an empty object)', tag: 'Misc', ok: { status: 200, schema: { type: 'object' }, description: 'An empty object.' }, errors: [] },
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

  // Governance
  'GET /governance/config': { summary: 'Read the governance config', tag: GOV, ok: { status: 200, schema: obj('Validation mode, canary window and approval settings.'), description: 'The governance config.' }, errors: [] },
  'PUT /governance/config': {
    summary: 'Change the governance config',
    tag: GOV,
    body: obj('For example {"validationMode": "canary", "minCanaryWindow": "48h"}.'),
    ok: { status: 200, schema: obj('The governance config.'), description: 'The new governance config.' },
    errors: ['invalidValidationMode', 'invalidGovernanceSetting'],
  },
  'GET /governance/subjects/:subject': { summary: "A subject's governance status", tag: GOV, params: SUBJECT, ok: { status: 200, schema: obj('Validation mode, audit and canary state.'), description: 'Status.' }, errors: ['subjectNotFound'] },
  'PUT /governance/subjects/:subject/mode': {
    summary: "Set a subject's validation mode",
    tag: GOV,
    params: SUBJECT,
    body: userBody('{"mode": "canary" | "strict"}', { mode: str('canary or strict.') }),
    ok: { status: 200, schema: obj('The subject status.'), description: 'Done.' },
    errors: ['invalidValidationMode', 'invalidSubject', 'actingUserRequired', 'strictSubjectProtected', 'subjectInCanary', 'subjectUnaudited'],
  },
  'GET /governance/subjects/:subject/reports': {
    summary: 'Validation reports of a subject',
    tag: GOV,
    params: SUBJECT,
    query: PAGE,
    ok: { status: 200, schema: obj('Reports, newest first.'), description: 'Reports.' },
    errors: ['subjectNotFound'],
    edge: { querystring: pageRefuse },
  },
  'GET /governance/subjects/:subject/compat-ids': { summary: 'Schema compat ids of a subject', tag: GOV, params: SUBJECT, ok: { status: 200, schema: obj('Compat ids by version.'), description: 'Compat ids.' }, errors: ['subjectNotFound'] },
  'GET /governance/subjects/:subject/diff': {
    summary: 'Diff two versions of a subject',
    tag: GOV,
    params: SUBJECT,
    query: { from: str('A version.'), to: str('A version.') },
    ok: { status: 200, schema: obj('The diff.'), description: 'The diff.' },
    errors: ['subjectNotFound', 'versionNotFound', 'invalidVersion'],
  },
  'POST /governance/dry-run': {
    summary: 'Dry-run a bundle against the registry',
    tag: GOV,
    description: 'The body stays text for the worker engine (it may hold megabytes of sample records); it is described here, not parsed at the edge.',
    body: obj('{"schemas": [{"subject", "schema", "schemaType", "references", "samples"}], …}'),
    bodyText: true,
    ok: { status: 200, schema: obj('The dry-run report.'), description: 'The report.' },
    errors: ['invalidBundle', 'invalidSchema', 'schemaTooLarge', 'checkBudgetExceeded', 'registryBusy'],
  },
  'GET /governance/audit-log': { summary: 'The audit log', tag: AUDIT, ok: { status: 200, schema: { type: 'object', properties: { entries: arrayOf(obj('An entry.')) } }, description: 'Entries.' }, errors: [] },
  'GET /governance/audit-log/verify': {
    summary: 'Verify the audit chain',
    tag: AUDIT,
    query: { expectHead: str('The hash the chain must end with (64 hex characters).', { pattern: '^[0-9a-fA-F]{64}$' }) },
    ok: { status: 200, schema: obj('The verification result.'), description: 'Result.' },
    errors: [],
    edge: { querystring: (query) => void expectHeadOf(query as Query) },
  },
  'GET /governance/audit-log.md': { summary: 'The audit log as Markdown', tag: AUDIT, ok: { status: 200, schema: { type: 'string' }, description: 'Markdown.', type: 'text/markdown' }, errors: [] },
  'POST /governance/audit-log': {
    summary: 'Record an audit entry by hand',
    tag: AUDIT,
    body: userBody('{"schemaBundleSha", "changeRequest", "validationWindow", "notes", "subjects"}'),
    ok: { status: 200, schema: obj('The entry recorded.'), description: 'Recorded.' },
    errors: ['invalidAuditEntry', 'actingUserRequired'],
  },

  // Change requests
  'POST /governance/change-requests': {
    summary: 'Open a change request',
    tag: CRS,
    description: 'The body stays text for the worker engine; described here, not parsed at the edge.',
    body: userBody('{"title", "reference", "schemas": [...]}'),
    bodyText: true,
    ok: { status: 201, schema: obj('The change request.'), description: 'Created.' },
    errors: ['invalidChangeRequest', 'invalidBundle', 'invalidSchema', 'actingUserRequired', 'changeRequestChangesNothing'],
  },
  'GET /governance/change-requests': {
    summary: 'List change requests',
    tag: CRS,
    query: { state: str('Only this state.'), awaiting: str('Only those awaiting this role, or "me".'), user: str('Who "me" is when authentication is off.'), ...PAGE },
    ok: { status: 200, schema: arrayOf(obj('A change request.')), description: 'Change requests.' },
    errors: [],
  },
  'GET /governance/change-requests/:id': { summary: 'Read a change request', tag: CRS, params: CR_ID, ok: { status: 200, schema: obj('The change request.'), description: 'It.' }, errors: ['changeRequestNotFound'] },
  'PUT /governance/change-requests/:id/schemas': {
    summary: "Edit a change request's bundle",
    tag: CRS,
    description: 'The body stays text for the worker engine; described here, not parsed at the edge.',
    params: CR_ID,
    body: userBody('{"schemas": [...]}'),
    bodyText: true,
    ok: { status: 200, schema: obj('The change request.'), description: 'Edited.' },
    errors: [...CR_ERRORS, 'invalidChangeRequest', 'invalidBundle', 'invalidSchema'],
  },
  ...crActions(),
};

function crActions(): Record<string, RouteSpec> {
  const actions: Array<[string, string, ErrorName[]]> = [
    ['dry-run', 'Dry-run a change request', ['checkBudgetExceeded', 'registryBusy']],
    ['approvals', 'Approve a change request in a role', ['approveOwnChangeRequest', 'roleAlreadyApproved', 'approverAlreadyApproved', 'dryRunRequired']],
    ['apply', 'Apply an approved change request (starts its canary)', ['approvalsMissing', 'changeRequestStale', 'subjectInCanary']],
    ['promote', 'Promote a change request to strict after its canary window', ['canaryWindowOpen', 'canaryHasFailures', 'canaryInterrupted']],
    ['fail', 'Mark a canary failed', []],
    ['reject', 'Reject a change request', []],
    ['withdraw', 'Withdraw a change request', []],
  ];
  return Object.fromEntries(
    actions.map(([action, summary, errors]) => [
      `POST /governance/change-requests/:id/${action}`,
      {
        summary,
        tag: CRS,
        params: CR_ID,
        ...(action !== 'dry-run' && action !== 'apply' && { body: userBody(action === 'approvals' ? '{"role", "comment"}' : '{"reason"}') }),
        ok: { status: 200, schema: obj('The change request (or the dry-run report).'), description: 'Done.' },
        errors: [...CR_ERRORS, ...errors],
      } satisfies RouteSpec,
    ]),
  );
}

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

/** Shared shapes the routes refer to. */
export const COMPONENT_SCHEMAS: Record<string, JsonSchema> = {
  Error: {
    type: 'object',
    required: ['error_code', 'message'],
    properties: { error_code: { type: 'integer', description: 'A code from docs/errors.md; the HTTP status is its first three digits.' }, message: { type: 'string' } },
    additionalProperties: true,
  },
  SchemaReference: {
    type: 'object',
    required: ['name', 'subject'],
    properties: { name: { type: 'string' }, subject: { type: 'string' }, version: { type: 'integer', description: 'A version, or -1 for the latest.' } },
  },
  SchemaRequest: {
    type: 'object',
    description: 'Unknown fields are ignored, as Confluent does.',
    required: ['schema'],
    properties: {
      schema: { type: 'string', minLength: 1, description: 'The schema text.' },
      schemaType: { type: ['string', 'null'], description: 'AVRO (the default), JSON or PROTOBUF; any case.' },
      references: { type: ['array', 'null'], items: ref('SchemaReference') },
      id: { type: ['integer', 'null'], description: 'IMPORT mode only.' },
      version: { type: ['integer', 'null'], description: 'IMPORT mode only.' },
    },
  },
  RegisterResponse: {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'integer' }, version: { type: 'integer' }, schemaCompatId: { type: 'string' }, report: obj('The validation report.') },
  },
  SchemaVersion: {
    type: 'object',
    properties: { subject: { type: 'string' }, version: { type: 'integer' }, id: { type: 'integer' }, schemaType: { type: 'string' }, references: arrayOf(ref('SchemaReference')), schema: { type: 'string' } },
  },
  SchemaById: {
    type: 'object',
    properties: { schema: { type: 'string' }, schemaType: { type: 'string' }, references: arrayOf(ref('SchemaReference')), maxId: { type: 'integer' } },
  },
  Config: {
    type: 'object',
    properties: { compatibilityLevel: { type: 'string' }, compatibilityPolicy: { type: 'string' }, normalize: { type: 'boolean' } },
  },
  ConfigUpdate: {
    type: 'object',
    properties: {
      compatibility: { type: 'string', enum: ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'] },
      compatibilityPolicy: { type: 'string', enum: ['STRICT', 'LENIENT'] },
      normalize: { type: 'boolean' },
    },
  },
  Mode: { type: 'object', properties: { mode: { type: 'string', enum: ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT'] } } },
  CompatibilityCheck: { type: 'object', properties: { is_compatible: { type: 'boolean' }, messages: arrayOf({ type: 'string' }) } },
};

/** Errors any route can answer. */
export const COMMON_ERRORS: ErrorName[] = ['badRequest', 'authenticationRequired', 'forbidden', 'unsupportedMediaType', 'internalError', 'storeError'];
