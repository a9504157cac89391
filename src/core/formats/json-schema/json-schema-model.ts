import type { NamedJsonSchema } from './compile-json-schema.ts';
import type { JsonSchemaDraft } from './json-schema-drafts.ts';

export interface JsonSchemaModel {
  draft: JsonSchemaDraft;
  schema: unknown;
  /** Referenced schemas by reference name (what `$ref` uses). */
  references: NamedJsonSchema[];
  /** Characters of schema text, references included: what a compiled validator costs (see noteCompiled). */
  size: number;
}
