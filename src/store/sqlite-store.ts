import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { sha256Hex } from '../core/fingerprint.ts';
import type { AuditSigner } from '../core/governance/audit-signer.ts';
import { newerSchemaProblem, planMigrations } from './migration-plan.ts';
import { SqliteAuditLog } from './sqlite-audit-log.ts';
import { SqliteChangeRequests } from './sqlite-change-requests.ts';
import { SqliteGovernance } from './sqlite-governance.ts';
import { SqliteNotifications } from './sqlite-notifications.ts';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts';
import { SqliteSchemas } from './sqlite-schemas.ts';
import { SqliteSettings } from './sqlite-settings.ts';
import { SqliteSnapshot } from './sqlite-snapshot.ts';
import { delegateRoles, type AuditLogStore, type ChangeRequestStore, type GovernanceRecordStore, type NotificationStore, type SchemaStore, type SettingsStore } from './store-roles.ts';
import type { Store } from './store.ts';
import { SubjectLocks } from './subject-locks.ts';

/** Its methods are its roles' (delegateRoles, below the class). */
export interface SqliteStore extends SchemaStore, SettingsStore, GovernanceRecordStore, ChangeRequestStore, AuditLogStore, NotificationStore {}

/**
 * The default store: one SQLite file in WAL mode with synchronous=FULL, so a
 * registration answered 200 is on disk before the answer leaves (it survives
 * kill -9 and power loss). Registrations arriving together share one commit
 * (GroupCommit). better-sqlite3 is synchronous; the async interface is kept
 * so every store is interchangeable.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly db: Database.Database;
  /** One object per role; the store's methods are theirs. */
  readonly roles: {
    schemas: SqliteSchemas;
    settings: SqliteSettings;
    governance: SqliteGovernance;
    changeRequests: SqliteChangeRequests;
    audit: SqliteAuditLog;
    notifications: SqliteNotifications;
  };
  private readonly snapshot: SqliteSnapshot;
  private readonly locks = new SubjectLocks();

  constructor(
    readonly path: string,
    readonly auditSigner?: AuditSigner,
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // FULL: the WAL is fsynced at every COMMIT, which is what makes an acknowledged write durable (GroupCommit shares one COMMIT between writes, never skips it).
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    // Used by the audit log's triggers: only a connection that defines it can append (see migration 5).
    this.db.function('schemagate_sha256', { deterministic: true }, (text) => sha256Hex(String(text)));
    migrate(this.db, path);
    const governance = new SqliteGovernance(this.db);
    const schemas = new SqliteSchemas(this.db, governance);
    const audit = new SqliteAuditLog(this.db, governance, auditSigner);
    const notifications = new SqliteNotifications(this.db);
    const changeRequests = new SqliteChangeRequests(this.db, { schemas, governance, audit, notifications });
    this.roles = { schemas, settings: new SqliteSettings(this.db), governance, changeRequests, audit, notifications };
    this.snapshot = new SqliteSnapshot(this.db);
  }

  /**
   * One process owns the file (docs/operations: one `serve` per SQLite
   * file), so an in-process lock serialises writers; each write is still an
   * IMMEDIATE transaction that checks its expectations.
   */
  locked<T>(subjects: readonly string[], work: (store: Store) => Promise<T>): Promise<T> {
    return this.locks.run(subjects, () => work(this));
  }

  async loadSubject(subject: string) {
    return this.snapshot.load(subject);
  }

  async close() {
    if (!this.db.open) return;
    // Registrations queued for the next group commit are written, not dropped.
    this.roles.schemas.flush();
    this.db.close();
  }
}

delegateRoles(SqliteStore);

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
