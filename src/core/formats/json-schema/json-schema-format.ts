import { compareJsonSchema } from '../../compat/json-schema/compare-json-schema.ts';
import { canonicalJson } from '../../json/canonical-json.ts';
import { invalidSchema } from '../invalid-schema.ts';
import { parseSchemaJson } from '../parse-schema-json.ts';
import type { ResolvedReference, SchemaFormat } from '../schema-format.ts';
import { compileJsonSchema, type NamedJsonSchema } from './compile-json-schema.ts';
import { ajvFor, draftOf, type JsonSchemaDraft } from './json-schema-drafts.ts';

export interface JsonSchemaModel {
  draft: JsonSchemaDraft;
  schema: unknown;
  /** Referenced schemas by reference name (what `$ref` uses). */
  references: NamedJsonSchema[];
}

export const jsonSchemaFormat: SchemaFormat<JsonSchemaModel> = {
  type: 'JSON',

  parse(schema, references) {
    const json = parseSchemaJson('JSON', schema);
    const refs = flattenReferences(references, new Set());
    const draft = checkJsonSchema(json, '');
    try {
      compileJsonSchema(draft, json, refs);
    } catch (err) {
      if (err instanceof RangeError) throw invalidSchema('JSON', 'the schema nests too deeply to compile');
      throw invalidSchema('JSON', err instanceof Error ? err.message : String(err));
    }
    return { model: { draft, schema: json, references: refs }, canonical: canonicalJson(json), compact: JSON.stringify(json) };
  },

  checker: compareJsonSchema,
};

/** Validates a schema against its draft's meta-schema; returns the draft. */
function checkJsonSchema(json: unknown, what: string): JsonSchemaDraft {
  if (typeof json !== 'boolean' && (json === null || typeof json !== 'object' || Array.isArray(json))) {
    throw invalidSchema('JSON', `${what}a JSON Schema is an object or a boolean, got ${Array.isArray(json) ? 'an array' : JSON.stringify(json)}`);
  }
  const draft = draftOf(json);
  if (!draft) {
    const uri = (json as Record<string, unknown>).$schema;
    throw invalidSchema(
      'JSON',
      `${what}unsupported $schema ${JSON.stringify(uri)}: use draft-04, draft-06, draft-07, 2019-09 or 2020-12`,
      '#/$schema',
    );
  }
  const ajv = ajvFor(draft);
  let valid: boolean;
  try {
    valid = ajv.validateSchema(json as object) as boolean;
  } catch (err) {
    throw invalidSchema('JSON', `${what}${err instanceof RangeError ? 'the schema nests too deeply to check' : String(err)}`);
  }
  if (!valid) {
    const first = ajv.errors?.[0];
    const where = `#${first?.instancePath ?? ''}`;
    const allowed = (first?.params as { allowedValues?: unknown[] } | undefined)?.allowedValues;
    throw invalidSchema('JSON', `${what}${first?.message ?? 'does not match its meta-schema'}${allowed ? ` (${allowed.join(', ')})` : ''} (draft ${draft})`, where);
  }
  return draft;
}

function flattenReferences(references: readonly ResolvedReference[], done: Set<string>): NamedJsonSchema[] {
  const out: NamedJsonSchema[] = [];
  for (const ref of references) {
    const key = `${ref.subject}\u0000${ref.version}`;
    if (done.has(key)) continue;
    done.add(key);
    if (ref.schemaType !== 'JSON') {
      throw invalidSchema('JSON', `reference '${ref.name}' (subject '${ref.subject}' version ${ref.version}) is a ${ref.schemaType} schema, not JSON`);
    }
    out.push(...flattenReferences(ref.references, done));
    const schema = parseSchemaJson('JSON', ref.schema);
    checkJsonSchema(schema, `reference '${ref.name}': `);
    out.push({ name: ref.name, schema });
  }
  return out;
}
