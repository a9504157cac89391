import { OFFLINE_RESOLVER, parseBundle, type ParsedBundle } from '../core/bundle/parse-bundle.ts';
import type { BundleEntry } from '../core/bundle/link-bundle-references.ts';
import { errorOf, type HttpTransport } from '../client/http-transport.ts';
import { resolveReferences, type VersionFetcher } from '../client/resolve-references.ts';

/** A subject version over HTTP, undefined when the registry has none. */
export function versionFetcher(http: HttpTransport): VersionFetcher {
  return async (subject, version) => {
    const answer = await http.request('GET', `/subjects/${encodeURIComponent(subject)}/versions/${version}`);
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw errorOf(answer);
    return { version: answer.body.version, schemaType: answer.body.schemaType ?? 'AVRO', schema: answer.body.schema, references: answer.body.references ?? [] };
  };
}

/**
 * Parses schema files the way the registry will: references inside the
 * bundle resolve to the bundle's own schemas, others through the registry
 * when there is one (offline they must stay inside the bundle).
 */
export async function parseLocalBundle(entries: readonly BundleEntry[], http: HttpTransport | undefined): Promise<ParsedBundle> {
  if (!http) return parseBundle(entries, OFFLINE_RESOLVER);
  const fetch = versionFetcher(http);
  return parseBundle(entries, {
    external: (refs) => resolveReferences(fetch, refs),
    nextVersion: async (subject) => ((await fetch(subject, 'latest'))?.version ?? 0) + 1,
  });
}
