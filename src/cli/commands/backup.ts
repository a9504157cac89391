import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BackupError, sealBackup, snapshotSqlite } from '../../store/sqlite-backup.ts';
import { CliError, EXIT, report } from '../cli-context.ts';
import {
  contentCounts,
  contentLines,
  fsyncPath,
  servedSqlite,
  SQLITE_SIDECARS,
  sqliteFileOf,
  verifiedLine,
  verifyBackupFile,
  type StoreFlags,
} from './backup-verify.ts';

export interface BackupFlags extends StoreFlags {
  force?: boolean;
}

/**
 * `schemagate backup <file>`: a consistent copy of a SQLite registry, taken
 * while the server serves, written beside <file> and renamed onto it only
 * once verified, so <file> is never a half-written or unverified backup.
 */
export async function backupCommand(file: string, flags: BackupFlags): Promise<number> {
  const { path, auditSigner } = sqliteFileOf(flags, {
    postgres: 'backup copies a SQLite registry; back up a PostgreSQL store with pg_dump -Fc',
    memory: 'the memory store keeps nothing to back up',
  });
  const source = resolve(path);
  const out = resolve(file);
  if (out === source || sameFile(out, source)) throw new CliError(`${file} is the registry itself: write the backup to another file`);
  if (existsSync(out) && !flags.force) throw new CliError(`${file} exists: choose another file, or pass --force to replace it`);
  refuseLiveTarget(file, out);

  mkdirSync(dirname(out), { recursive: true });
  const partial = `${out}.partial-${process.pid}`;
  rmSync(partial, { force: true });
  try {
    const takenAt = new Date().toISOString();
    snapshotSqlite(source, partial);
    const manifest = sealBackup(partial, source, takenAt);
    fsyncPath(partial);
    const backup = await verifyBackupFile(partial, auditSigner);
    // Again just before the swap: a server may have opened <file> while we copied.
    if (sameFile(out, source)) throw new CliError(`${file} is the registry itself: write the backup to another file`);
    refuseLiveTarget(file, out);
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
    for (const sidecar of SQLITE_SIDECARS) rmSync(`${partial}${sidecar}`, { force: true });
    if (err instanceof BackupError) throw new CliError(err.message);
    throw err;
  }
}

/** The same file under another name (a hard link, a symlink, another spelling of the path). */
function sameFile(a: string, b: string): boolean {
  if (!existsSync(a) || !existsSync(b)) return false;
  const [x, y] = [statSync(a), statSync(b)];
  return x.dev === y.dev && x.ino === y.ino;
}

/**
 * Never renames over a database a process has open: the server would go on
 * writing to the unlinked file, and its WAL would be replayed onto the backup
 * when it restarts. Journal files beside <file> belong to the file there now
 * (open, or left by a crash) and would be replayed onto the backup the same way.
 */
function refuseLiveTarget(file: string, out: string): void {
  if (!existsSync(out)) return;
  const sidecars = SQLITE_SIDECARS.map((s) => `${out}${s}`).filter((p) => existsSync(p));
  if (sidecars.length > 0) {
    throw new CliError(
      `${file} has ${sidecars.join(', ')} beside it: a server may be using it, or one stopped without closing it, ` +
        `and SQLite would replay those onto the backup. Write the backup to another file (never into a registry a server uses)`,
    );
  }
  if (servedSqlite(out)) throw new CliError(`a server is using ${file}: write the backup to another file (backup never replaces a registry being served)`);
}
