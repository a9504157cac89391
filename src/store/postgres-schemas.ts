import { lockSubjects, named, type Db, type PgContext } from './postgres-db.ts';
import type { PostgresGovernance } from './postgres-governance.ts';
import { toSchema, toVersion, type SchemaRow, type VersionRow } from './sql-rows.ts';
import type { SchemaStore } from './store-roles.ts';
import { StoreConflictError, type ListSubjectsOptions, type RegisterVersionInput } from './store.ts';

/**
 * One subject's versions, the target version's row carrying its schema's
 * columns too: the target is $2, else the newest live version, else the
 * newest (pickVersion's rule, in SQL). One round trip for GET …/versions/latest.
 */
/** The version pickVersion picks, joined with its schema: one row, one round trip. */
const VERSION_WITH_SCHEMA = `
  SELECT v.*, s.id, s.fingerprint, s.schema_type, s.schema, s.references_json
  FROM subject_versions v JOIN schemas s ON s.id = v.schema_id
  WHERE v.subject = $1 AND v.version = COALESCE($2::int,
    (SELECT MAX(version) FROM subject_versions WHERE subject = $1 AND NOT deleted),
    (SELECT MAX(version) FROM subject_versions WHERE subject = $1))`;

/** Schemas and subject versions in PostgreSQL. Hot reads are named prepared statements. */
export class PostgresSchemas implements SchemaStore {
  constructor(
    private readonly ctx: PgContext,
    /** Writes a registration's governance records in the registration's transaction. */
    private readonly governance: PostgresGovernance,
  ) {}

  async getSchema(id: number) {
    return toSchema((await named<SchemaRow>(this.ctx.db, 'sg_schema_by_id', 'SELECT * FROM schemas WHERE id = $1', [id]))[0]);
  }

  async findSchemaByFingerprint(fingerprint: string) {
    return toSchema((await named<SchemaRow>(this.ctx.db, 'sg_schema_by_fingerprint', 'SELECT * FROM schemas WHERE fingerprint = $1', [fingerprint]))[0]);
  }

  async maxSchemaId() {
    return (await this.ctx.db.query<{ max: number | null }>('SELECT MAX(id) AS max FROM schemas')).rows[0]?.max ?? 0;
  }

  async listSubjects(options: ListSubjectsOptions = {}) {
    const { rows } = await this.ctx.db.query<{ subject: string; live: boolean }>(
      'SELECT subject, bool_or(NOT deleted) AS live FROM subject_versions GROUP BY subject ORDER BY subject COLLATE "C"',
    );
    return rows
      .filter((row) => options.prefix === undefined || row.subject.startsWith(options.prefix))
      .filter((row) => (options.deletedOnly ? !row.live : row.live || options.includeDeleted))
      .map((row) => row.subject);
  }

  async getVersions(subject: string) {
    return (await named<VersionRow>(this.ctx.db, 'sg_versions', 'SELECT * FROM subject_versions WHERE subject = $1 ORDER BY version', [subject])).map(toVersion);
  }

  async getVersionWithSchema(subject: string, version: number | 'latest') {
    const [row] = await named<VersionRow & SchemaRow>(this.ctx.db, 'sg_version_with_schema', VERSION_WITH_SCHEMA, [subject, version === 'latest' ? null : version]);
    return row && { version: toVersion(row), schema: toSchema(row)! };
  }

  async getVersionsBySchemaId(id: number) {
    const { rows } = await this.ctx.db.query<VersionRow>('SELECT * FROM subject_versions WHERE schema_id = $1 ORDER BY subject COLLATE "C", version', [id]);
    return rows.map(toVersion);
  }

  async listAllVersions(prefix?: string) {
    const { rows } = await this.ctx.db.query<VersionRow>('SELECT * FROM subject_versions ORDER BY subject COLLATE "C", version');
    return rows.filter((row) => prefix === undefined || row.subject.startsWith(prefix)).map(toVersion);
  }

  async getReferrers(subject: string, version: number) {
    const { rows } = await this.ctx.db.query<VersionRow>(
      `SELECT sv.* FROM schema_references r JOIN subject_versions sv ON sv.schema_id = r.schema_id
       WHERE r.subject = $1 AND r.version = $2 ORDER BY sv.subject COLLATE "C", sv.version`,
      [subject, version],
    );
    return rows.map(toVersion);
  }

  async registerVersion(input: RegisterVersionInput) {
    return this.ctx.tx(async (db) => {
      await lockSubjects(db, [input.subject]);
      return this.writeRegistration(db, input);
    });
  }

  /** One registration inside the caller's transaction, which holds the subject's lock. */
  async writeRegistration(db: Db, input: RegisterVersionInput): Promise<{ schemaId: number; version: number; newSchema: boolean }> {
    const max = (await db.query<{ max: number | null }>('SELECT MAX(version) AS max FROM subject_versions WHERE subject = $1', [input.subject])).rows[0]?.max ?? 0;
    if (max !== input.expectedMaxVersion) throw new StoreConflictError('subject changed');
    for (const purged of input.purgeVersions ?? []) await db.query('DELETE FROM subject_versions WHERE subject = $1 AND version = $2', [input.subject, purged]);
    const version = input.version ?? max + 1;
    if ((await db.query('SELECT 1 FROM subject_versions WHERE subject = $1 AND version = $2', [input.subject, version])).rowCount) {
      throw new StoreConflictError('version exists');
    }
    const { id: schemaId, inserted: newSchema } = await this.schemaIdFor(db, input);
    await db.query('INSERT INTO subject_versions (subject, version, schema_id, deleted, created_at) VALUES ($1, $2, $3, false, $4)', [input.subject, version, schemaId, input.createdAt]);
    await this.governance.applyRegistration(db, input, schemaId, version);
    return { schemaId, version, newSchema };
  }

  /** The schema's id: the existing one, or a new one from the sequence (or the import's), inserted now. */
  private async schemaIdFor(db: Db, input: RegisterVersionInput): Promise<{ id: number; inserted: boolean }> {
    const { schema } = input;
    const byFingerprint = async () => (await db.query<{ id: number }>('SELECT id FROM schemas WHERE fingerprint = $1', [schema.fingerprint])).rows[0]?.id;
    const existing = await byFingerprint();
    if (input.id !== undefined && existing !== undefined && existing !== input.id) throw new StoreConflictError('schema registered under another id');
    if (existing !== undefined) return { id: existing, inserted: false };
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
    if (!inserted.rows[0]) return { id, inserted: false };
    // An imported id moves the sequence past it, so no later schema takes it.
    if (input.id !== undefined) await db.query("SELECT setval('schema_ids', GREATEST($1, (SELECT last_value FROM schema_ids)))", [input.id]);
    for (const ref of schema.references) {
      await db.query('INSERT INTO schema_references (schema_id, name, subject, version) VALUES ($1, $2, $3, $4)', [id, ref.name, ref.subject, ref.version]);
    }
    return { id, inserted: true };
  }

  async softDeleteVersions(subject: string, versions: number[]) {
    await this.ctx.db.query('UPDATE subject_versions SET deleted = true WHERE subject = $1 AND version = ANY($2::int[])', [subject, versions]);
  }

  async hardDeleteVersions(subject: string, versions: number[]) {
    await this.ctx.tx(async (db) => {
      await lockSubjects(db, [subject]);
      await db.query('DELETE FROM subject_versions WHERE subject = $1 AND version = ANY($2::int[])', [subject, versions]);
      await db.query('DELETE FROM schemas s WHERE NOT EXISTS (SELECT 1 FROM subject_versions v WHERE v.schema_id = s.id)');
    });
  }
}
