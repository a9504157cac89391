import { createRequire } from 'node:module';
import { Ajv, type Options } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { ajvLinearRegExp } from '../../regex/linear-regex.ts';

export const JSON_SCHEMA_DRAFTS = ['draft-04', 'draft-06', 'draft-07', '2019-09', '2020-12'] as const;
export type JsonSchemaDraft = (typeof JSON_SCHEMA_DRAFTS)[number];

type AjvInstance = InstanceType<typeof Ajv>;

const require = createRequire(import.meta.url);
// CommonJS default exports seen through ESM interop.
const AjvDraft04 = ((AjvDraft04Module as unknown as { default?: unknown }).default ?? AjvDraft04Module) as typeof Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: AjvInstance) => void;

/**
 * The draft a schema is written in, from its `$schema` (draft-07 when absent,
 * as in Confluent), or undefined for a meta-schema we do not know.
 */
export function draftOf(schema: unknown): JsonSchemaDraft | undefined {
  const uri = schema !== null && typeof schema === 'object' ? (schema as Record<string, unknown>).$schema : undefined;
  if (uri === undefined) return 'draft-07';
  if (typeof uri !== 'string') return undefined;
  const u = uri.replace(/^https?:\/\//, '').replace(/#?$/, '');
  if (u === 'json-schema.org/draft-04/schema') return 'draft-04';
  if (u === 'json-schema.org/draft-06/schema') return 'draft-06';
  if (u === 'json-schema.org/draft-07/schema') return 'draft-07';
  if (u === 'json-schema.org/draft/2019-09/schema') return '2019-09';
  if (u === 'json-schema.org/draft/2020-12/schema') return '2020-12';
  return undefined;
}

const OPTIONS: Options = {
  // User schemas carry keywords ajv does not know (titles of their own, x-…): accept them, like Confluent.
  strict: false,
  allErrors: false,
  validateFormats: true,
  // Patterns run on RE2 (linear time), never on a backtracking engine.
  code: { regExp: ajvLinearRegExp },
  // ajv logs the whole generated function when a compile fails (megabytes for a large schema); the caller reports the failure.
  logger: false,
};

function create(draft: JsonSchemaDraft, options: Options): AjvInstance {
  let ajv: AjvInstance;
  switch (draft) {
    case 'draft-04':
      ajv = new AjvDraft04(options);
      break;
    case 'draft-06':
      ajv = new Ajv(options);
      ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
      break;
    case 'draft-07':
      ajv = new Ajv(options);
      break;
    case '2019-09':
      ajv = new Ajv2019(options) as unknown as AjvInstance;
      break;
    case '2020-12':
      ajv = new Ajv2020(options) as unknown as AjvInstance;
      break;
  }
  addFormats(ajv);
  return ajv;
}

const shared = new Map<string, { ajv: AjvInstance; compiledChars: number }>();

/**
 * An ajv keeps a reference to every schema it ever compiled (its generated
 * code's scope), even after removeSchema: about 12 bytes of heap per byte of
 * schema. An instance is retired once this much schema text went through it;
 * it is collected when the validators compiled on it are.
 */
const RETIRE_AFTER_CHARS = 1024 * 1024;

/**
 * One ajv per draft and purpose, built on first use: building one costs about
 * 15 ms, compiling a schema on an existing one well under a millisecond.
 * Callers that add schemas must remove them again and report what they
 * compiled (see compileJsonSchema).
 */
export function ajvFor(draft: JsonSchemaDraft, purpose: 'check' | 'validate' = 'check'): AjvInstance {
  const key = `${draft}:${purpose}`;
  let entry = shared.get(key);
  if (!entry) {
    entry = { ajv: create(draft, purpose === 'validate' ? { ...OPTIONS, allErrors: true } : OPTIONS), compiledChars: 0 };
    shared.set(key, entry);
  }
  return entry.ajv;
}

/** Counts schema text compiled on an instance, and retires it past RETIRE_AFTER_CHARS. */
export function noteCompiled(ajv: AjvInstance, chars: number): void {
  for (const [key, entry] of shared) {
    if (entry.ajv !== ajv) continue;
    entry.compiledChars += chars;
    if (entry.compiledChars > RETIRE_AFTER_CHARS) shared.delete(key);
  }
}
