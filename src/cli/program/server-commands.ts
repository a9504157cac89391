import type { Command } from 'commander';
import type { Run } from './program-helpers.ts';

const STORE_HELP = 'memory | sqlite:<path> | <path> | postgres://user@host:5432/db[?schema=name] (default: <data-dir>/registry.db)';
const DATA_DIR_HELP = 'directory of the SQLite database registry.db (default ./schemagate-data)';

/** Where the registry's data is, as serve reads it: the same flags and config file, so an operator names it once. */
function storeOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .option('--store <spec>', STORE_HELP)
    .option('--config <file>', "serve's YAML config file: its dataDir, store and audit.keyFile (to check entry signatures) apply")
    .option('--json', 'print JSON instead of text');
}

/** What an operator runs on the registry's host: the server, its backups and upgrades, and secrets for its config file. */
export function defineServerCommands(program: Command, run: Run): void {
  program
    .command('serve')
    .description('Run the registry (Confluent REST API) on SQLite (default: <data-dir>/registry.db), PostgreSQL (--store postgres://…) or in memory (--store memory).')
    .option('--port <port>', 'TCP port (default 8081)')
    .option('--host <host>', 'interface to bind (default 127.0.0.1)')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .option('--store <spec>', STORE_HELP)
    .option('--config <file>', 'YAML config file (see README)')
    .option('--log-level <level>', 'fatal | error | warn | info | debug (default warn)')
    .action(run(async (options) => (await import('../commands/serve.ts')).serve(options)));

  storeOptions(
    program
      .command('backup')
      .argument('<file>', 'the backup to write: one SQLite file')
      .summary('Copy the SQLite registry into one verified file while it serves (PostgreSQL: pg_dump -Fc).')
      .description(
        'Copy a SQLite registry into one file while the server serves (a consistent snapshot, WAL included), then verify the copy: SQLite integrity check, content checksum, audit chain. Exit 2 if it cannot. PostgreSQL: use pg_dump -Fc.',
      )
      .option('--force', 'replace <file> if it exists'),
  ).action(run(async (file, options) => (await import('../commands/backup.ts')).backupCommand(file, options)));

  storeOptions(
    program
      .command('restore')
      .argument('<file>', 'a backup written by schemagate backup')
      .summary('Verify a backup and put it in place of the SQLite registry (PostgreSQL: pg_restore).')
      .description(
        'Verify a backup (integrity, content checksum, audit chain) and put it in place of the SQLite registry. Refuses while a server uses the registry, and over an existing registry without --force. PostgreSQL: use pg_restore.',
      )
      .option('--force', 'replace the registry that is there'),
  ).action(run(async (file, options) => (await import('../commands/restore.ts')).restoreCommand(file, options)));

  storeOptions(
    program
      .command('migrate')
      .summary('Apply the schema migrations this release has for the registry; --check lists them (exit 1 when pending).')
      .description(
        'Apply the schema migrations this release has for the registry (serve applies them too when it opens the store). With --check, only list them: exit 0 up to date, 1 pending, 2 on error (e.g. a database made by a newer release).',
      )
      .option('--check', 'list the pending migrations without changing anything'),
  ).action(run(async (options) => (await import('../commands/migrate.ts')).migrateCommand(options)));

  program
    .command('hash-password')
    .description('Print the passwordHash of a password read from stdin, for auth.users in the config file.')
    .option('--token', 'instead, make a new bearer token and print it with its tokenHash')
    .option('--json', 'print JSON ({passwordHash} or {token, tokenHash}) instead of text')
    .action(run(async (options) => (await import('../commands/hash-password.ts')).hashPasswordCommand(options)));
}
