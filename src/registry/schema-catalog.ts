import { randomUUID } from 'node:crypto';
import { errors, isRegistryError, RegistryError } from '../core/errors.ts';
import { sha256Hex } from '../core/fingerprint.ts';
import type { ResolvedReference } from '../core/formats/schema-format.ts';
import { LruCache } from '../core/lru-cache.ts';
import type { SchemaReference } from '../core/types.ts';
import type { EngineHost, Evaluation, JobInputs, JobKind, JobOutputs, SchemaEngine, SchemaInfo, SchemaSource, SubjectJudging } from '../engine/engine-types.ts';
import type { StoredSchema, Store } from '../store/store.ts';
import type { SchemaRequest } from './schema-request.ts';

/** How much schema text the registry's own thread keeps, in characters. */
export interface CatalogLimits {
  /** Stored schemas with their resolved references, as the engine asks for them. */
  sourceCacheChars: number;
  /** Registered schemas by the exact request that names them: producers send the same request at every start. */
  knownRequestChars: number;
}

/** References nested deeper than this are refused (a chain of schemas each referencing the next). */
export const MAX_REFERENCE_DEPTH = 32;
/** Schemas one schema's references may reach, counted along every path. */
export const MAX_RESOLVED_REFERENCES = 1000;

export const DEFAULT_CATALOG_LIMITS: CatalogLimits = {
  sourceCacheChars: 16 * 1024 * 1024,
  knownRequestChars: 16 * 1024 * 1024,
};

/**
 * The registry's one way to schema content. Parsing and checking run in the
 * schema engine (off the event loop, on the server); what this side keeps is
 * text: stored schemas with their references resolved, which the engine asks
 * for when a check needs them, and the identity of registered schemas by the
 * request that names them, so a producer's re-registration costs a hash and
 * no parse. A request that registers nothing leaves nothing behind.
 */
export class SchemaCatalog {
  /** Stored schemas are cached in the engine per catalog: two registries in one process may hold different schemas under one id. */
  readonly ns = randomUUID();
  private readonly sourcesById: LruCache<number, SchemaSource>;
  private readonly knownRequests: LruCache<string, SchemaInfo>;
  /** Stored schemas as written, and the id each fingerprint is stored under: lookups answer from them. */
  private readonly storedById: LruCache<number, StoredSchema>;
  private readonly idsByFingerprint: LruCache<string, number>;
  readonly host: EngineHost = {
    sources: (ids) => Promise.all(ids.map((id) => this.source(id))),
    resolveReferences: (refs) => this.resolveReferences(refs),
  };

  constructor(
    private readonly store: Store,
    private readonly engine: SchemaEngine,
    limits: CatalogLimits = DEFAULT_CATALOG_LIMITS,
  ) {
    this.sourcesById = new LruCache(limits.sourceCacheChars, sourceChars);
    this.knownRequests = new LruCache(limits.knownRequestChars, (info, key) => key.length + info.text.length + info.canonical.length);
    this.storedById = new LruCache(limits.sourceCacheChars, (schema) => schema.schema.length + 64);
    this.idsByFingerprint = new LruCache(limits.knownRequestChars, (_id, key) => key.length + 16);
  }

  /** A stored schema as written: immutable under its id while it exists (forget drops what this process removes), so cached. */
  async stored(id: number): Promise<StoredSchema | undefined> {
    const cached = this.storedById.get(id);
    if (cached) return cached;
    const stored = await this.store.getSchema(id);
    if (stored) this.storedById.set(id, stored);
    return stored;
  }

  /**
   * The id a schema is stored under, by fingerprint; `fresh` skips the cache.
   * A cached id can only be stale if another process removed the schema for
   * good (this one forgets what it removes), which the caller detects by
   * finding no version under it and asks again with `fresh`.
   */
  async idOf(fingerprint: string, fresh = false): Promise<number | undefined> {
    const cached = fresh ? undefined : this.idsByFingerprint.get(fingerprint);
    if (cached !== undefined) return cached;
    const stored = await this.store.findSchemaByFingerprint(fingerprint);
    if (stored) this.idsByFingerprint.set(fingerprint, stored.id);
    return stored?.id;
  }

  run<K extends JobKind>(kind: K, input: JobInputs[K]): Promise<JobOutputs[K]> {
    return this.engine.run(kind, input, this.host);
  }

  /** A request's schema with its references resolved from the store. */
  async sourceOf(request: SchemaRequest): Promise<SchemaSource> {
    return { schemaType: request.schemaType, schema: request.schema, references: await this.resolveReferences(request.references) };
  }

  /** The identity of a registered schema, by the request that named it when it was registered or looked up. */
  known(request: SchemaRequest, normalize: boolean): SchemaInfo | undefined {
    const key = requestKey(request, normalize);
    return key === undefined ? undefined : this.knownRequests.get(key);
  }

  /** The identity of a request's schema (42201 when invalid): remembered if registered, else parsed by the engine. */
  async describe(request: SchemaRequest, normalize: boolean): Promise<SchemaInfo> {
    return this.known(request, normalize) ?? explainDefaultType(request, this.run('describe', { candidate: { ...(await this.sourceOf(request)), normalize } }));
  }

  /** A request's schema parsed and judged against stored versions of a subject. */
  async evaluate(request: SchemaRequest, normalize: boolean, judging: SubjectJudging, source?: SchemaSource): Promise<Evaluation> {
    return explainDefaultType(request, this.run('evaluate', { ns: this.ns, candidate: { ...(source ?? (await this.sourceOf(request))), normalize }, ...judging }));
  }

  /**
   * A schema just stored under `id`, from the source it was judged from: the
   * next check against it (the next registration's predecessor) asks the
   * store nothing. Only when the stored form is the request's (not normalised).
   */
  rememberStored(id: number, info: SchemaInfo, source: SchemaSource): void {
    if (info.text !== source.schema || JSON.stringify(info.references) !== JSON.stringify(source.references.map(({ name, subject, version }) => ({ name, subject, version })))) return;
    this.sourcesById.set(id, { schemaType: info.type, schema: info.text, references: source.references });
  }

  /** The request names a registered schema: its next lookup or re-registration skips the engine. */
  remember(request: SchemaRequest, normalize: boolean, info: SchemaInfo): void {
    const key = requestKey(request, normalize);
    if (key) this.knownRequests.set(key, info);
  }

  /**
   * Resolves references (version -1 → the subject's latest live version),
   * with their own references. A chain deeper than MAX_REFERENCE_DEPTH, or a
   * tree of more than MAX_RESOLVED_REFERENCES schemas (references shared by
   * several referrers count each time), is refused: both are far beyond any
   * real schema, and unbounded they cost memory and stack.
   */
  async resolveReferences(references: readonly SchemaReference[], chain: string[] = [], budget = { left: MAX_RESOLVED_REFERENCES }): Promise<ResolvedReference[]> {
    if (references.length > 0 && chain.length >= MAX_REFERENCE_DEPTH) {
      throw errors.invalidSchema(`Invalid schema: references nest more than ${MAX_REFERENCE_DEPTH} levels deep (through ${chain.slice(0, 3).join(' → ')} …)`);
    }
    const out: ResolvedReference[] = [];
    for (const ref of references) {
      if (--budget.left < 0) throw errors.invalidSchema(`Invalid schema: resolving its references reaches more than ${MAX_RESOLVED_REFERENCES} schemas`);
      const versions = await this.store.getVersions(ref.subject);
      const target = ref.version === -1 ? versions.filter((v) => !v.deleted).at(-1) : versions.find((v) => v.version === ref.version);
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
        references: await this.resolveReferences(stored.references, [...chain, key], budget),
      });
    }
    return out;
  }

  /** A stored schema with its references resolved: immutable once written, so cached. */
  async source(id: number): Promise<SchemaSource | undefined> {
    const cached = this.sourcesById.get(id);
    if (cached) return cached;
    const stored = await this.store.getSchema(id);
    if (!stored) return undefined;
    const source = { schemaType: stored.schemaType, schema: stored.schema, references: await this.resolveReferences(stored.references) };
    this.sourcesById.set(id, source);
    return source;
  }

  /** Schemas removed for good (or an id taken over by an import): forget every form of them. */
  forget(ids: readonly number[]): void {
    for (const id of ids) {
      this.sourcesById.delete(id);
      this.storedById.delete(id);
    }
    this.idsByFingerprint.clear();
    this.knownRequests.clear();
    this.engine.forget(this.ns, ids);
  }
}

/** A request's identity as text: undefined when a `-1` reference makes it mean whatever the latest version is now. */
function requestKey(request: SchemaRequest, normalize: boolean): string | undefined {
  if (request.references.some((r) => r.version === -1)) return undefined;
  return sha256Hex(`${request.schemaType}\u0000${normalize}\u0000${JSON.stringify(request.references)}\u0000${request.schema}`);
}

function sourceChars(source: SchemaSource): number {
  const refs = (list: readonly ResolvedReference[]): number => list.reduce((sum, r) => sum + r.schema.length + refs(r.references), 0);
  return source.schema.length + refs(source.references);
}

/**
 * A schema that fails to parse as the type it was given by default says so:
 * a client that sends JSON Schema without `schemaType` otherwise reads only
 * an Avro parser's complaint.
 */
async function explainDefaultType<T>(request: SchemaRequest, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (!request.typeDefaulted || !isRegistryError(err) || err.errorCode !== 42201) throw err;
    throw new RegistryError(
      err.key,
      err.errorCode,
      `${err.message} (the request named no "schemaType", so it was read as ${request.schemaType}: send "schemaType", or set registry.defaultSchemaType)`,
      err.extra,
    );
  }
}
