import { findNonFinite } from '../json/find-non-finite.ts';
import { jsonDepth } from '../json/json-depth.ts';
import { parseJson } from '../json/parse-json.ts';
import type { SchemaType } from '../types.ts';
import { invalidSchema, MAX_SCHEMA_DEPTH } from './invalid-schema.ts';

/** Decodes the JSON text of an Avro or JSON Schema schema, refusing what is not JSON, nests too deeply or holds a number too large to write back. */
export function parseSchemaJson(type: SchemaType, text: string): unknown {
  const parsed = parseJson(text);
  if (!parsed.ok) throw invalidSchema(type, `not valid JSON: ${parsed.error}`);
  const depth = jsonDepth(parsed.value);
  if (depth > MAX_SCHEMA_DEPTH) {
    throw invalidSchema(type, `the schema nests ${depth} levels deep; the limit is ${MAX_SCHEMA_DEPTH}`);
  }
  const nonFinite = findNonFinite(parsed.value);
  if (nonFinite !== undefined) throw invalidSchema(type, 'a number is too large to represent (JSON numbers must be finite)', nonFinite);
  return parsed.value;
}
