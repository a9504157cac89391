import pg from 'pg';
import { composeSnapshot } from './subject-snapshot.ts';
import type { RegistryMode, ValidationMode } from '../core/types.ts';
import type { AuditDraft } from '../core/governance/audit-log.ts';
import type { AuditSigner } from '../core/governance/audit-signer.ts';
import type { ChangeRequest, ChangeRequestState, NewChangeRequest } from '../core/governance/change-request-types.ts';
import type { GovernanceSettings, SchemaValidationReport, SubjectGovernance } from '../core/governance/governance-types.ts';
import { PostgresGovernance, type Db } from './postgres-governance.ts';
import { migratePostgres } from './postgres-migrations.ts';
import { toSchema, toVersion, type SchemaRow, type VersionRow } from './sql-rows.ts';
import {
  StoreConflictError,
  type ApplyChangeRequestInput,
  type FailureFilter,
  type ListSubjectsOptions,
  type PromoteChangeRequestInput,
  type RegisterVersionInput,
  type ScopeConfig,
  type Store,
  type SubjectGovernanceUpdate,
} from './store.ts';
import { SubjectLocks } from './subject-locks.ts';

const GLOBAL = '__GLOBAL';

/**
 * The store for several schemagate instances on one PostgreSQL database.
 * Writes to a subject are serialised across instances by a transaction-level
 * advisory lock on the subject; global ids come from one sequence, and the
 * fingerprint's unique index makes the same schema one id even when two
 * instances insert it at once. Audit appends take one lock, so the hash chain
 * never forks; change request writes compare-and-set their revision.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  private readonly governance: PostgresGovernance;

  private constructor(
    /** Reads and short writes. */
    private readonly pool: pg.Pool,
    /** Sessions of `locked` only: they hold a connection while they work, and never starve the reads they make through `pool`. */
    private readonly writers: pg.Pool,
    private readonly locks: SubjectLocks,
    readonly description: string,
    /** Set on the store `locked` hands its work: every query goes through this client, inside its transaction. */
    private readonly session?: { client: pg.PoolClient; subjects: ReadonlySet<string> },
    readonly auditSigner?: AuditSigner,
  ) {
    this.governance = new PostgresGovernance(auditSigner);
  }

  /** Where queries go: the session's transaction, or the pool. */
  private get db(): Db {
    return this.session?.client ?? this.pool;
  }

  /** Connects, and migrates the database. `?schema=name` in the URL keeps the tables in that schema. */
  static async open(url: string, opening: { auditSigner?: AuditSigner } = {}): Promise<PostgresStore> {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema');
    parsed.searchParams.delete('schema');
    if (schema !== null && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`postgres store: schema '${schema}' must be a lower-case SQL identifier`);
    const options = { connectionString: parsed.toString(), ...(schema && { options: `-c search_path=${schema}` }) };
    const pool = new pg.Pool({ ...options, max: 10 });
    const writers = new pg.Pool({ ...options, max: 8 });
    // An idle client losing its server is reported here, not as an unhandled error that stops the process.
    pool.on('error', () => {});
    writers.on('error', () => {});
    const store = new PostgresStore(pool, writers, new SubjectLocks(), `postgres ${parsed.host}${parsed.pathname}${schema ? ` (schema ${schema})` : ''}`, undefined, opening.auditSigner);
    try {
      await migratePostgres(pool, schema);
    } catch (err) {
      await Promise.all([pool.end(), writers.end()]);
      throw new Error(`postgres store: ${(err as Error).message}`);
    }
    return store;
  }

  async locked<T>(subjects: readonly string[], work: (store: Store) => Promise<T>): Promise<T> {
    if (this.session) {
      const missing = subjects.filter((s) => !this.session!.subjects.has(s));
      if (missing.length > 0) throw new Error(`postgres store: a locked session on ${[...this.session.subjects].join(', ')} cannot also lock ${missing.join(', ')}`);
      return work(this);
    }
    // In-process first, so two requests of this instance do not both hold a connection waiting on one advisory lock.
    return this.locks.run(subjects, () =>
      this.transaction(this.writers, async (client) => {
        await lockSubjects(client, [...subjects]);
        return work(new PostgresStore(this.pool, this.writers, this.locks, this.description, { client, subjects: new Set(subjects) }, this.auditSigner));
      }),
    );
  }

  /** Runs `work` in one transaction (the session's, when there is one); a unique or foreign-key violation means another writer came first. */
  private async tx<T>(work: (db: Db) => Promise<T>): Promise<T> {
    if (this.session) return mapConflicts(() => work(this.session!.client));
    return this.transaction(this.pool, work);
  }

  private async transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await mapConflicts(() => work(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  private async one<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.db.query<T>(text, params)).rows[0];
  }

  private async all<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query<T>(text, params)).rows;
  }

  async getSchema(id: number) {
    return toSchema(await this.one<SchemaRow>('SELECT * FROM schemas WHERE id = $1', [id]));
  }

  async findSchemaByFingerprint(fingerprint: string) {
    return toSchema(await this.one<SchemaRow>('SELECT * FROM schemas WHERE fingerprint = $1', [fingerprint]));
  }

  async maxSchemaId() {
    return (await this.one<{ max: number | null }>('SELECT MAX(id) AS max FROM schemas'))?.max ?? 0;
  }

  async listSubjects(options: ListSubjectsOptions = {}) {
    const rows = await this.all<{ subject: string; live: boolean }>(
      'SELECT subject, bool_or(NOT deleted) AS live FROM subject_versions GROUP BY subject ORDER BY subject COLLATE "C"',
    );
    return rows
      .filter((row) => options.prefix === undefined || row.subject.startsWith(options.prefix))
      .filter((row) => (options.deletedOnly ? !row.live : row.live || options.includeDeleted))
      .map((row) => row.subject);
  }

  loadSubject(subject: string) {
    return composeSnapshot(this, subject);
  }

  async getVersions(subject: string) {
    return (await this.all<VersionRow>('SELECT * FROM subject_versions WHERE subject = $1 ORDER BY version', [subject])).map(toVersion);
  }

  async getVersionsBySchemaId(id: number) {
    return (await this.all<VersionRow>('SELECT * FROM subject_versions WHERE schema_id = $1 ORDER BY subject COLLATE "C", version', [id])).map(toVersion);
  }

  async listAllVersions(prefix?: string) {
    const rows = await this.all<VersionRow>('SELECT * FROM subject_versions ORDER BY subject COLLATE "C", version');
    return rows.filter((row) => prefix === undefined || row.subject.startsWith(prefix)).map(toVersion);
  }

  async getReferrers(subject: string, version: number) {
    const rows = await this.all<VersionRow>(
      `SELECT sv.* FROM schema_references r JOIN subject_versions sv ON sv.schema_id = r.schema_id
       WHERE r.subject = $1 AND r.version = $2 ORDER BY sv.subject COLLATE "C", sv.version`,
      [subject, version],
    );
    return rows.map(toVersion);
  }

  async registerVersion(input: RegisterVersionInput) {
    return this.tx(async (db) => {
      await lockSubjects(db, [input.subject]);
      return this.writeRegistration(db, input);
    });
  }

  /** One registration inside the caller's transaction, which holds the subject's lock. */
  private async writeRegistration(db: Db, input: RegisterVersionInput): Promise<{ schemaId: number; version: number }> {
    const max = (await db.query<{ max: number | null }>('SELECT MAX(version) AS max FROM subject_versions WHERE subject = $1', [input.subject])).rows[0]?.max ?? 0;
    if (max !== input.expectedMaxVersion) throw new StoreConflictError('subject changed');
    for (const purged of input.purgeVersions ?? []) await db.query('DELETE FROM subject_versions WHERE subject = $1 AND version = $2', [input.subject, purged]);
    const version = input.version ?? max + 1;
    if ((await db.query('SELECT 1 FROM subject_versions WHERE subject = $1 AND version = $2', [input.subject, version])).rowCount) {
      throw new StoreConflictError('version exists');
    }
    const schemaId = await this.schemaIdFor(db, input);
    await db.query('INSERT INTO subject_versions (subject, version, schema_id, deleted, created_at) VALUES ($1, $2, $3, false, $4)', [input.subject, version, schemaId, input.createdAt]);
    await this.governance.applyRegistration(db, input, schemaId, version);
    return { schemaId, version };
  }

  /** The schema's id: the existing one, or a new one from the sequence (or the import's), inserted now. */
  private async schemaIdFor(db: Db, input: RegisterVersionInput): Promise<number> {
    const { schema } = input;
    const byFingerprint = async () => (await db.query<{ id: number }>('SELECT id FROM schemas WHERE fingerprint = $1', [schema.fingerprint])).rows[0]?.id;
    const existing = await byFingerprint();
    if (input.id !== undefined && existing !== undefined && existing !== input.id) throw new StoreConflictError('schema registered under another id');
    if (existing !== undefined) return existing;
    if (input.id !== undefined && (await db.query('SELECT 1 FROM schemas WHERE id = $1', [input.id])).rowCount) throw new StoreConflictError('id holds another schema');
    const inserted = await db.query<{ id: number }>(
      `INSERT INTO schemas (id, fingerprint, schema_type, schema, references_json, created_at)
       VALUES (COALESCE($1, nextval('schema_ids')), $2, $3, $4, $5, $6)
       ON CONFLICT (fingerprint) DO NOTHING RETURNING id`,
      [input.id ?? null, schema.fingerprint, schema.schemaType, schema.schema, JSON.stringify(schema.references), input.createdAt],
    );
    // Another instance inserted the same schema meanwhile: its id is the schema's id.
    const id = inserted.rows[0]?.id ?? (await byFingerprint());
    if (id === undefined) throw new StoreConflictError('schema vanished');
    if (!inserted.rows[0]) return id;
    // An imported id moves the sequence past it, so no later schema takes it.
    if (input.id !== undefined) await db.query("SELECT setval('schema_ids', GREATEST($1, (SELECT last_value FROM schema_ids)))", [input.id]);
    for (const ref of schema.references) {
      await db.query('INSERT INTO schema_references (schema_id, name, subject, version) VALUES ($1, $2, $3, $4)', [id, ref.name, ref.subject, ref.version]);
    }
    return id;
  }

  async softDeleteVersions(subject: string, versions: number[]) {
    await this.db.query('UPDATE subject_versions SET deleted = true WHERE subject = $1 AND version = ANY($2::int[])', [subject, versions]);
  }

  async hardDeleteVersions(subject: string, versions: number[]) {
    await this.tx(async (db) => {
      await lockSubjects(db, [subject]);
      await db.query('DELETE FROM subject_versions WHERE subject = $1 AND version = ANY($2::int[])', [subject, versions]);
      await db.query('DELETE FROM schemas s WHERE NOT EXISTS (SELECT 1 FROM subject_versions v WHERE v.schema_id = s.id)');
    });
  }

  async listReports(subject: string, page: { offset: number; limit: number }) {
    return this.governance.listReports(this.db, subject, page);
  }

  async countReports(subject: string) {
    return this.governance.countReports(this.db, subject);
  }

  async listFailures(filter: FailureFilter = {}) {
    return this.governance.listFailures(this.db, filter);
  }

  async countFailures(filter: FailureFilter = {}) {
    return (await this.governance.listFailures(this.db, filter)).length;
  }

  async recordRefusal(report: SchemaValidationReport, mode: ValidationMode) {
    await this.tx((db) => this.governance.recordRefusal(db, report, mode));
  }

  async getCompatIds(subject: string) {
    return this.governance.getCompatIds(this.db, subject);
  }

  async getSubjectGovernance(subject: string) {
    return this.governance.getSubjectGovernance(this.db, subject);
  }

  async listSubjectGovernance() {
    return this.governance.listSubjectGovernance(this.db);
  }

  async setSubjectGovernance(subject: string, governance: SubjectGovernance) {
    await this.governance.setSubjectGovernance(this.db, subject, governance);
  }

  async getGovernanceSettings() {
    return this.governance.getGovernanceSettings(this.db);
  }

  async setGovernanceSettings(settings: GovernanceSettings) {
    await this.governance.setGovernanceSettings(this.db, settings);
  }

  async createChangeRequest(changeRequest: NewChangeRequest, samplesText?: string) {
    return this.tx((db) => this.governance.createChangeRequest(db, changeRequest, samplesText));
  }

  async getChangeRequest(id: number) {
    return this.governance.getChangeRequest(this.db, id);
  }

  async getChangeRequestSamples(id: number) {
    return (await this.one<{ samples_json: string | null }>('SELECT samples_json FROM change_requests WHERE id = $1', [id]))?.samples_json ?? undefined;
  }

  async listChangeRequests(filter: { state?: ChangeRequestState; offset?: number; limit?: number } = {}) {
    return this.governance.listChangeRequests(this.db, filter);
  }

  async updateChangeRequest(changeRequest: ChangeRequest, expectedRevision: number, samplesText?: string | null) {
    await this.governance.updateChangeRequest(this.db, changeRequest, expectedRevision, samplesText);
  }

  async applyChangeRequest(input: ApplyChangeRequestInput) {
    return this.tx(async (db) => {
      await this.governance.lockChangeRequest(db, input.id, input.expectedRevision);
      await lockSubjects(db, input.registrations.map((r) => r.subject));
      const results = [];
      for (const registration of input.registrations) results.push(await this.writeRegistration(db, registration));
      await this.writeSubjectGovernance(db, input.subjects);
      const saved = input.changeRequest(results);
      await this.governance.updateChangeRequest(db, saved, input.expectedRevision);
      return saved;
    });
  }

  async promoteChangeRequest(input: PromoteChangeRequestInput) {
    return this.tx(async (db) => {
      await this.governance.lockChangeRequest(db, input.id, input.expectedRevision);
      const entry = await this.governance.appendAudit(db, input.audit);
      await this.writeSubjectGovernance(db, input.subjects);
      await this.governance.updateChangeRequest(db, input.changeRequest(entry), input.expectedRevision);
      return entry;
    });
  }

  async appendAuditEntry(audit: AuditDraft, subjects: SubjectGovernanceUpdate[]) {
    return this.tx(async (db) => {
      const entry = await this.governance.appendAudit(db, audit);
      await this.writeSubjectGovernance(db, subjects);
      return entry;
    });
  }

  async listAuditRows() {
    return this.governance.auditRows(this.db);
  }

  async getAuditHead() {
    return this.governance.auditHead(this.db);
  }

  private async writeSubjectGovernance(db: Db, updates: SubjectGovernanceUpdate[]): Promise<void> {
    for (const { subject, governance } of updates) await this.governance.setSubjectGovernance(db, subject, governance);
  }

  async getConfig(subject: string | null) {
    const row = await this.one<{ config_json: string }>('SELECT config_json FROM configs WHERE scope = $1', [subject ?? GLOBAL]);
    return row ? (JSON.parse(row.config_json) as ScopeConfig) : undefined;
  }

  async setConfig(subject: string | null, config: ScopeConfig) {
    await this.db.query(
      'INSERT INTO configs (scope, config_json) VALUES ($1, $2) ON CONFLICT (scope) DO UPDATE SET config_json = excluded.config_json',
      [subject ?? GLOBAL, JSON.stringify(config)],
    );
  }

  async deleteConfig(subject: string | null) {
    await this.db.query('DELETE FROM configs WHERE scope = $1', [subject ?? GLOBAL]);
  }

  async getMode(subject: string | null) {
    return (await this.one<{ mode: string }>('SELECT mode FROM modes WHERE scope = $1', [subject ?? GLOBAL]))?.mode as RegistryMode | undefined;
  }

  async setMode(subject: string | null, mode: RegistryMode) {
    await this.db.query('INSERT INTO modes (scope, mode) VALUES ($1, $2) ON CONFLICT (scope) DO UPDATE SET mode = excluded.mode', [subject ?? GLOBAL, mode]);
  }

  async deleteMode(subject: string | null) {
    await this.db.query('DELETE FROM modes WHERE scope = $1', [subject ?? GLOBAL]);
  }

  async close() {
    if (this.session) return;
    await Promise.all([this.pool.end(), this.writers.end()]);
  }
}

/** Runs database work; a unique or foreign-key violation, or a serialisation failure, means another writer came first. */
async function mapConflicts<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === '23505' || code === '23503' || code === '40001' || code === '40P01') throw new StoreConflictError((err as Error).message);
    throw err;
  }
}

/**
 * Serialises writes to these subjects across every instance until the
 * transaction ends. Taken in one sorted order, so two transactions locking
 * overlapping sets cannot deadlock.
 */
async function lockSubjects(db: Db, subjects: string[]): Promise<void> {
  for (const subject of [...new Set(subjects)].sort()) await db.query("SELECT pg_advisory_xact_lock(hashtext('subject:' || $1))", [subject]);
}
