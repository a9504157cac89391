import { sha256Hex } from '../fingerprint.ts';
import { canonicalJson } from '../json/canonical-json.ts';
import type { SchemaReference, SchemaType } from '../types.ts';

/** One schema of a bundle, already parsed to its format's canonical form. */
export interface CanonicalBundleEntry {
  subject: string;
  schemaType: SchemaType;
  canonical: string;
  references: ReadonlyArray<Pick<SchemaReference, 'name' | 'subject'>>;
}

/**
 * The bundle SHA: SHA-256 over the RFC 8785 serialisation of the entries,
 * sorted by subject, each with its type, its canonical schema text and its
 * references (name and subject, sorted by name). Reference versions are left
 * out on purpose: files have none and the registry resolves them, and the
 * same bundle must give the same SHA from files or from the registry.
 */
export function bundleSha(entries: readonly CanonicalBundleEntry[]): string {
  const body = [...entries]
    .sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0))
    .map((e) => ({
      subject: e.subject,
      schemaType: e.schemaType,
      schema: e.canonical,
      references: [...e.references]
        .map(({ name, subject }) => ({ name, subject }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    }));
  return sha256Hex(canonicalJson(body));
}
