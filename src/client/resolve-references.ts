import type { ResolvedReference } from '../core/formats/schema-format.ts';
import type { SchemaReference, SchemaType } from '../core/types.ts';
import { SchemaRegistryError } from './client-errors.ts';

export type VersionFetcher = (
  subject: string,
  version: number | 'latest',
) => Promise<{ version: number; schemaType: SchemaType; schema: string; references: SchemaReference[] } | undefined>;

/** References resolved through a registry's reads (version -1 → latest), with their own references, for parsing outside the server. */
export async function resolveReferences(fetch: VersionFetcher, references: readonly SchemaReference[], chain: string[] = []): Promise<ResolvedReference[]> {
  const out: ResolvedReference[] = [];
  for (const ref of references) {
    const key = `${ref.subject}@${ref.version}`;
    if (chain.includes(key)) throw new SchemaRegistryError(`references form a cycle through ${key}`, 422, 42201);
    const target = await fetch(ref.subject, ref.version === -1 ? 'latest' : ref.version);
    if (!target) throw new SchemaRegistryError(`reference '${ref.name}' points at subject '${ref.subject}' version ${ref.version === -1 ? 'latest' : ref.version}, which does not exist`, 404, 40402);
    out.push({
      name: ref.name,
      subject: ref.subject,
      version: target.version,
      schemaType: target.schemaType,
      schema: target.schema,
      references: await resolveReferences(fetch, target.references, [...chain, key]),
    });
  }
  return out;
}
