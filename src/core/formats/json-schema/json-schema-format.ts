import { IncomparableSchemaError } from '../../compat/incomparable-schema.ts';
import type { JsonSchemaModel } from './json-schema-model.ts';
import { compareJsonSchema } from '../../compat/json-schema/compare-json-schema.ts';
import { canonicalJson } from '../../json/canonical-json.ts';
import { invalidSchema } from '../invalid-schema.ts';
import { parseSchemaJson } from '../parse-schema-json.ts';
import type { ResolvedReference, SchemaFormat } from '../schema-format.ts';
import { checkPatterns } from './check-patterns.ts';
import { compileJsonSchema, type NamedJsonSchema } from './compile-json-schema.ts';
import { ajvFor, draftOf, type JsonSchemaDraft } from './json-schema-drafts.ts';


export const jsonSchemaFormat: SchemaFormat<JsonSchemaModel> = {
  type: 'JSON',

  parse(schema, references, options) {
    const json = parseSchemaJson('JSON', schema);
    const trusted = options?.trusted ?? false;
    const refs = flattenReferences(references, new Set(), trusted);
    const size = schema.length + referencesSize(references);
    if (trusted) {
      // Stored: its draft is known to be supported; compiling a validator is left to whoever validates records.
      const draft = draftOf(json) ?? 'draft-07';
      return { model: { draft, schema: json, references: refs, size }, canonical: canonicalJson(json), compact: JSON.stringify(json) };
    }
    const draft = checkJsonSchema(json, '');
    checkPatterns(json);
    try {
      compileJsonSchema(draft, json, refs, 'check', size);
    } catch (err) {
      if (err instanceof RangeError) throw invalidSchema('JSON', 'the validator compiled from the schema is too large to run (too many properties in one object, or too deep)');
      throw invalidSchema('JSON', err instanceof Error ? err.message : String(err));
    }
    const model = { draft, schema: json, references: refs, size };
    checkComparable(model);
    return { model, canonical: canonicalJson(json), compact: JSON.stringify(json) };
  },

  checker: compareJsonSchema,
};

/**
 * A schema the compatibility checker cannot read would make every later
 * check on its subject fail: comparing it with itself finds out now, while
 * it can still be refused.
 */
function checkComparable(model: JsonSchemaModel): void {
  try {
    compareJsonSchema(model, model, { policy: 'STRICT' });
  } catch (err) {
    if (err instanceof IncomparableSchemaError) throw invalidSchema('JSON', `the compatibility checker cannot read it: ${err.message}`);
    if (err instanceof RangeError) throw invalidSchema('JSON', 'its references lead back to themselves without end');
    throw err;
  }
}

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

function flattenReferences(references: readonly ResolvedReference[], done: Set<string>, trusted: boolean): NamedJsonSchema[] {
  const out: NamedJsonSchema[] = [];
  for (const ref of references) {
    const key = `${ref.subject}\u0000${ref.version}`;
    if (done.has(key)) continue;
    done.add(key);
    if (ref.schemaType !== 'JSON') {
      throw invalidSchema('JSON', `reference '${ref.name}' (subject '${ref.subject}' version ${ref.version}) is a ${ref.schemaType} schema, not JSON`);
    }
    out.push(...flattenReferences(ref.references, done, trusted));
    const schema = parseSchemaJson('JSON', ref.schema);
    if (!trusted) {
      checkJsonSchema(schema, `reference '${ref.name}': `);
      checkPatterns(schema, `reference '${ref.name}': `);
    }
    out.push({ name: ref.name, schema });
  }
  return out;
}

function referencesSize(references: readonly ResolvedReference[]): number {
  return references.reduce((sum, ref) => sum + ref.schema.length + referencesSize(ref.references), 0);
}

