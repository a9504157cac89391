import type Database from 'better-sqlite3';
import type { SchemaReference, SchemaType } from '../core/types.ts';
import { GroupCommit } from './sqlite-group-commit.ts';
import type { SqliteGovernance } from './sqlite-governance.ts';
import { toSchema, toVersion, type SchemaRow, type VersionRow } from './sql-rows.ts';
import type { SchemaStore } from './store-roles.ts';
import { StoreConflictError, type ListSubjectsOptions, type RegisterVersionInput } from './store.ts';

/** Schemas and subject versions in SQLite. Registrations are group-committed (GroupCommit). */
export class SqliteSchemas implements SchemaStore {
  private readonly stmt;
  private readonly commits: GroupCommit;

  constructor(
    private readonly db: Database.Database,
    /** Writes a registration's governance records in the registration's transaction. */
    private readonly governance: SqliteGovernance,
  ) {
    this.commits = new GroupCommit(db);
    this.stmt = {
      schemaById: db.prepare<[number], SchemaRow>('SELECT * FROM schemas WHERE id = ?'),
      schemaByFingerprint: db.prepare<[string], SchemaRow>('SELECT * FROM schemas WHERE fingerprint = ?'),
      maxId: db.prepare<[], { max: number | null }>('SELECT MAX(id) AS max FROM schemas'),
      versions: db.prepare<[string], VersionRow>('SELECT * FROM subject_versions WHERE subject = ? ORDER BY version'),
      // The version pickVersion picks, joined with its schema: one row, read as an array (the hot read of GET …/versions/latest).
      versionWithSchema: db
        .prepare<[{ subject: string; version: number | null }], [string, number, number, number, string, string, string, string, string]>(
          `SELECT v.subject, v.version, v.schema_id, v.deleted, v.created_at, s.fingerprint, s.schema_type, s.schema, s.references_json
           FROM subject_versions v JOIN schemas s ON s.id = v.schema_id
           WHERE v.subject = @subject AND v.version = COALESCE(@version,
             (SELECT MAX(version) FROM subject_versions WHERE subject = @subject AND NOT deleted),
             (SELECT MAX(version) FROM subject_versions WHERE subject = @subject))`,
        )
        .raw(),
      versionsById: db.prepare<[number], VersionRow>('SELECT * FROM subject_versions WHERE schema_id = ? ORDER BY subject, version'),
      allVersions: db.prepare<[], VersionRow>('SELECT * FROM subject_versions ORDER BY subject, version'),
      referrers: db.prepare<[string, number], VersionRow>(
        `SELECT sv.* FROM schema_references r JOIN subject_versions sv ON sv.schema_id = r.schema_id
         WHERE r.subject = ? AND r.version = ? ORDER BY sv.subject, sv.version`,
      ),
      subjects: db.prepare<[], { subject: string; live: number }>(
        'SELECT subject, MAX(deleted = 0) AS live FROM subject_versions GROUP BY subject ORDER BY subject',
      ),
      maxVersion: db.prepare<[string], { max: number | null }>('SELECT MAX(version) AS max FROM subject_versions WHERE subject = ?'),
      versionExists: db.prepare<[string, number], { one: number }>('SELECT 1 AS one FROM subject_versions WHERE subject = ? AND version = ?'),
      insertSchema: db.prepare('INSERT INTO schemas (id, fingerprint, schema_type, schema, references_json, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      insertReference: db.prepare('INSERT INTO schema_references (schema_id, name, subject, version) VALUES (?, ?, ?, ?)'),
      insertVersion: db.prepare('INSERT INTO subject_versions (subject, version, schema_id, deleted, created_at) VALUES (?, ?, ?, 0, ?)'),
      deleteVersion: db.prepare('DELETE FROM subject_versions WHERE subject = ? AND version = ?'),
      softDelete: db.prepare('UPDATE subject_versions SET deleted = 1 WHERE subject = ? AND version = ?'),
      dropOrphans: db.prepare('DELETE FROM schemas WHERE id NOT IN (SELECT schema_id FROM subject_versions)'),
    };
  }

  async getSchema(id: number) {
    return toSchema(this.stmt.schemaById.get(id));
  }

  async findSchemaByFingerprint(fingerprint: string) {
    return toSchema(this.stmt.schemaByFingerprint.get(fingerprint));
  }

  async maxSchemaId() {
    return this.stmt.maxId.get()?.max ?? 0;
  }

  async listSubjects(options: ListSubjectsOptions = {}) {
    return this.stmt.subjects
      .all()
      .filter((row) => options.prefix === undefined || row.subject.startsWith(options.prefix))
      .filter((row) => (options.deletedOnly ? row.live === 0 : row.live === 1 || options.includeDeleted))
      .map((row) => row.subject);
  }

  async getVersions(subject: string) {
    return this.stmt.versions.all(subject).map(toVersion);
  }

  // In process, two statements cost no round trip: the same reads as getVersions and getSchema.
  async getVersionWithSchema(subject: string, version: number | 'latest') {
    const row = this.stmt.versionWithSchema.get({ subject, version: version === 'latest' ? null : version });
    if (!row) return undefined;
    const [, v, schemaId, deleted, createdAt, fingerprint, schemaType, schema, referencesJson] = row;
    return {
      version: { subject, version: v, schemaId, deleted: deleted === 1, createdAt },
      schema: { id: schemaId, fingerprint, schemaType: schemaType as SchemaType, schema, references: JSON.parse(referencesJson) as SchemaReference[] },
    };
  }

  async getVersionsBySchemaId(id: number) {
    return this.stmt.versionsById.all(id).map(toVersion);
  }

  async listAllVersions(prefix?: string) {
    return this.stmt.allVersions
      .all()
      .filter((row) => prefix === undefined || row.subject.startsWith(prefix))
      .map(toVersion);
  }

  async getReferrers(subject: string, version: number) {
    return this.stmt.referrers.all(subject, version).map(toVersion);
  }

  registerVersion(input: RegisterVersionInput) {
    return this.commits.run(() => this.writeRegistration(input));
  }

  /** Commits the registrations queued so far (before the database closes). */
  flush(): void {
    this.commits.flush();
  }

  /** One registration; runs inside the caller's transaction (a group commit's savepoint, or a change request's apply). */
  writeRegistration(input: RegisterVersionInput): { schemaId: number; version: number; newSchema: boolean } {
    const existing = this.stmt.schemaByFingerprint.get(input.schema.fingerprint);
    if (input.id !== undefined && existing && existing.id !== input.id) throw new StoreConflictError('schema registered under another id');
    if (input.id !== undefined && !existing && this.stmt.schemaById.get(input.id)) throw new StoreConflictError('id holds another schema');
    const max = this.stmt.maxVersion.get(input.subject)?.max ?? 0;
    if (max !== input.expectedMaxVersion) throw new StoreConflictError('subject changed');
    for (const purged of input.purgeVersions ?? []) this.stmt.deleteVersion.run(input.subject, purged);
    const version = input.version ?? max + 1;
    if (this.stmt.versionExists.get(input.subject, version)) throw new StoreConflictError('version exists');

    let schemaId = existing?.id;
    if (schemaId === undefined) {
      const { schema } = input;
      // NULL lets AUTOINCREMENT pick an id never used before, even by a deleted schema.
      const info = this.stmt.insertSchema.run(
        input.id ?? null,
        schema.fingerprint,
        schema.schemaType,
        schema.schema,
        JSON.stringify(schema.references),
        input.createdAt,
      );
      schemaId = Number(info.lastInsertRowid);
      for (const ref of schema.references) this.stmt.insertReference.run(schemaId, ref.name, ref.subject, ref.version);
    }
    this.stmt.insertVersion.run(input.subject, version, schemaId, input.createdAt);
    this.governance.applyRegistration(input, schemaId, version);
    return { schemaId, version, newSchema: existing === undefined };
  }

  async softDeleteVersions(subject: string, versions: number[]) {
    this.db.transaction(() => {
      for (const v of versions) this.stmt.softDelete.run(subject, v);
    })();
  }

  async hardDeleteVersions(subject: string, versions: number[]) {
    this.db.transaction(() => {
      for (const v of versions) this.stmt.deleteVersion.run(subject, v);
      this.stmt.dropOrphans.run();
    })();
  }
}
