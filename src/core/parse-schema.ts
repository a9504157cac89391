import { sha256Hex } from './fingerprint.ts';
import { formatFor } from './formats/formats.ts';
import type { ResolvedReference } from './formats/schema-format.ts';
import { canonicalJson } from './json/canonical-json.ts';
import type { SchemaReference, SchemaType } from './types.ts';

/** A schema the registry accepted as valid, with everything derived from it once. */
export interface ParsedSchema<M = unknown> {
  type: SchemaType;
  /** The text stored and served. */
  text: string;
  /** Format-specific canonical form. */
  canonical: string;
  /** SHA-256 over type, canonical form and references: the identity behind global ids. */
  fingerprint: string;
  /** References with versions resolved. */
  references: SchemaReference[];
  model: M;
  /** See FormatParseResult.writerKey; with the references, since they shape the model too. */
  writerKey?: string;
}

export interface ParseSchemaInput {
  schemaType: SchemaType;
  schema: string;
  references: readonly ResolvedReference[];
  /** Store the canonical form instead of the compact text (Confluent's `?normalize=true`). */
  normalize?: boolean;
  /** A schema the registry stored (see SchemaFormat.parse). */
  trusted?: boolean;
}

/** Parses and validates a schema; throws errors.invalidSchema (42201) saying what is wrong and where. */
export function parseSchema(input: ParseSchemaInput): ParsedSchema {
  const format = formatFor(input.schemaType);
  const result = format.parse(input.schema, input.references, { trusted: input.trusted });
  const references = input.references.map(({ name, subject, version }) => ({ name, subject, version }));
  return {
    type: input.schemaType,
    text: input.normalize && input.schemaType !== 'PROTOBUF' ? result.canonical : result.compact,
    canonical: result.canonical,
    fingerprint: schemaFingerprint(input.schemaType, result.canonical, references),
    references,
    model: result.model,
    // A digest: compared for each of a long history's versions, and kept with every parsed schema.
    ...(result.writerKey !== undefined && { writerKey: sha256Hex(`${result.writerKey}\n${JSON.stringify(references)}`) }),
  };
}

/**
 * Reference order never matters to what a schema means (every format looks
 * references up by name), so it does not change the fingerprint either.
 */
export function schemaFingerprint(type: SchemaType, canonical: string, references: readonly SchemaReference[]): string {
  const refs = [...references]
    .map(({ name, subject, version }) => ({ name, subject, version }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return sha256Hex(`${type}\n${canonical}\n${canonicalJson(refs)}`);
}
