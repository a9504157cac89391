import { mkdirSync } from 'node:fs';
import { composeSnapshot } from './subject-snapshot.ts';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { sha256Hex } from '../core/fingerprint.ts';
import type { RegistryMode } from '../core/types.ts';
import type { ValidationMode } from '../core/types.ts';
import type { GovernanceSettings, SchemaValidationReport, SubjectGovernance } from '../core/governance/governance-types.ts';
import type { AuditDraft } from '../core/governance/audit-log.ts';
import type { AuditSigner } from '../core/governance/audit-signer.ts';
import type { ChangeRequest, ChangeRequestState, NewChangeRequest } from '../core/governance/change-request-types.ts';
import { SqliteChangeRequests } from './sqlite-change-requests.ts';
import { SqliteGovernance } from './sqlite-governance.ts';
import { newerSchemaProblem, planMigrations } from './migration-plan.ts';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts';
import { toSchema, toVersion, type SchemaRow, type VersionRow } from './sql-rows.ts';
import {
  StoreConflictError,
  type ApplyChangeRequestInput,
  type FailureFilter,
  type PromoteChangeRequestInput,
  type SubjectGovernanceUpdate,
  type ListSubjectsOptions,
  type RegisterVersionInput,
  type ScopeConfig,
  type Store,
} from './store.ts';
import { SubjectLocks } from './subject-locks.ts';

const GLOBAL = '__GLOBAL';

/**
 * The default store: one SQLite file in WAL mode with synchronous=FULL, so a
 * registration answered 200 is on disk before the answer leaves (it survives
 * kill -9 and power loss). better-sqlite3 is synchronous; the async interface
 * is kept so every store is interchangeable.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly db: Database.Database;
  private readonly stmt: Statements;
  private readonly governance: SqliteGovernance;
  private readonly changeRequests: SqliteChangeRequests;
  private readonly locks = new SubjectLocks();

  constructor(
    readonly path: string,
    readonly auditSigner?: AuditSigner,
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    // Used by the audit log's triggers: only a connection that defines it can append (see migration 5).
    this.db.function('schemagate_sha256', { deterministic: true }, (text) => sha256Hex(String(text)));
    migrate(this.db, path);
    this.stmt = prepareStatements(this.db);
    this.governance = new SqliteGovernance(this.db);
    this.changeRequests = new SqliteChangeRequests(this.db, auditSigner);
  }

  /**
   * One process owns the file (docs/operations: one `serve` per SQLite
   * file), so an in-process lock serialises writers; each write is still an
   * IMMEDIATE transaction that checks its expectations.
   */
  locked<T>(subjects: readonly string[], work: (store: Store) => Promise<T>): Promise<T> {
    return this.locks.run(subjects, () => work(this));
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

  loadSubject(subject: string) {
    return composeSnapshot(this, subject);
  }

  async getVersions(subject: string) {
    return this.stmt.versions.all(subject).map(toVersion);
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

  async registerVersion(input: RegisterVersionInput) {
    return this.db.transaction(() => this.writeRegistration(input)).immediate();
  }

  /** One registration; runs inside the caller's transaction. */
  private writeRegistration(input: RegisterVersionInput): { schemaId: number; version: number } {
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
    return { schemaId, version };
  }

  async createChangeRequest(changeRequest: NewChangeRequest, samplesText?: string) {
    return this.db.transaction(() => this.changeRequests.create(changeRequest, samplesText)).immediate();
  }

  async getChangeRequest(id: number) {
    return this.changeRequests.get(id);
  }

  async getChangeRequestSamples(id: number) {
    return this.changeRequests.samples(id);
  }

  async listChangeRequests(filter: { state?: ChangeRequestState; offset?: number; limit?: number } = {}) {
    return this.changeRequests.list(filter);
  }

  async updateChangeRequest(changeRequest: ChangeRequest, expectedRevision: number, samplesText?: string | null) {
    this.db.transaction(() => this.changeRequests.update(changeRequest, expectedRevision, samplesText))();
  }

  async applyChangeRequest(input: ApplyChangeRequestInput) {
    return this.db
      .transaction(() => {
        this.changeRequests.checkRevision(input.id, input.expectedRevision);
        const results = input.registrations.map((registration) => this.writeRegistration(registration));
        this.writeSubjectGovernance(input.subjects);
        const saved = input.changeRequest(results);
        this.changeRequests.update(saved, input.expectedRevision);
        return saved;
      })
      .immediate();
  }

  async promoteChangeRequest(input: PromoteChangeRequestInput) {
    return this.db
      .transaction(() => {
        this.changeRequests.checkRevision(input.id, input.expectedRevision);
        const entry = this.changeRequests.appendAudit(input.audit);
        this.writeSubjectGovernance(input.subjects);
        this.changeRequests.update(input.changeRequest(entry), input.expectedRevision);
        return entry;
      })
      .immediate();
  }

  async appendAuditEntry(audit: AuditDraft, subjects: SubjectGovernanceUpdate[]) {
    return this.db
      .transaction(() => {
        const entry = this.changeRequests.appendAudit(audit);
        this.writeSubjectGovernance(subjects);
        return entry;
      })
      .immediate();
  }

  async listAuditRows() {
    return this.changeRequests.auditRows();
  }

  async getAuditHead() {
    return this.changeRequests.auditHead();
  }

  private writeSubjectGovernance(updates: SubjectGovernanceUpdate[]): void {
    for (const { subject, governance } of updates) this.governance.setSubjectGovernance(subject, governance);
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

  async listReports(subject: string, page: { offset: number; limit: number }) {
    return this.governance.listReports(subject, page);
  }

  async countReports(subject: string) {
    return this.governance.countReports(subject);
  }

  async listFailures(filter: FailureFilter = {}) {
    return this.governance.listFailures(filter);
  }

  async countFailures(filter: FailureFilter = {}) {
    return this.governance.listFailures(filter).length;
  }

  async recordRefusal(report: SchemaValidationReport, mode: ValidationMode) {
    this.governance.recordRefusal(report, mode);
  }

  async getCompatIds(subject: string) {
    return this.governance.getCompatIds(subject);
  }

  async getSubjectGovernance(subject: string) {
    return this.governance.getSubjectGovernance(subject);
  }

  async listSubjectGovernance() {
    return this.governance.listSubjectGovernance();
  }

  async setSubjectGovernance(subject: string, governance: SubjectGovernance) {
    this.governance.setSubjectGovernance(subject, governance);
  }

  async getGovernanceSettings() {
    return this.governance.getGovernanceSettings();
  }

  async setGovernanceSettings(settings: GovernanceSettings) {
    this.governance.setGovernanceSettings(settings);
  }

  async getConfig(subject: string | null) {
    const row = this.stmt.getConfig.get(subject ?? GLOBAL);
    return row ? (JSON.parse(row.config_json) as ScopeConfig) : undefined;
  }

  async setConfig(subject: string | null, config: ScopeConfig) {
    this.stmt.setConfig.run(subject ?? GLOBAL, JSON.stringify(config));
  }

  async deleteConfig(subject: string | null) {
    this.stmt.deleteConfig.run(subject ?? GLOBAL);
  }

  async getMode(subject: string | null) {
    return this.stmt.getMode.get(subject ?? GLOBAL)?.mode as RegistryMode | undefined;
  }

  async setMode(subject: string | null, mode: RegistryMode) {
    this.stmt.setMode.run(subject ?? GLOBAL, mode);
  }

  async deleteMode(subject: string | null) {
    this.stmt.deleteMode.run(subject ?? GLOBAL);
  }

  async close() {
    if (this.db.open) this.db.close();
  }
}

type Statements = ReturnType<typeof prepareStatements>;

function prepareStatements(db: Database.Database) {
  return {
    schemaById: db.prepare<[number], SchemaRow>('SELECT * FROM schemas WHERE id = ?'),
    schemaByFingerprint: db.prepare<[string], SchemaRow>('SELECT * FROM schemas WHERE fingerprint = ?'),
    maxId: db.prepare<[], { max: number | null }>('SELECT MAX(id) AS max FROM schemas'),
    versions: db.prepare<[string], VersionRow>('SELECT * FROM subject_versions WHERE subject = ? ORDER BY version'),
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
    getConfig: db.prepare<[string], { config_json: string }>('SELECT config_json FROM configs WHERE scope = ?'),
    setConfig: db.prepare('INSERT INTO configs (scope, config_json) VALUES (?, ?) ON CONFLICT (scope) DO UPDATE SET config_json = excluded.config_json'),
    deleteConfig: db.prepare('DELETE FROM configs WHERE scope = ?'),
    getMode: db.prepare<[string], { mode: string }>('SELECT mode FROM modes WHERE scope = ?'),
    setMode: db.prepare('INSERT INTO modes (scope, mode) VALUES (?, ?) ON CONFLICT (scope) DO UPDATE SET mode = excluded.mode'),
    deleteMode: db.prepare('DELETE FROM modes WHERE scope = ?'),
  };
}

function migrate(db: Database.Database, path: string): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = db.prepare<[], { version: number }>('SELECT version FROM schema_migrations').all().map((r) => r.version);
  const newer = newerSchemaProblem(planMigrations('sqlite', path, applied, SQLITE_MIGRATIONS));
  if (newer) {
    db.close();
    throw new Error(`sqlite store: ${newer}`);
  }
  for (const migration of SQLITE_MIGRATIONS) {
    if (applied.includes(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(migration.version, new Date().toISOString());
    }).immediate();
  }
}
