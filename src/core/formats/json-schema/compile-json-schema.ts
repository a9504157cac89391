import type { ValidateFunction } from 'ajv';
import { ajvFor, noteCompiled, type JsonSchemaDraft } from './json-schema-drafts.ts';

export interface NamedJsonSchema {
  /** The reference name the schema is imported by (`$ref: "<name>"`). */
  name: string;
  schema: unknown;
}

/**
 * Copies top-level `definitions` into `$defs` (keeping `$defs` entries on a
 * clash), so `$ref: "#/$defs/X"` resolves whichever bucket holds X — as
 * Confluent does before loading a schema.
 */
export function bridgeDefinitions(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const obj = schema as Record<string, unknown>;
  const from = obj.definitions;
  const to = obj.$defs;
  if (from === null || typeof from !== 'object' || Object.keys(from).length === 0) return schema;
  if (to !== undefined && (to === null || typeof to !== 'object')) return schema;
  return { ...obj, $defs: { ...(from as object), ...(to as object | undefined) } };
}

function idOf(schema: unknown): string | undefined {
  const id = schema !== null && typeof schema === 'object' ? (schema as Record<string, unknown>).$id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Compiles a schema on the shared ajv of its draft, with its references
 * available under their names, and removes everything it added afterwards
 * so the next compile starts from a clean instance (one `$id` per instance).
 */
export function compileJsonSchema(
  draft: JsonSchemaDraft,
  original: unknown,
  references: readonly NamedJsonSchema[],
  purpose: 'check' | 'validate' = 'check',
  /** The schema's size in characters (with its references), which the ajv instance retains. */
  size = 0,
): ValidateFunction {
  const schema = bridgeDefinitions(original);
  const ajv = ajvFor(draft, purpose);
  const addedKeys: string[] = [];
  const addedSchemas: object[] = [];
  const baseId = idOf(schema);
  try {
    for (const ref of references) {
      const refSchema = bridgeDefinitions(ref.schema);
      if (refSchema === null || typeof refSchema !== 'object') continue;
      const keys = new Set([ref.name]);
      // A `$ref: "other.json"` inside a schema with an `$id` resolves against that id.
      if (baseId !== undefined) {
        try {
          keys.add(new URL(ref.name, baseId).href);
        } catch {
          // $id is not an absolute URI: the bare name is the only key.
        }
      }
      // ajv registers a schema's own $id by itself; adding it again as a key would clash.
      keys.delete(idOf(refSchema) ?? '');
      addedSchemas.push(refSchema);
      if (keys.size === 0) ajv.addSchema(refSchema);
      for (const key of keys) {
        ajv.addSchema(refSchema, key);
        addedKeys.push(key);
      }
    }
    return ajv.compile(schema as object);
  } finally {
    noteCompiled(ajv, size);
    for (const key of addedKeys) ajv.removeSchema(key);
    for (const added of addedSchemas) ajv.removeSchema(added);
    if (schema !== null && typeof schema === 'object') ajv.removeSchema(schema);
  }
}
