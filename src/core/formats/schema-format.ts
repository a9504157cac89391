import type { ReaderWriterChecker } from '../compat/difference.ts';
import type { SchemaType } from '../types.ts';

/** A reference with its version resolved and its own references, ready to parse. */
export interface ResolvedReference {
  name: string;
  subject: string;
  version: number;
  schemaType: SchemaType;
  schema: string;
  references: ResolvedReference[];
}

export interface FormatParseResult<M> {
  model: M;
  /** Identical for two schemas that differ only in formatting or key order. */
  canonical: string;
  /** The text stored and served when the client did not ask to normalise. */
  compact: string;
  /**
   * Identical for two schemas every reader reads alike when they write: what
   * a compatibility check against them as the writer depends on (for Avro,
   * the canonical form without field defaults, which only a reader uses).
   * Absent when the format gives none: then every writer is checked.
   */
  writerKey?: string;
}

/** Everything the registry needs from one schema format. */
export interface SchemaFormat<M = unknown> {
  readonly type: SchemaType;
  /**
   * Throws `errors.invalidSchema` with what is wrong and where. A `trusted`
   * schema is one the registry stored: it was checked when registered, so
   * checks a later version added (or that only matter for validating
   * records) are skipped, and a stored schema never becomes unreadable.
   */
  parse(schema: string, references: readonly ResolvedReference[], options?: { trusted?: boolean }): FormatParseResult<M>;
  readonly checker: ReaderWriterChecker<M>;
}
