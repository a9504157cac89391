import { Option, type Command } from 'commander';
import { FAIL_ON_CHOICES } from '../cli-context.ts';
import { collect, remote, type Run } from './program-helpers.ts';

// Commands load on use: `schemagate check` in CI should not pay for the server's modules.
const history = () => import('../commands/subject-history.ts');

const failOn = () =>
  new Option('--fail-on <level>', 'what fails the run: errors (warnings then exit 0) or warnings (they exit 2); without it warnings exit 1').choices(FAIL_ON_CHOICES as string[]);
const mode = (what: string) =>
  new Option('--mode <mode>', `${what}; default QMTL_SCHEMA_VALIDATION_MODE, else the registry’s`).choices(['canary', 'strict']);

/** Schema files against a registry (check, bundle-sha, register, drift) and a subject's state and history. */
export function defineSchemaCommands(program: Command, run: Run): void {
  remote(program.command('check').argument('<paths...>', 'schema files or directories'))
    .description('Dry-run schema files against the registry and validate sample records (NDJSON, streamed).')
    .option('--samples <spec>', 'NDJSON records: <file> (one schema) or <subject>=<file>; repeatable', collect)
    .addOption(mode('treat incompatibility as a warning (canary) or a failure (strict)'))
    .option('--mapping <file>', 'YAML/JSON {files: {<path>: <subject> | {subject, schemaType, references}}}')
    .option('--offline', 'no registry: validate the files and samples only (compatibility is not checked)')
    .addOption(failOn())
    .action(run(async (paths, options) => (await import('../commands/check.ts')).checkCommand(paths, options)));

  remote(program.command('bundle-sha').argument('<paths...>', 'schema files or directories'))
    .description('Print the bundle SHA of schema files (the registry computes the same for the same bundle).')
    .option('--mapping <file>', 'subject mapping file')
    .action(run(async (paths, options) => (await import('../commands/bundle-sha.ts')).bundleShaCommand(paths, options)));

  remote(program.command('register').argument('<paths...>', 'schema files or directories'))
    .description('Register schema files as new versions (POST /subjects/{subject}/versions), referenced files first; the registry’s validation mode and guardrails apply. Exit 1 when canary registered an incompatible schema, 2 on a refusal.')
    .addOption(mode('strict refuses an incompatible schema even on a canary subject; canary never loosens a strict one'))
    .option('--mapping <file>', 'subject mapping file')
    .action(run(async (paths, options) => (await import('../commands/register.ts')).registerCommand(paths, options)));

  remote(program.command('drift'))
    .description('Compare schema files with the registry’s latest versions, and a governance doc’s audit table with the registry’s log.')
    .requiredOption('--schemas <dir>', 'directory of schema files')
    .option('--doc <file>', 'governance doc whose audit table must hold every audit entry')
    .option('--subject-prefix <prefix>', 'compare only subjects starting with this (others in the registry are not extra)')
    .addOption(failOn())
    .option('--strict', 'alias of --fail-on warnings')
    .option('--mapping <file>', 'subject mapping file')
    .action(run(async (options) => (await import('../commands/drift.ts')).driftCommand(options)));

  remote(program.command('subjects'))
    .description('List subjects with their latest version and validation mode.')
    .option('--prefix <prefix>', 'only subjects starting with this')
    .option('--deleted', 'include soft-deleted subjects')
    .action(run(async (options) => (await import('../commands/subjects.ts')).subjectsCommand(options)));

  remote(program.command('diff').argument('<subject>'))
    .description('Every difference between two versions of a subject, with rule id, path and message.')
    .option('--from <version>', 'older version (default: the one before --to)')
    .option('--to <version>', 'newer version (default: latest)')
    .action(run(async (subject, options) => (await history()).diffCommand(subject, options)));

  remote(program.command('reports').argument('<subject>'))
    .description('The subject’s validation reports, newest first.')
    .option('--limit <n>', 'how many (default 100)')
    .option('--offset <n>', 'skip the newest n')
    .action(run(async (subject, options) => (await history()).reportsCommand(subject, options)));

  remote(program.command('compat-ids').argument('<subject>'))
    .description('The subject’s schema_compat_id changelog: each major, its versions and the break that started it.')
    .action(run(async (subject, options) => (await history()).compatIdsCommand(subject, options)));
}
