import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import Database from 'better-sqlite3';
import { newerSchemaProblem, planMigrations } from './migration-plan.ts';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts';

/** A backup that cannot be used, or a copy that cannot be made, in the operator's terms. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}

/** The table a backup carries beside the registry: when it was taken and a checksum of its content. */
const MANIFEST_TABLE = 'schemagate_backup';

export interface BackupManifest {
  format: 1;
  takenAt: string;
  /** The file it was taken from. */
  source: string;
  schemaVersion: number;
  /** SHA-256 over every table's rows and the schema (see contentDigest): a flipped bit in the data changes it. */
  contentSha256: string;
}

export interface BackupContents {
  schemaVersion: number;
  subjects: number;
  versions: number;
  schemas: number;
  changeRequests: number;
  /** Absent when the file was not made by `schemagate backup` (a copy taken some other way). */
  manifest?: BackupManifest;
}

/**
 * Whether another process has the database open (a running server). In WAL
 * mode every open connection keeps a shared lock on the file, so an exclusive
 * lock is refused at once while a server holds it, busy or idle.
 */
export function sqliteInUse(path: string): boolean {
  if (!existsSync(path)) return false;
  const db = new Database(path, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (err) {
    if (/^SQLITE_(BUSY|LOCKED)/.test(String((err as { code?: string }).code))) return true;
    throw err;
  } finally {
    db.close();
  }
}

/**
 * A consistent copy of a live database into a new file. VACUUM INTO reads one
 * snapshot (a read transaction, which in WAL mode never blocks the server's
 * writers) and writes a compact single file in rollback-journal mode: it holds
 * what the WAL holds too, unlike a copy of registry.db, which misses the WAL.
 */
export function snapshotSqlite(source: string, dest: string): void {
  if (!existsSync(source)) throw new BackupError(`there is no registry at ${source}`);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    db.prepare('VACUUM INTO ?').run(dest);
  } catch (err) {
    throw new BackupError(`cannot copy ${source}: ${(err as Error).message}`);
  } finally {
    db.close();
  }
}

/** Records the manifest in a copy just made (the copy is ours: nobody else has it open). */
export function sealBackup(path: string, source: string, takenAt: string): BackupManifest {
  const db = new Database(path, { fileMustExist: true });
  try {
    const manifest: BackupManifest = { format: 1, takenAt, source, schemaVersion: schemaVersion(db), contentSha256: contentDigest(db) };
    db.exec(`DROP TABLE IF EXISTS ${MANIFEST_TABLE}; CREATE TABLE ${MANIFEST_TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), manifest_json TEXT NOT NULL)`);
    db.prepare(`INSERT INTO ${MANIFEST_TABLE} (id, manifest_json) VALUES (1, ?)`).run(JSON.stringify(manifest));
    return manifest;
  } finally {
    db.close();
  }
}

/** Takes the manifest out of a restored copy: the registry is then exactly what was backed up. */
export function unsealBackup(path: string): void {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.exec(`DROP TABLE IF EXISTS ${MANIFEST_TABLE}`);
  } finally {
    db.close();
  }
}

/**
 * Checks a backup file without changing it: a SQLite file, SQLite's
 * integrity check, the content checksum its manifest recorded, a registry
 * this release can open. Throws a BackupError saying what is wrong.
 */
export function inspectSqliteBackup(path: string): BackupContents {
  if (!existsSync(path)) throw new BackupError(`${path}: no such file`);
  if (!hasSqliteHeader(path)) throw new BackupError(`${path} is not a SQLite database (its header is not SQLite's): it is damaged, or not a backup`);
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const problems = db.pragma('integrity_check', { simple: false }) as Array<{ integrity_check: string }>;
    const messages = problems.map((row) => row.integrity_check).filter((m) => m !== 'ok');
    if (messages.length > 0) throw new BackupError(`${path} fails SQLite's integrity check (${messages.slice(0, 3).join('; ')}): it is damaged`);
    const tables = new Set(db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name));
    if (!tables.has('schema_migrations') || !tables.has('subject_versions')) {
      throw new BackupError(
        `${path} holds no schemagate registry. A copy of registry.db taken while the server ran misses the data, which sits in registry.db-wal: take backups with \`schemagate backup\``,
      );
    }
    const version = schemaVersion(db);
    const newer = newerSchemaProblem(planMigrations('sqlite', path, appliedVersions(db), SQLITE_MIGRATIONS));
    if (newer) throw new BackupError(newer);
    let manifest: BackupManifest | undefined;
    if (tables.has(MANIFEST_TABLE)) {
      const row = db.prepare<[], { manifest_json: string }>(`SELECT manifest_json FROM ${MANIFEST_TABLE} WHERE id = 1`).get();
      manifest = row ? (JSON.parse(row.manifest_json) as BackupManifest) : undefined;
      if (!manifest || contentDigest(db) !== manifest.contentSha256) {
        throw new BackupError(`${path} does not hold what was backed up: its content no longer matches the checksum recorded when it was taken (damaged or edited since)`);
      }
    }
    const count = (sql: string) => (db!.prepare<[], { n: number }>(sql).get()?.n ?? 0);
    return {
      schemaVersion: version,
      subjects: count('SELECT COUNT(DISTINCT subject) AS n FROM subject_versions'),
      versions: count('SELECT COUNT(*) AS n FROM subject_versions'),
      schemas: count('SELECT COUNT(*) AS n FROM schemas'),
      changeRequests: tables.has('change_requests') ? count('SELECT COUNT(*) AS n FROM change_requests') : 0,
      ...(manifest && { manifest }),
    };
  } catch (err) {
    if (err instanceof BackupError) throw err;
    // SQLITE_CORRUPT, SQLITE_NOTADB and the like: SQLite's words, and ours.
    throw new BackupError(`${path} is damaged: ${(err as Error).message}`);
  } finally {
    db?.close();
  }
}

function hasSqliteHeader(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(16);
    return readSync(fd, header, 0, 16, 0) === 16 && header.toString('latin1') === 'SQLite format 3\0';
  } finally {
    closeSync(fd);
  }
}

function appliedVersions(db: Database.Database): number[] {
  return db.prepare<[], { version: number }>('SELECT version FROM schema_migrations').all().map((r) => r.version);
}

function schemaVersion(db: Database.Database): number {
  return Math.max(0, ...appliedVersions(db));
}

/**
 * SHA-256 of the schema (tables, indexes, triggers) and of every table's rows
 * in a fixed order, the manifest excepted. Rows are ordered by all their
 * columns, so the digest does not depend on how the pages are laid out.
 */
function contentDigest(db: Database.Database): string {
  const hash = createHash('sha256');
  const objects = db
    .prepare<[], [string, string, string, string | null]>(
      `SELECT type, name, tbl_name, sql FROM sqlite_master
       WHERE (name NOT LIKE 'sqlite\\_%' ESCAPE '\\' OR name = 'sqlite_sequence') AND tbl_name <> '${MANIFEST_TABLE}'
       ORDER BY type, name`,
    )
    .raw()
    .all();
  hash.update(JSON.stringify(objects));
  for (const [type, name] of objects) {
    if (type !== 'table') continue;
    const columns = (db.pragma(`table_info("${name}")`) as unknown[]).length;
    const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
    hash.update(`\n${name}\n`);
    for (const row of db.prepare(`SELECT * FROM "${name}" ORDER BY ${order}`).raw().iterate()) hash.update(`${JSON.stringify(row)}\n`);
  }
  return hash.digest('hex');
}
