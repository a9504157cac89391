import type { ErrorName } from '../../core/errors.ts';
import type { RegistrySettings } from '../../registry/registry-context.ts';
import { parseSchemaRequest } from '../../registry/schema-request.ts';
import { parseVersionId } from '../../registry/version-id.ts';
import { pageOf, type Query } from '../query.ts';
import { schemaId } from '../routes/schema-routes.ts';

/** The building blocks of the route specs (route-specs.ts): types, shared parameters and the parsers replayed at the edge. */
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

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
export const str = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', description, ...extra });
export const flag = (description: string): JsonSchema => ({ type: 'string', enum: ['true', 'false'], description: `${description} ("true" in any case is true).` });
export const obj = (description: string): JsonSchema => ({ type: 'object', description, additionalProperties: true });
export const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });

/** Integers as queryInt reads them (surrounding blanks allowed); the empty string means the default. */
export const INT_QUERY = '^(\\s*-?\\d{1,10}\\s*)?$';
export const PAGE: Record<string, JsonSchema> = {
  offset: str('Skip this many items (an integer, not negative).', { pattern: INT_QUERY }),
  limit: str('Answer at most this many items (an integer; -1 for all).', { pattern: INT_QUERY }),
};
export const pageRefuse: Refuse = (query) => void pageOf(query as Query);

export const SUBJECT = { subject: str('The subject name (URL-encoded).') };
export const SCHEMA_ID = { id: str('A global schema id, 1 to 2^31-1.', { pattern: '^\\d{1,10}$' }) };
export const schemaIdRefuse: Refuse = (params) => void schemaId(String((params as { id?: unknown }).id));
export const VERSION = {
  ...SUBJECT,
  version: str('A version number 1 to 2^31-1, or "latest" (or -1).', { pattern: '^\\s*(?:[lL][aA][tT][eE][sS][tT]|-1|0*[1-9]\\d{0,9})\\s*$' }),
};
export const versionRefuse: Refuse = (params) => void parseVersionId(String((params as { version?: unknown }).version));
export const CR_ID = { id: str('A change request id.') };

export const schemaRequestRefuse: Refuse = (body, settings) => void parseSchemaRequest(body ?? undefined, settings);

export const userBody = (description: string, extra: Record<string, JsonSchema> = {}): JsonSchema => ({
  type: 'object',
  description,
  properties: { user: str('The acting user when authentication is off (ignored when it is on).'), ...extra },
});
export const GOV = 'Governance';
export const CRS = 'Change requests';
export const AUDIT = 'Audit log';
export const NOTIFY = 'Notifications';
export const CR_ERRORS: ErrorName[] = ['changeRequestNotFound', 'changeRequestWrongState', 'changeRequestConflict', 'actingUserRequired', 'missingApproverRole'];

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
