import type { Command } from 'commander';
import { remote, type Run } from './program-helpers.ts';

/** `schemagate import` / `export`: moving a registry's subjects, versions, ids, configs and modes in and out. */
export function defineTransferCommands(program: Command, run: Run): void {
  remote(program.command('import'))
    .description(
      'Copy every subject, version (soft-deleted ones too), schema id, reference, config and mode from a Confluent-compatible registry (or an export) into --registry, keeping ids and versions (IMPORT mode). ' +
        'Idempotent and resumable: what the target already holds is skipped; a version it holds differently stops the import before any write (exit 2).',
    )
    .option('--from <url>', 'the source registry; it signs in with SCHEMAGATE_FROM_USER/SCHEMAGATE_FROM_PASSWORD or SCHEMAGATE_FROM_TOKEN')
    .option('--from-dir <dir>', 'the source is a directory written by schemagate export')
    .option('--from-user <name>', 'user for the source (default SCHEMAGATE_FROM_USER); the password only from SCHEMAGATE_FROM_PASSWORD')
    .option('--subject-prefix <prefix>', 'only subjects starting with this (and the subjects they reference); the global config and mode are then left alone')
    .option('--check', 'write nothing: compare the source with the target and list every difference (exit 2 when something is missing or different, 1 when the target only has more)')
    .option('--force', 'import even though the target holds subjects the source does not have')
    .action(run(async (options) => (await import('../commands/import.ts')).importCommand(options)));

  remote(program.command('export').argument('<dir>', 'a new or empty directory'))
    .description(
      'Write every subject version (soft-deleted ones too) with its id, type and references, and the configs and modes, as files under <dir>; schemagate import --from-dir <dir> re-creates the registry from them.',
    )
    .option('--subject-prefix <prefix>', 'only subjects starting with this (and the subjects they reference), without the global config and mode')
    .action(run(async (dir, options) => (await import('../commands/export.ts')).exportCommand(dir, options)));
}
