import { errors, isRegistryError } from '../errors.ts';
import type { ResolvedReference } from '../formats/schema-format.ts';
import { parseSchema, type ParsedSchema } from '../parse-schema.ts';
import type { SchemaReference } from '../types.ts';
import { bundleSha } from './bundle-sha.ts';
import { linkBundleReferences, type BundleEntry } from './link-bundle-references.ts';

export interface ParsedBundleEntry {
  entry: BundleEntry;
  parsed?: ParsedSchema;
  /** Its references as parsed: bundle schemas and registered ones, resolved with their texts. */
  references?: ResolvedReference[];
  /** What is wrong with the schema, when it does not parse. */
  error?: string;
}

export interface ParsedBundle {
  entries: ParsedBundleEntry[];
  /** Null when a schema of the bundle does not parse. */
  sha: string | null;
}

export interface BundleResolver {
  /** References to subjects outside the bundle (from the registry). */
  external(refs: SchemaReference[]): Promise<ResolvedReference[]>;
  /** The version a bundle subject would get if registered now (informational, in resolved references). */
  nextVersion(subject: string): Promise<number>;
}

/**
 * Parses every schema of a bundle, the way the registry would register them:
 * references to another subject of the bundle (version -1, declared or found
 * by linkBundleReferences) resolve to the bundle's own schema, others through
 * the resolver. The same files give the same SHA wherever this runs.
 */
export async function parseBundle(entries: readonly BundleEntry[], resolver: BundleResolver): Promise<ParsedBundle> {
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.subject)) throw errors.invalidBundle(`subject '${entry.subject}' appears twice`);
    seen.add(entry.subject);
  }
  const linked = linkBundleReferences(entries);
  const bySubject = new Map(linked.map((e) => [e.subject, e]));

  const resolve = async (entry: BundleEntry, chain: string[]): Promise<ResolvedReference[]> => {
    if (chain.includes(entry.subject)) throw errors.invalidBundle(`references form a cycle: ${[...chain, entry.subject].join(' → ')}`);
    const out: ResolvedReference[] = [];
    for (const ref of entry.references) {
      const target = bySubject.get(ref.subject);
      if (target && ref.version === -1) {
        out.push({
          name: ref.name,
          subject: ref.subject,
          version: await resolver.nextVersion(ref.subject),
          schemaType: target.schemaType,
          schema: target.schema,
          references: await resolve(target, [...chain, entry.subject]),
        });
      } else {
        out.push(...(await resolver.external([ref])));
      }
    }
    return out;
  };

  const parsedEntries: ParsedBundleEntry[] = [];
  for (const entry of linked) {
    try {
      const references = await resolve(entry, []);
      parsedEntries.push({ entry, parsed: parseSchema({ schemaType: entry.schemaType, schema: entry.schema, references }), references });
    } catch (err) {
      if (!isRegistryError(err)) throw err;
      parsedEntries.push({ entry, error: err.message });
    }
  }
  const complete = parsedEntries.every((e) => e.parsed);
  return {
    entries: parsedEntries,
    sha: complete
      ? bundleSha(parsedEntries.map(({ entry, parsed }) => ({ subject: entry.subject, schemaType: entry.schemaType, canonical: parsed!.canonical, references: entry.references })))
      : null,
  };
}

/** A resolver for bundles checked offline (files): references must stay inside the bundle. */
export const OFFLINE_RESOLVER: BundleResolver = {
  external: async (refs) => {
    throw errors.invalidSchema(`Invalid schema: reference '${refs[0].name}' points at subject '${refs[0].subject}', which is not in the bundle`);
  },
  nextVersion: async () => 1,
};
