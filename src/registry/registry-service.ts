import { systemClock, type Clock } from '../core/clock.ts';
import { errors } from '../core/errors.ts';
import type { StoredSchema, Store, SubjectVersion } from '../store/store.ts';
import { LruCache } from '../core/lru-cache.ts';
import type { SchemaEngine } from '../engine/engine-types.ts';
import { LOCAL_ACTOR, type Actor } from '../core/governance/roles.ts';
import { InlineEngine } from '../engine/inline-engine.ts';
import { lookup, register, testCompatibility } from './registration.ts';
import { deleteSubject, deleteVersion } from './registry-deletes.ts';
import { DEFAULT_SETTINGS, NO_EVENTS, paginate, type RegistryContext, type RegistryEvents, type RegistrySettings } from './registry-context.ts';
import { deleteConfig, deleteMode, getConfig, getMode, updateConfig, updateMode } from './registry-settings.ts';
import { schemaByIdBody, schemaVersionBody, type SchemaVersionBody } from './responses.ts';
import { SchemaCatalog } from './schema-catalog.ts';
import { parseVersionId } from './version-id.ts';

/** Characters of GET /schemas/ids/{id} answers kept serialised. */
const BY_ID_CACHE_CHARS = 16 * 1024 * 1024;

export interface ListOptions {
  deleted?: boolean;
  deletedOnly?: boolean;
  offset?: number;
  limit?: number;
}

/**
 * The Confluent-compatible registry: every operation of the REST API, over
 * one Store. Routes translate HTTP to these calls and nothing else.
 */
export class RegistryService {
  readonly ctx: RegistryContext;
  /** GET /schemas/ids/{id} bodies, serialised once (ids are immutable and never reused), within a budget of characters. */
  private readonly byIdJson = new LruCache<number, string>(BY_ID_CACHE_CHARS, (json) => json.length);

  constructor(options: {
    store: Store;
    clock?: Clock;
    settings?: Partial<RegistrySettings>;
    events?: RegistryEvents;
    /** Where schemas are parsed and checked: the server passes a WorkerEngine; in process, the caller's thread does it. */
    engine?: SchemaEngine;
  }) {
    const catalog = new SchemaCatalog(options.store, options.engine ?? new InlineEngine());
    this.ctx = {
      store: options.store,
      catalog,
      clock: options.clock ?? systemClock,
      settings: { ...DEFAULT_SETTINGS, ...options.settings },
      events: options.events ?? NO_EVENTS,
      forgetSchemas: (ids) => {
        for (const id of ids) this.byIdJson.delete(id);
        catalog.forget(ids);
      },
    };
  }

  get store(): Store {
    return this.ctx.store;
  }

  register(subject: string, body: unknown, options: { normalize?: boolean; strict?: boolean; actor?: Actor } = {}) {
    return register(this.ctx, subject, body, { normalize: options.normalize ?? false, strict: options.strict ?? false, actor: options.actor ?? LOCAL_ACTOR });
  }

  lookup(subject: string, body: unknown, options: { deleted?: boolean } = {}) {
    return lookup(this.ctx, subject, body, { deleted: options.deleted ?? false });
  }

  testCompatibility(subject: string, version: string | undefined, body: unknown, options: { verbose?: boolean } = {}) {
    return testCompatibility(this.ctx, subject, version, body, { verbose: options.verbose ?? false });
  }

  /** `actor`: who asks (the governance rules allow an admin what they refuse a writer); in process, the caller itself. */
  deleteVersion(subject: string, version: string, permanent = false, actor: Actor = LOCAL_ACTOR) {
    return deleteVersion(this.ctx, subject, version, permanent, actor);
  }

  deleteSubject(subject: string, permanent = false, actor: Actor = LOCAL_ACTOR) {
    return deleteSubject(this.ctx, subject, permanent, actor);
  }

  getConfig(subject: string | null, defaultToGlobal = false) {
    return getConfig(this.ctx, subject, defaultToGlobal);
  }

  updateConfig(subject: string | null, body: unknown, actor: Actor = LOCAL_ACTOR) {
    return updateConfig(this.ctx, subject, body, actor);
  }

  deleteConfig(subject: string | null, actor: Actor = LOCAL_ACTOR) {
    return deleteConfig(this.ctx, subject, actor);
  }

  getMode(subject: string | null, defaultToGlobal = false) {
    return getMode(this.ctx, subject, defaultToGlobal);
  }

  updateMode(subject: string | null, body: unknown, force = false, actor: Actor = LOCAL_ACTOR) {
    return updateMode(this.ctx, subject, body, force, actor);
  }

  deleteMode(subject: string | null, actor: Actor = LOCAL_ACTOR) {
    return deleteMode(this.ctx, subject, actor);
  }

  /** GET /schemas/ids/{id} as JSON text; `fetchMaxId` adds the highest id in use. */
  async getSchemaByIdJson(id: number, options: { fetchMaxId?: boolean } = {}): Promise<string> {
    if (options.fetchMaxId) {
      const schema = await this.schemaOrThrow(id);
      return JSON.stringify({ ...schemaByIdBody(schema), maxId: await this.store.maxSchemaId() });
    }
    let json = this.byIdJson.get(id);
    if (json === undefined) {
      json = JSON.stringify(schemaByIdBody(await this.schemaOrThrow(id)));
      this.byIdJson.set(id, json);
    }
    return json;
  }

  /** GET /schemas/ids/{id} as JSON text if it is serialised already: the server answers it before routing (see fast-reads). */
  cachedSchemaByIdJson(id: number): string | undefined {
    return this.byIdJson.get(id);
  }

  async getSchemaText(id: number): Promise<string> {
    return (await this.schemaOrThrow(id)).schema;
  }

  async getSubjectsForSchema(id: number, options: ListOptions = {}): Promise<string[]> {
    const versions = await this.versionsForSchema(id, options.deleted ?? false);
    return paginate([...new Set(versions.map((v) => v.subject))], options.offset ?? 0, options.limit ?? -1);
  }

  async getVersionsForSchema(id: number, options: ListOptions = {}): Promise<Array<{ subject: string; version: number }>> {
    const versions = await this.versionsForSchema(id, options.deleted ?? false);
    return paginate(
      versions.map((v) => ({ subject: v.subject, version: v.version })),
      options.offset ?? 0,
      options.limit ?? -1,
    );
  }

  listSchemaTypes(): string[] {
    return ['JSON', 'PROTOBUF', 'AVRO'];
  }

  async listSubjects(options: ListOptions & { prefix?: string } = {}): Promise<string[]> {
    const subjects = await this.store.listSubjects({ includeDeleted: options.deleted, deletedOnly: options.deletedOnly, prefix: options.prefix });
    return paginate(subjects, options.offset ?? 0, options.limit ?? -1);
  }

  async listVersions(subject: string, options: ListOptions = {}): Promise<number[]> {
    const all = await this.store.getVersions(subject);
    const visible = all.filter((v) => (options.deletedOnly ? v.deleted : options.deleted || !v.deleted));
    const exists = options.deleted || options.deletedOnly ? all.length > 0 : all.some((v) => !v.deleted);
    if (!exists) throw errors.subjectNotFound(subject);
    return paginate(
      visible.map((v) => v.version),
      options.offset ?? 0,
      options.limit ?? -1,
    );
  }

  /** GET /subjects/{subject}/versions/{version}[?deleted=true]. */
  async getVersion(subject: string, versionRaw: string, options: { deleted?: boolean } = {}): Promise<SchemaVersionBody> {
    const deleted = options.deleted ?? false;
    // The version and its schema in one read (one round trip on PostgreSQL) when it is there to be seen.
    const found = await this.store.getVersionWithSchema(subject, parseVersionId(versionRaw));
    if (found && (deleted || !found.version.deleted)) return schemaVersionBody(found.version, found.schema);
    // Missing or withdrawn: the subject's versions decide what to answer (the newest live one, or which 404).
    const target = await this.findVersion(subject, versionRaw, deleted);
    return schemaVersionBody(target, await this.schemaOrThrow(target.schemaId));
  }

  /** GET /subjects/{subject}/versions/{version}/referencedby: ids of the schemas that reference it. */
  async getReferencedBy(subject: string, versionRaw: string, options: ListOptions = {}): Promise<number[]> {
    const target = await this.findVersion(subject, versionRaw, true);
    const referrers = (await this.store.getReferrers(subject, target.version)).filter((r) => options.deleted || !r.deleted);
    const ids = [...new Set(referrers.map((r) => r.schemaId))].sort((a, b) => a - b);
    return paginate(ids, options.offset ?? 0, options.limit ?? -1);
  }

  /** GET /schemas: the schemas of every subject version, optionally the latest per subject only. */
  async listSchemas(options: ListOptions & { prefix?: string; latestOnly?: boolean } = {}): Promise<SchemaVersionBody[]> {
    let versions = (await this.store.listAllVersions(options.prefix)).filter((v) => options.deleted || !v.deleted);
    if (options.latestOnly) {
      const latest = new Map<string, SubjectVersion>();
      for (const v of versions) latest.set(v.subject, v);
      versions = [...latest.values()];
    }
    const page = paginate(versions, options.offset ?? 0, options.limit ?? -1);
    const out: SchemaVersionBody[] = [];
    for (const v of page) {
      const schema = await this.store.getSchema(v.schemaId);
      if (schema) out.push(schemaVersionBody(v, schema));
    }
    return out;
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  private async schemaOrThrow(id: number): Promise<StoredSchema> {
    const schema = await this.store.getSchema(id);
    if (!schema) throw errors.schemaNotFound(id);
    return schema;
  }

  private async versionsForSchema(id: number, deleted: boolean): Promise<SubjectVersion[]> {
    const versions = await this.store.getVersionsBySchemaId(id);
    if (versions.length === 0) throw errors.schemaNotFound(id);
    return versions.filter((v) => deleted || !v.deleted);
  }

  /** A subject version by number or "latest" (see pickVisible). */
  private async findVersion(subject: string, versionRaw: string, deleted: boolean): Promise<SubjectVersion> {
    const versionId = parseVersionId(versionRaw);
    return pickVisible(subject, await this.store.getVersions(subject), versionId, deleted);
  }
}

/**
 * A subject version by number or "latest" (the newest live version; with
 * `deleted`, the newest of all when none is live). 40401 when the subject
 * has no visible versions, 40402 when it has but not this one.
 */
function pickVisible(subject: string, all: readonly SubjectVersion[], versionId: number | 'latest', deleted: boolean): SubjectVersion {
  const visible = all.filter((v) => deleted || !v.deleted);
  const target =
    versionId === 'latest'
      ? (all.filter((v) => !v.deleted).at(-1) ?? (deleted ? all.at(-1) : undefined))
      : visible.find((v) => v.version === versionId);
  if (target) return target;
  if (visible.length === 0) throw errors.subjectNotFound(subject);
  throw errors.versionNotFound(versionId);
}
