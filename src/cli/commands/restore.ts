import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SQLITE_MIGRATIONS } from '../../store/sqlite-migrations.ts';
import { sqliteInUse, unsealBackup } from '../../store/sqlite-backup.ts';
import { CliError, EXIT, report } from '../cli-context.ts';
import { BACKUP_DOC, contentCounts, contentLines, fsyncPath, storeTarget, verifiedLine, verifyBackupFile, type StoreFlags } from './backup-verify.ts';

export interface RestoreFlags extends StoreFlags {
  force?: boolean;
}

/**
 * `schemagate restore <file>`: verifies a backup as `backup` does, then puts
 * it in place of the registry. Never while a server has the registry open
 * (it would go on writing to the file it holds, and its WAL would be lost),
 * and over an existing registry only with --force.
 */
export async function restoreCommand(file: string, flags: RestoreFlags): Promise<number> {
  const { target, auditSigner } = storeTarget(flags);
  if (target.kind === 'postgres') {
    throw new CliError(`restore writes a SQLite registry; restore a PostgreSQL store with pg_restore into a new database (see ${BACKUP_DOC})`);
  }
  if (target.kind === 'memory') throw new CliError('the memory store keeps nothing: there is nowhere to restore to');
  const dest = resolve(target.path);
  const refuseIfServed = () => {
    if (inUse(dest)) throw new CliError(`a server is using ${dest}: stop it first (restore never replaces a registry being served)`);
  };
  refuseIfServed();
  if (existsSync(dest) && !flags.force) throw new CliError(`${dest} already holds a registry: pass --force to replace it (back it up first)`);

  const backup = await verifyBackupFile(file, auditSigner);
  mkdirSync(dirname(dest), { recursive: true });
  const partial = `${dest}.restore-${process.pid}`;
  try {
    copyFileSync(file, partial);
    unsealBackup(partial);
    fsyncPath(partial);
    // Again just before the swap: a server may have started while we verified.
    refuseIfServed();
    // The old registry's journal files would be replayed onto the restored one and corrupt it.
    for (const sidecar of ['-wal', '-shm', '-journal']) rmSync(`${dest}${sidecar}`, { force: true });
    renameSync(partial, dest);
    fsyncPath(dirname(dest), 'directory');
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  const latest = Math.max(...SQLITE_MIGRATIONS.map((m) => m.version));
  const upgrade =
    backup.schemaVersion < latest ? `schema version ${backup.schemaVersion}: serve (or schemagate migrate) upgrades it to ${latest} when it opens it` : undefined;
  report(
    flags,
    () => [
      `restored ${file} to ${dest}${backup.manifest ? ` (backup taken ${backup.manifest.takenAt})` : ''}`,
      ...contentLines(backup),
      verifiedLine(backup),
      ...(upgrade ? [upgrade] : []),
    ],
    () => ({
      file: resolve(file),
      restoredTo: dest,
      takenAt: backup.manifest?.takenAt ?? null,
      ...contentCounts(backup),
      verified: true,
    }),
  );
  return EXIT.ok;
}

/** A file SQLite cannot open as a database is not being served: --force may replace it. */
function inUse(path: string): boolean {
  try {
    return sqliteInUse(path);
  } catch (err) {
    if (/^SQLITE_(NOTADB|CORRUPT)/.test(String((err as { code?: string }).code))) return false;
    throw new CliError(`cannot tell whether a server is using ${path}: ${(err as Error).message}`);
  }
}
