import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SQLITE_MIGRATIONS } from '../../store/sqlite-migrations.ts';
import { unsealBackup } from '../../store/sqlite-backup.ts';
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
  type VerifiedBackup,
} from './backup-verify.ts';

export interface RestoreFlags extends StoreFlags {
  force?: boolean;
}

/**
 * `schemagate restore <file>`: copies a backup beside the registry, verifies
 * that copy as `backup` does, then puts it in place of the registry. Never
 * while a server has the registry open (it would go on writing to the file it
 * holds, and its WAL would be lost), and over an existing registry only with
 * --force, which moves the old registry aside as
 * registry.db.replaced-<UTC timestamp> rather than deleting it.
 */
export async function restoreCommand(file: string, flags: RestoreFlags): Promise<number> {
  const { path, auditSigner } = sqliteFileOf(flags, {
    postgres: 'restore writes a SQLite registry; restore a PostgreSQL store with pg_restore into a new database',
    memory: 'the memory store keeps nothing: there is nowhere to restore to',
  });
  const dest = resolve(path);
  const refuseIfServed = () => {
    if (servedSqlite(dest)) throw new CliError(`a server is using ${dest}: stop it first (restore never replaces a registry being served)`);
  };
  refuseIfServed();
  if (existsSync(dest) && !flags.force) throw new CliError(`${dest} already holds a registry: pass --force to replace it (back it up first)`);
  if (!existsSync(file)) throw new CliError(`${file}: no such file; refused`);

  mkdirSync(dirname(dest), { recursive: true });
  const partial = `${dest}.restore-${process.pid}`;
  let backup: VerifiedBackup;
  let replaced: string | undefined;
  try {
    // The copy that will be installed is the one verified: a bad read while copying cannot slip in.
    copyFileSync(file, partial);
    try {
      backup = await verifyBackupFile(partial, auditSigner);
    } catch (err) {
      if (err instanceof CliError) throw new CliError(err.message.split(partial).join(file), err.exitCode);
      throw err;
    }
    unsealBackup(partial);
    fsyncPath(partial);
    // Again just before the swap: a server may have started while we verified.
    refuseIfServed();
    if (existsSync(dest)) replaced = moveAside(dest);
    // With no old registry, a stray journal file here belongs to no file we keep; replayed onto the restored one it would corrupt it.
    for (const sidecar of SQLITE_SIDECARS) rmSync(`${dest}${sidecar}`, { force: true });
    renameSync(partial, dest);
    fsyncPath(dirname(dest), 'directory');
  } catch (err) {
    rmSync(partial, { force: true });
    for (const sidecar of SQLITE_SIDECARS) rmSync(`${partial}${sidecar}`, { force: true });
    if (replaced && !existsSync(dest)) throw new CliError(`${(err as Error).message} (the old registry is kept as ${replaced})`);
    throw err;
  }
  const latest = Math.max(...SQLITE_MIGRATIONS.map((m) => m.version));
  const upgrade =
    backup.schemaVersion < latest ? `schema version ${backup.schemaVersion}: serve (or schemagate migrate) upgrades it to ${latest} when it opens it` : undefined;
  report(
    flags,
    () => [
      `restored ${file} to ${dest}${backup.manifest ? ` (backup taken ${backup.manifest.takenAt})` : ''}`,
      ...(replaced ? [`the registry it replaced is kept as ${replaced} (delete it once the restore is checked)`] : []),
      ...contentLines(backup),
      verifiedLine(backup),
      ...(upgrade ? [upgrade] : []),
    ],
    () => ({
      file: resolve(file),
      restoredTo: dest,
      replaced: replaced ?? null,
      takenAt: backup.manifest?.takenAt ?? null,
      ...contentCounts(backup),
      verified: true,
    }),
  );
  return EXIT.ok;
}

/**
 * Renames the registry to <registry>.replaced-<UTC timestamp>, its -wal and
 * -journal with it under the matching names, so SQLite opening the kept file
 * finds them and nothing of the old registry is lost (a WAL left by a killed
 * server holds its last writes; a hot journal must roll back). The -shm is
 * only an index SQLite rebuilds from the WAL: it is removed, not kept.
 */
function moveAside(dest: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  let aside = `${dest}.replaced-${stamp}`;
  for (let n = 1; existsSync(aside) || SQLITE_SIDECARS.some((s) => existsSync(`${aside}${s}`)); n++) aside = `${dest}.replaced-${stamp}-${n}`;
  rmSync(`${dest}-shm`, { force: true });
  for (const sidecar of ['-wal', '-journal']) if (existsSync(`${dest}${sidecar}`)) renameSync(`${dest}${sidecar}`, `${aside}${sidecar}`);
  renameSync(dest, aside);
  fsyncPath(dirname(dest), 'directory');
  return aside;
}

