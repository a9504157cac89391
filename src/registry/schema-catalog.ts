import { errors } from '../core/errors.ts';
import { sha256Hex } from '../core/fingerprint.ts';
import type { ResolvedReference } from '../core/formats/schema-format.ts';
import { parseSchema, type ParsedSchema } from '../core/parse-schema.ts';
import type { SchemaReference } from '../core/types.ts';
import type { Store, StoredSchema } from '../store/store.ts';
import { LruCache } from './lru-cache.ts';
import type { SchemaRequest } from './schema-request.ts';

/**
 * Schemas by id, parsed once: stored schemas never change, so a parsed
 * model (and the reference graph behind it) is reused by every later
 * compatibility check instead of being parsed again on each request.
 */
export class SchemaCatalog {
  private readonly parsed: LruCache<number, ParsedSchema>;
  /** Requests parsed before, by digest: clients send the same schema on every producer start. */
  private readonly requests = new LruCache<string, ParsedSchema>(2_000);

  constructor(
    private readonly store: Store,
    capacity = 10_000,
  ) {
    this.parsed = new LruCache(capacity);
  }

  /**
   * Parses a request's schema (42201 when invalid). A request whose
   * references all name a version means the same schema every time, so its
   * parse is reused; one with a `-1` reference is resolved afresh.
   */
  async parseRequest(request: SchemaRequest, normalize: boolean): Promise<ParsedSchema> {
    const cacheable = request.references.every((r) => r.version !== -1);
    const key = cacheable
      ? sha256Hex(`${request.schemaType}\u0000${normalize}\u0000${JSON.stringify(request.references)}\u0000${request.schema}`)
      : undefined;
    const cached = key && this.requests.get(key);
    if (cached) return cached;
    const parsed = parseSchema({
      schemaType: request.schemaType,
      schema: request.schema,
      references: await this.resolveReferences(request.references),
      normalize,
    });
    if (key) this.requests.set(key, parsed);
    return parsed;
  }

  /** Resolves references (version -1 → the subject's latest live version), with their own references. */
  async resolveReferences(references: readonly SchemaReference[], chain: string[] = []): Promise<ResolvedReference[]> {
    const out: ResolvedReference[] = [];
    for (const ref of references) {
      const versions = await this.store.getVersions(ref.subject);
      const target =
        ref.version === -1
          ? versions.filter((v) => !v.deleted).at(-1)
          : versions.find((v) => v.version === ref.version);
      if (!target) {
        throw errors
          .invalidSchema(
            `Invalid schema: reference '${ref.name}' points at subject '${ref.subject}' version ${ref.version === -1 ? 'latest' : ref.version}, which does not exist; register the referenced schema first`,
          )
          .withExtra({ reference: { name: ref.name, subject: ref.subject, version: ref.version } });
      }
      const key = `${ref.subject}@${target.version}`;
      if (chain.includes(key)) throw errors.invalidSchema(`Invalid schema: references form a cycle through ${key}`);
      const stored = await this.store.getSchema(target.schemaId);
      if (!stored) throw errors.invalidSchema(`Invalid schema: reference '${ref.name}' points at a schema that no longer exists`);
      out.push({
        name: ref.name,
        subject: ref.subject,
        version: target.version,
        schemaType: stored.schemaType,
        schema: stored.schema,
        references: await this.resolveReferences(stored.references, [...chain, key]),
      });
    }
    return out;
  }

  async parseStored(stored: StoredSchema): Promise<ParsedSchema> {
    const cached = this.parsed.get(stored.id);
    if (cached) return cached;
    const parsed = parseSchema({
      schemaType: stored.schemaType,
      schema: stored.schema,
      references: await this.resolveReferences(stored.references),
    });
    // The stored text is what was registered; keep it rather than a re-derived form.
    const result = { ...parsed, text: stored.schema };
    this.parsed.set(stored.id, result);
    return result;
  }

  async parsedById(id: number): Promise<ParsedSchema | undefined> {
    const cached = this.parsed.get(id);
    if (cached) return cached;
    const stored = await this.store.getSchema(id);
    return stored && this.parseStored(stored);
  }

  forget(id: number): void {
    this.parsed.delete(id);
  }
}
