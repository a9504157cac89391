import avro from 'avsc';
import type { ProtobufModel } from '../formats/protobuf/protobuf-model.ts';
import { avroCanonicalValue } from '../formats/avro/avro-canonical.ts';
import type { AvroType } from '../formats/avro/avro-model.ts';
import { compileJsonSchema } from '../formats/json-schema/compile-json-schema.ts';
import type { JsonSchemaModel } from '../formats/json-schema/json-schema-model.ts';
import type { ParsedSchema } from '../parse-schema.ts';
import { jsonDepth } from '../json/json-depth.ts';
import { perSchema } from '../per-schema.ts';

export interface RecordIssue {
  /** Where in the record: a JSON pointer (`/items/0/price`). */
  path: string;
  message: string;
}

export type RecordValidator = (record: unknown) => RecordIssue[];

/**
 * Checks that a record (a JSON value) is data the schema accepts: JSON Schema
 * with ajv, Avro by asking avsc whether it could encode it, Protobuf by
 * protobufjs's verifier for the file's first message (Confluent's default).
 * Built once per parsed schema.
 */
export const recordValidatorFor = perSchema((parsed) => guarded(build(parsed)));

/** Records nested deeper than this are reported invalid before any validator walks them. */
export const MAX_RECORD_DEPTH = 256;

function build(parsed: ParsedSchema): RecordValidator {
  switch (parsed.type) {
    case 'JSON':
      return jsonValidator(parsed.model as JsonSchemaModel);
    case 'AVRO':
      return avroValidator(parsed.model as AvroType);
    case 'PROTOBUF':
      return protobufValidator(parsed.model as ProtobufModel);
  }
}

/**
 * Validators recurse with the record (and with a schema that refers to
 * itself, as a `$dynamicRef` loop may, even without it): a record too deep
 * is an invalid record, and a recursion that runs out of stack is reported
 * as an issue of that record, never as a failure of the whole request.
 */
function guarded(validate: RecordValidator): RecordValidator {
  return (record) => {
    const depth = jsonDepth(record);
    if (depth > MAX_RECORD_DEPTH) return [{ path: '/', message: `the record nests ${depth} levels deep; the limit is ${MAX_RECORD_DEPTH}` }];
    try {
      return validate(record);
    } catch (err) {
      if (err instanceof RangeError) return [{ path: '/', message: 'validating the record recursed without end (does the schema refer to itself without consuming data?)' }];
      throw err;
    }
  };
}

function jsonValidator(model: JsonSchemaModel): RecordValidator {
  // Most records are valid: a validator that stops at the first error decides,
  // and only a failing record is run again to list all of its issues.
  const decide = compileJsonSchema(model.draft, model.schema, model.references, 'check', model.size);
  let explain: ReturnType<typeof compileJsonSchema> | undefined;
  return (record) => {
    if (decide(record)) return [];
    explain ??= compileJsonSchema(model.draft, model.schema, model.references, 'validate', model.size);
    explain(record);
    return (explain.errors ?? []).map((e) => {
      const extra = (e.params as { additionalProperty?: string; missingProperty?: string }) ?? {};
      const detail = extra.additionalProperty ? ` ('${extra.additionalProperty}')` : '';
      return { path: e.instancePath || '/', message: `${e.message ?? 'is invalid'}${detail}` };
    });
  };
}

function avroValidator(model: AvroType): RecordValidator {
  // A self-contained copy of the schema: named types from references are spelled out where first used.
  const type = avro.Type.forSchema(avroCanonicalValue(model) as avro.Schema, { wrapUnions: 'auto' });
  return (record) => {
    const issues: RecordIssue[] = [];
    type.isValid(record, {
      errorHook: (path: string[], value: unknown, invalidType: avro.Type) => {
        const expected = invalidType.typeName;
        issues.push({ path: `/${path.join('/')}`, message: `${JSON.stringify(value) ?? 'undefined'} is not a valid ${expected}` });
      },
    });
    return issues;
  };
}

function protobufValidator(model: ProtobufModel): RecordValidator {
  const name = model.messageNames[0];
  if (!name) return () => [{ path: '/', message: 'the schema declares no message to validate against' }];
  const type = model.resolvedRoot.lookupType(name);
  return (record) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      return [{ path: '/', message: `a ${name} message is an object, got ${Array.isArray(record) ? 'an array' : JSON.stringify(record)}` }];
    }
    const error = type.verify(record as Record<string, unknown>);
    if (!error) return [];
    const colon = error.indexOf(':');
    return [{ path: colon > 0 ? `/${error.slice(0, colon).replaceAll('.', '/')}` : '/', message: colon > 0 ? error.slice(colon + 1).trim() : error }];
  };
}
