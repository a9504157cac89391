import { closeSync, copyFileSync, fsyncSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { loadServeConfig } from '../../config/load-config.ts';
import type { AuditSigner } from '../../core/governance/audit-signer.ts';
import { composeRegistry } from '../../compose-registry.ts';
import { parseStoreSpec, type StoreTarget } from '../../store/open-store.ts';
import { BackupError, inspectSqliteBackup, sqliteInUse, type BackupContents } from '../../store/sqlite-backup.ts';
import { SqliteStore } from '../../store/sqlite-store.ts';
import { CliError } from '../cli-context.ts';

/** The flags backup, restore and migrate share with serve: where the store is, and the config file that may say it. */
export interface StoreFlags {
  dataDir?: string;
  store?: string;
  config?: string;
  json?: boolean;
}

export const BACKUP_DOC = 'docs/operations/backup-and-upgrade.md';

/** The store serve would open with the same flags and config file, and the audit key that signs its entries. */
export function storeTarget(flags: StoreFlags): { target: StoreTarget; auditSigner?: AuditSigner } {
  const config = loadServeConfig({ dataDir: flags.dataDir, store: flags.store, config: flags.config });
  try {
    return { target: parseStoreSpec(config.store, config.dataDir), auditSigner: config.auditSigner };
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/**
 * The SQLite file `backup` or `restore` works on. PostgreSQL has its own
 * tools (pg_dump / pg_restore), and the memory store keeps nothing.
 */
export function sqliteFileOf(flags: StoreFlags, refusals: { postgres: string; memory: string }): { path: string; auditSigner?: AuditSigner } {
  const { target, auditSigner } = storeTarget(flags);
  if (target.kind === 'postgres') throw new CliError(`${refusals.postgres} (see ${BACKUP_DOC})`);
  if (target.kind === 'memory') throw new CliError(refusals.memory);
  return { path: target.path, auditSigner };
}

export interface VerifiedBackup extends BackupContents {
  audit: { entries: number; headHash: string; signaturesChecked: boolean };
}

/**
 * Verifies a backup file as this release would open it: the file checks
 * (integrity, checksum), then the audit chain as `GET
 * /governance/audit-log/verify` checks it. The store runs on a scratch copy:
 * opening a store migrates and switches to WAL, and the backup stays as made.
 * The scratch copy sits in a hidden directory beside the file (not in
 * os.tmpdir(), which may be a small tmpfs) and is removed afterwards.
 */
export async function verifyBackupFile(file: string, auditSigner: AuditSigner | undefined): Promise<VerifiedBackup> {
  const contents = inspectOrFail(file);
  const scratchDir = mkdtempSync(join(dirname(file), `.${basename(file)}.verify-`));
  try {
    const scratch = join(scratchDir, 'registry.db');
    copyFileSync(file, scratch);
    const store = new SqliteStore(scratch, auditSigner);
    try {
      const verification = await composeRegistry({ store }).audit.verify();
      if (!verification.ok) {
        const why = verification.firstBadEntry
          ? `entry ${verification.firstBadEntry.seq}: ${verification.firstBadEntry.problem}`
          : `strict subjects no entry names: ${(verification.unrecordedStrict ?? []).join(', ')}`;
        throw new CliError(`${file}: its audit chain does not verify (${why})`);
      }
      return { ...contents, audit: { entries: verification.entries, headHash: verification.headHash, signaturesChecked: auditSigner !== undefined } };
    } finally {
      await store.close();
    }
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
}

function inspectOrFail(file: string): BackupContents {
  try {
    return inspectSqliteBackup(file);
  } catch (err) {
    if (err instanceof BackupError) throw new CliError(`${err.message}; refused`);
    throw err;
  }
}

/** The lines both commands print about what a backup holds. */
/** What a verified backup holds, for --json (backup and restore print the same). */
export function contentCounts(backup: VerifiedBackup) {
  const { schemaVersion, subjects, versions, schemas, changeRequests, audit } = backup;
  return { schemaVersion, subjects, versions, schemas, changeRequests, audit };
}

export function contentLines(backup: VerifiedBackup): string[] {
  return [
    `  subjects         ${backup.subjects}`,
    `  versions         ${backup.versions}`,
    `  schemas          ${backup.schemas}`,
    `  change requests  ${backup.changeRequests}`,
    `  audit entries    ${backup.audit.entries}${backup.audit.entries > 0 ? `, head ${backup.audit.headHash}` : ''}`,
  ];
}

export function verifiedLine(backup: VerifiedBackup): string {
  const checks = ['SQLite integrity check ok', backup.manifest ? 'content checksum matches' : 'no content checksum (not made by schemagate backup)', 'audit chain verifies'];
  if (!backup.audit.signaturesChecked) checks.push('entry signatures not checked (no audit.keyFile: pass --config)');
  return `verified: ${checks.join(', ')}`;
}

/** Written data reaches the disk before it is renamed into place, and the rename before we say done. */
export function fsyncPath(path: string, kind: 'file' | 'directory' = 'file'): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } catch (err) {
    // Some file systems refuse to fsync a directory; the file itself was synced.
    if (kind === 'file') throw err;
  } finally {
    closeSync(fd);
  }
}

/** The files SQLite keeps beside a database while it is open, or leaves after a crash: they belong to that file. */
export const SQLITE_SIDECARS = ['-wal', '-shm', '-journal'] as const;

/** Whether a process has the SQLite file open; a file SQLite cannot open as a database is not being served. */
export function servedSqlite(path: string): boolean {
  try {
    return sqliteInUse(path);
  } catch (err) {
    if (/^SQLITE_(NOTADB|CORRUPT)/.test(String((err as { code?: string }).code))) return false;
    throw new CliError(`cannot tell whether a server is using ${path}: ${(err as Error).message}`);
  }
}
