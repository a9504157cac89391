import { jsonDepth } from '../json/json-depth.ts';
import { parseJson } from '../json/parse-json.ts';
import type { SchemaType } from '../types.ts';
import { invalidSchema, MAX_SCHEMA_DEPTH } from './invalid-schema.ts';

/** Decodes the JSON text of an Avro or JSON Schema schema, refusing what is not JSON or nests too deeply. */
export function parseSchemaJson(type: SchemaType, text: string): unknown {
  const parsed = parseJson(text);
  if (!parsed.ok) throw invalidSchema(type, `not valid JSON: ${parsed.error}`);
  const depth = jsonDepth(parsed.value);
  if (depth > MAX_SCHEMA_DEPTH) {
    throw invalidSchema(type, `the schema nests ${depth} levels deep; the limit is ${MAX_SCHEMA_DEPTH}`);
  }
  return parsed.value;
}
