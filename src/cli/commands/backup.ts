import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BackupError, sealBackup, snapshotSqlite } from '../../store/sqlite-backup.ts';
import { CliError, EXIT, report } from '../cli-context.ts';
import { BACKUP_DOC, contentCounts, contentLines, fsyncPath, storeTarget, verifiedLine, verifyBackupFile, type StoreFlags } from './backup-verify.ts';

export interface BackupFlags extends StoreFlags {
  force?: boolean;
}

/**
 * `schemagate backup <file>`: a consistent copy of a SQLite registry, taken
 * while the server serves, written beside <file> and renamed onto it only
 * once verified, so <file> is never a half-written or unverified backup.
 */
export async function backupCommand(file: string, flags: BackupFlags): Promise<number> {
  const { target, auditSigner } = storeTarget(flags);
  if (target.kind === 'postgres') {
    throw new CliError(`backup copies a SQLite registry; back up a PostgreSQL store with pg_dump -Fc (see ${BACKUP_DOC})`);
  }
  if (target.kind === 'memory') throw new CliError('the memory store keeps nothing to back up');
  const source = resolve(target.path);
  const out = resolve(file);
  if (out === source) throw new CliError(`${file} is the registry itself: write the backup to another file`);
  if (existsSync(out) && !flags.force) throw new CliError(`${file} exists: choose another file, or pass --force to replace it`);

  mkdirSync(dirname(out), { recursive: true });
  const partial = `${out}.partial-${process.pid}`;
  rmSync(partial, { force: true });
  try {
    const takenAt = new Date().toISOString();
    snapshotSqlite(source, partial);
    const manifest = sealBackup(partial, source, takenAt);
    fsyncPath(partial);
    const backup = await verifyBackupFile(partial, auditSigner);
    renameSync(partial, out);
    fsyncPath(dirname(out), 'directory');
    const bytes = statSync(out).size;
    report(
      flags,
      () => [`backed up ${source} to ${file} (${bytes} bytes, schema version ${backup.schemaVersion}, taken ${takenAt})`, ...contentLines(backup), verifiedLine(backup)],
      () => ({
        file: out,
        source,
        bytes,
        takenAt,
        ...contentCounts(backup),
        contentSha256: manifest.contentSha256,
        verified: true,
      }),
    );
    return EXIT.ok;
  } catch (err) {
    rmSync(partial, { force: true });
    if (err instanceof BackupError) throw new CliError(err.message);
    throw err;
  }
}
