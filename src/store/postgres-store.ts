import pg from 'pg';
import type { AuditSigner } from '../core/governance/audit-signer.ts';
import { PostgresAuditLog } from './postgres-audit-log.ts';
import { PostgresChangeRequests } from './postgres-change-requests.ts';
import { lockSubjects, mapConflicts, type Db, type PgContext } from './postgres-db.ts';
import { PostgresGovernance } from './postgres-governance.ts';
import { migratePostgres } from './postgres-migrations.ts';
import { PostgresNotifications } from './postgres-notifications.ts';
import { PostgresSchemas } from './postgres-schemas.ts';
import { PostgresSettings } from './postgres-settings.ts';
import { loadPostgresSnapshot } from './postgres-snapshot.ts';
import { delegateRoles, type AuditLogStore, type ChangeRequestStore, type GovernanceRecordStore, type NotificationStore, type SchemaStore, type SettingsStore } from './store-roles.ts';
import type { Store } from './store.ts';
import { SubjectLocks } from './subject-locks.ts';

/** Its methods are its roles' (delegateRoles, below the class). */
export interface PostgresStore extends SchemaStore, SettingsStore, GovernanceRecordStore, ChangeRequestStore, AuditLogStore, NotificationStore {}

/**
 * The store for several schemagate instances on one PostgreSQL database.
 * Writes to a subject are serialised across instances by a transaction-level
 * advisory lock on the subject; global ids come from one sequence, and the
 * fingerprint's unique index makes the same schema one id even when two
 * instances insert it at once. Audit appends take one lock, so the hash chain
 * never forks; change request writes compare-and-set their revision.
 */
export class PostgresStore implements Store, PgContext {
  readonly kind = 'postgres' as const;
  /** One object per role, querying through this store (its session's transaction inside `locked`); the store's methods are theirs. */
  readonly roles: {
    schemas: PostgresSchemas;
    settings: PostgresSettings;
    governance: PostgresGovernance;
    changeRequests: PostgresChangeRequests;
    audit: PostgresAuditLog;
    notifications: PostgresNotifications;
  };

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
    const governance = new PostgresGovernance(this);
    const schemas = new PostgresSchemas(this, governance);
    const audit = new PostgresAuditLog(this, governance, auditSigner);
    const notifications = new PostgresNotifications(this);
    const changeRequests = new PostgresChangeRequests(this, { schemas, governance, audit, notifications });
    this.roles = { schemas, settings: new PostgresSettings(this), governance, changeRequests, audit, notifications };
  }

  /** Where queries go: the session's transaction, or the pool. */
  get db(): Db {
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
  async tx<T>(work: (db: Db) => Promise<T>): Promise<T> {
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

  loadSubject(subject: string) {
    return loadPostgresSnapshot(this.db, subject);
  }

  async close() {
    if (this.session) return;
    await Promise.all([this.pool.end(), this.writers.end()]);
  }
}

delegateRoles(PostgresStore);
