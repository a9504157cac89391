import type { MemoryGovernance } from './memory-governance.ts';
import { pickVersion } from './pick-version.ts';
import type { SchemaStore } from './store-roles.ts';
import { StoreConflictError, type ListSubjectsOptions, type RegisterVersionInput, type StoredSchema, type SubjectVersion } from './store.ts';

/**
 * Schemas and subject versions in process memory. Every write runs without
 * an await between its checks and its changes, so it is atomic with respect
 * to every other call.
 */
export class MemorySchemas implements SchemaStore {
  private readonly schemas = new Map<number, StoredSchema>();
  private readonly byFingerprint = new Map<string, number>();
  private readonly versions = new Map<string, SubjectVersion[]>();
  /** Ids are never reused, even after the schema holding one is deleted. */
  private highestId = 0;

  /** `governance` records a registration's report and compat id with it. */
  constructor(private readonly governance: MemoryGovernance) {}

  async getSchema(id: number) {
    return copy(this.schemas.get(id));
  }

  async findSchemaByFingerprint(fingerprint: string) {
    const id = this.byFingerprint.get(fingerprint);
    return id === undefined ? undefined : copy(this.schemas.get(id));
  }

  async maxSchemaId() {
    return Math.max(0, ...this.schemas.keys());
  }

  async listSubjects(options: ListSubjectsOptions = {}) {
    const out: string[] = [];
    for (const [subject, versions] of this.versions) {
      if (options.prefix !== undefined && !subject.startsWith(options.prefix)) continue;
      const live = versions.some((v) => !v.deleted);
      if (options.deletedOnly ? !live && versions.length > 0 : live || (options.includeDeleted && versions.length > 0)) out.push(subject);
    }
    return out.sort();
  }

  async getVersions(subject: string) {
    return (this.versions.get(subject) ?? []).map((v) => ({ ...v }));
  }

  async getVersionWithSchema(subject: string, version: number | 'latest') {
    const target = pickVersion(await this.getVersions(subject), version);
    const schema = target && copy(this.schemas.get(target.schemaId));
    return target && schema && { version: target, schema };
  }

  async getVersionsBySchemaId(id: number) {
    return this.all().filter((v) => v.schemaId === id);
  }

  async listAllVersions(prefix?: string) {
    return this.all().filter((v) => prefix === undefined || v.subject.startsWith(prefix));
  }

  async getReferrers(subject: string, version: number) {
    const referring = new Set(
      [...this.schemas.values()].filter((s) => s.references.some((r) => r.subject === subject && r.version === version)).map((s) => s.id),
    );
    return this.all().filter((v) => referring.has(v.schemaId));
  }

  async registerVersion(input: RegisterVersionInput) {
    this.checkRegistration(input);
    return this.writeRegistration(input);
  }

  /** Throws StoreConflictError when the registration's expectations no longer hold; writes nothing. */
  checkRegistration(input: RegisterVersionInput): void {
    const existingId = this.byFingerprint.get(input.schema.fingerprint);
    if (input.id !== undefined && existingId !== undefined && existingId !== input.id) throw new StoreConflictError('schema registered under another id');
    if (input.id !== undefined && existingId === undefined && this.schemas.has(input.id)) throw new StoreConflictError('id holds another schema');
    const versions = this.versions.get(input.subject) ?? [];
    const max = versions.reduce((m, v) => Math.max(m, v.version), 0);
    if (max !== input.expectedMaxVersion) throw new StoreConflictError('subject changed');
    const version = input.version ?? max + 1;
    if (versions.some((v) => v.version === version && !input.purgeVersions?.includes(version))) throw new StoreConflictError('version exists');
  }

  /** Writes a registration checkRegistration accepted. */
  writeRegistration(input: RegisterVersionInput): { schemaId: number; version: number; newSchema: boolean } {
    const versions = this.versions.get(input.subject) ?? [];
    const version = input.version ?? versions.reduce((m, v) => Math.max(m, v.version), 0) + 1;
    let schemaId = this.byFingerprint.get(input.schema.fingerprint) ?? input.id;
    if (schemaId === undefined) schemaId = this.highestId + 1;
    const newSchema = !this.schemas.has(schemaId);
    if (newSchema) {
      this.schemas.set(schemaId, { ...input.schema, references: input.schema.references.map((r) => ({ ...r })), id: schemaId });
      this.byFingerprint.set(input.schema.fingerprint, schemaId);
    }
    this.highestId = Math.max(this.highestId, schemaId);
    const kept = versions.filter((v) => !input.purgeVersions?.includes(v.version));
    kept.push({ subject: input.subject, version, schemaId, deleted: false, createdAt: input.createdAt });
    kept.sort((a, b) => a.version - b.version);
    this.versions.set(input.subject, kept);
    this.dropOrphans();
    this.governance.applyRegistration(input, schemaId, version);
    return { schemaId, version, newSchema };
  }

  async softDeleteVersions(subject: string, versions: number[]) {
    for (const v of this.versions.get(subject) ?? []) if (versions.includes(v.version)) v.deleted = true;
  }

  async hardDeleteVersions(subject: string, versions: number[]) {
    const kept = (this.versions.get(subject) ?? []).filter((v) => !versions.includes(v.version));
    if (kept.length > 0) this.versions.set(subject, kept);
    else this.versions.delete(subject);
    this.dropOrphans();
  }

  private all(): SubjectVersion[] {
    return [...this.versions.values()].flat().map((v) => ({ ...v }));
  }

  private dropOrphans(): void {
    const used = new Set(this.all().map((v) => v.schemaId));
    for (const [id, schema] of this.schemas) {
      if (!used.has(id)) {
        this.schemas.delete(id);
        this.byFingerprint.delete(schema.fingerprint);
      }
    }
  }
}

function copy(schema: StoredSchema | undefined): StoredSchema | undefined {
  return schema && { ...schema, references: schema.references.map((r) => ({ ...r })) };
}
