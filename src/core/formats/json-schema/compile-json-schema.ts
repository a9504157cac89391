import type { ValidateFunction } from 'ajv';
import { ajvFor, type JsonSchemaDraft } from './json-schema-drafts.ts';

export interface NamedJsonSchema {
  /** The reference name the schema is imported by (`$ref: "<name>"`). */
  name: string;
  schema: unknown;
}

/**
 * Compiles a schema on the shared ajv of its draft, with its references
 * available under their names, and removes everything it added afterwards
 * so the next compile starts from a clean instance (one `$id` per instance).
 */
function idOf(schema: unknown): string | undefined {
  const id = schema !== null && typeof schema === 'object' ? (schema as Record<string, unknown>).$id : undefined;
  return typeof id === 'string' ? id : undefined;
}

export function compileJsonSchema(
  draft: JsonSchemaDraft,
  schema: unknown,
  references: readonly NamedJsonSchema[],
  purpose: 'check' | 'validate' = 'check',
): ValidateFunction {
  const ajv = ajvFor(draft, purpose);
  const addedKeys: string[] = [];
  const addedSchemas: object[] = [];
  const baseId = idOf(schema);
  try {
    for (const ref of references) {
      if (ref.schema === null || typeof ref.schema !== 'object') continue;
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
      keys.delete(idOf(ref.schema) ?? '');
      addedSchemas.push(ref.schema);
      for (const key of keys) {
        ajv.addSchema(ref.schema, key);
        addedKeys.push(key);
      }
    }
    return ajv.compile(schema as object);
  } finally {
    for (const key of addedKeys) ajv.removeSchema(key);
    for (const added of addedSchemas) ajv.removeSchema(added);
    if (schema !== null && typeof schema === 'object') ajv.removeSchema(schema);
  }
}
