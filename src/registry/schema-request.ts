import { errors } from '../core/errors.ts';
import { isSchemaType, type SchemaReference, type SchemaType } from '../core/types.ts';

/** The body of a register, lookup or compatibility request, checked. */
export interface SchemaRequest {
  schema: string;
  schemaType: SchemaType;
  references: SchemaReference[];
  /** No `schemaType` was sent: the type is the registry's default for the subject. */
  typeDefaulted?: boolean;
  /** IMPORT mode only. */
  id?: number;
  version?: number;
}

const MAX_INT = 2 ** 31 - 1;

/** What reading a schema request depends on: the registry's size limit and default types. */
export interface SchemaRequestRules {
  maxSchemaBytes: number;
  defaultSchemaType: SchemaType;
  defaultSchemaTypeByPrefix: Record<string, SchemaType>;
}

/** The type a request for `subject` that names none is read as: the longest matching prefix's, else the default. */
export function defaultSchemaTypeFor(rules: SchemaRequestRules, subject: string | undefined): SchemaType {
  let best: string | undefined;
  if (subject !== undefined) {
    for (const prefix of Object.keys(rules.defaultSchemaTypeByPrefix)) {
      if (subject.startsWith(prefix) && (best === undefined || prefix.length > best.length)) best = prefix;
    }
  }
  return best === undefined ? rules.defaultSchemaType : rules.defaultSchemaTypeByPrefix[best];
}

/**
 * Checks a request body the way Confluent reads it: `schemaType` defaults to
 * AVRO (unless the registry is set to another default), unknown fields are
 * ignored. Anything malformed is a clear 400/422, never an exception further in.
 */
export function parseSchemaRequest(body: unknown, rules: SchemaRequestRules, subject?: string): SchemaRequest {
  if (body === undefined || body === null) throw errors.badRequest('The request needs a JSON body with a "schema" string.');
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw errors.badRequest(`The request body must be a JSON object with a "schema" string, got ${Array.isArray(body) ? 'an array' : typeof body}.`);
  }
  const raw = body as Record<string, unknown>;
  if (typeof raw.schema !== 'string' || raw.schema.trim() === '') {
    throw errors.invalidSchema(
      raw.schema === undefined || raw.schema === null
        ? 'Invalid schema: the request has no "schema" field (the schema text, as a JSON string)'
        : `Invalid schema: "schema" must be a non-empty string holding the schema text, got ${typeof raw.schema === 'string' ? 'an empty string' : typeof raw.schema}`,
    );
  }
  // No schema format has a use for NUL, and PostgreSQL cannot store it in text.
  const nul = raw.schema.indexOf('\u0000');
  if (nul !== -1) throw errors.invalidSchema(`Invalid schema: the schema text holds a NUL character (U+0000) at offset ${nul}`);
  const size = Buffer.byteLength(raw.schema, 'utf8');
  if (size > rules.maxSchemaBytes) throw errors.schemaTooLarge(size, rules.maxSchemaBytes);

  let schemaType: SchemaType = defaultSchemaTypeFor(rules, subject);
  const typeDefaulted = raw.schemaType === undefined || raw.schemaType === null;
  if (!typeDefaulted) {
    const upper = typeof raw.schemaType === 'string' ? raw.schemaType.toUpperCase() : raw.schemaType;
    if (!isSchemaType(upper)) throw errors.invalidSchema(`Invalid schema type ${JSON.stringify(raw.schemaType)}: use AVRO, JSON or PROTOBUF`);
    schemaType = upper;
  }

  const request: SchemaRequest = { schema: raw.schema, schemaType, references: parseReferences(raw.references), ...(typeDefaulted && { typeDefaulted }) };
  if (raw.id !== undefined && raw.id !== null) {
    if (!Number.isInteger(raw.id) || (raw.id as number) < 1 || (raw.id as number) > MAX_INT) {
      throw errors.invalidSchema(`Invalid schema: "id" must be an integer between 1 and ${MAX_INT}, got ${JSON.stringify(raw.id)}`);
    }
    request.id = raw.id as number;
  }
  if (raw.version !== undefined && raw.version !== null && raw.version !== 0 && raw.version !== -1) {
    if (!Number.isInteger(raw.version) || (raw.version as number) < 1 || (raw.version as number) > MAX_INT) {
      throw errors.invalidVersion(String(JSON.stringify(raw.version)));
    }
    request.version = raw.version as number;
  }
  return request;
}

function parseReferences(value: unknown): SchemaReference[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw errors.invalidSchema('Invalid schema: "references" must be an array of {name, subject, version}');
  const names = new Set<string>();
  return value.map((ref, i) => {
    const r = (ref ?? {}) as Record<string, unknown>;
    if (typeof ref !== 'object' || typeof r.name !== 'string' || r.name === '' || typeof r.subject !== 'string' || r.subject === '') {
      throw errors.invalidSchema(`Invalid schema: reference ${i} needs a non-empty "name" and "subject"`);
    }
    // No subject's name holds control characters, and no import path should: PostgreSQL could not even store NUL.
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f]/.test(r.name + r.subject)) throw errors.invalidSchema(`Invalid schema: reference ${i} holds control characters in its name or subject`);
    const version = r.version === undefined || r.version === null ? -1 : r.version;
    if (!Number.isInteger(version) || ((version as number) < 1 && version !== -1) || (version as number) > MAX_INT) {
      throw errors.invalidSchema(`Invalid schema: reference '${r.name}' has version ${JSON.stringify(r.version)}; use a version number or -1 for the latest`);
    }
    if (names.has(r.name)) throw errors.invalidSchema(`Invalid schema: two references are named '${r.name}'`);
    names.add(r.name);
    return { name: r.name, subject: r.subject, version: version as number };
  });
}
