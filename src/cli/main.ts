import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../config/load-config.ts';
import { cliErrorOf, DEFAULT_DOC, EXIT } from './cli-context.ts';

// Commands load on use: `schemagate check` in CI should not pay for the server's modules.
const audit = () => import('./commands/audit-log.ts');
const crs = () => import('./commands/change-request.ts');

export { EXIT };

const collect = (value: string, previous: string[] = []) => [...previous, value];
const list = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];

/** --registry and --json on every command that talks to a registry. */
function remote(command: Command): Command {
  return command
    .option('--registry <url>', 'registry URL (else connectors.schema_registry_url in qmtl.yml, else QMTL_SCHEMA_REGISTRY_URL); credentials from SCHEMAGATE_USER/SCHEMAGATE_PASSWORD or SCHEMAGATE_TOKEN')
    .option('--json', 'print JSON instead of text');
}

/** Exit codes: 0 pass, 1 warnings only, 2 failure (also for usage errors and unreachable registries). */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const run = (work: (...args: any[]) => Promise<number>) => async (...args: any[]) => {
    exitCode = await work(...args);
  };
  const program = new Command('schemagate')
    .description('A Confluent-compatible schema registry with a governed rollout path.')
    .exitOverride()
    .showHelpAfterError();

  program
    .command('serve')
    .description('Run the registry (Confluent REST API) on an embedded SQLite store.')
    .option('--port <port>', 'TCP port (default 8081)')
    .option('--host <host>', 'interface to bind (default 127.0.0.1)')
    .option('--data-dir <dir>', 'directory of the SQLite database (default ./schemagate-data)')
    .option('--store <spec>', 'memory | sqlite:<path> | <path> (default: <data-dir>/registry.db)')
    .option('--config <file>', 'YAML config file (see README)')
    .option('--log-level <level>', 'fatal | error | warn | info | debug (default warn)')
    .action(run(async (options) => (await import('./commands/serve.ts')).serve(options)));

  remote(program.command('check').argument('<paths...>', 'schema files or directories'))
    .description('Dry-run schema files against the registry and validate sample records (NDJSON, streamed).')
    .option('--samples <spec>', 'NDJSON records: <file> (one schema) or <subject>=<file>; repeatable', collect)
    .addOption(new Option('--mode <mode>', 'treat incompatibility as a warning (canary) or a failure (strict); default QMTL_SCHEMA_VALIDATION_MODE, else the registry’s').choices(['canary', 'strict']))
    .option('--mapping <file>', 'YAML/JSON {files: {<path>: <subject> | {subject, schemaType, references}}}')
    .action(run(async (paths, options) => (await import('./commands/check.ts')).checkCommand(paths, options)));

  remote(program.command('bundle-sha').argument('<paths...>', 'schema files or directories'))
    .description('Print the bundle SHA of schema files (the registry computes the same for the same bundle).')
    .option('--mapping <file>', 'subject mapping file')
    .action(run(async (paths, options) => (await import('./commands/bundle-sha.ts')).bundleShaCommand(paths, options)));

  remote(program.command('drift'))
    .description('Compare schema files with the registry’s latest versions, and a governance doc’s audit table with the registry’s log.')
    .requiredOption('--schemas <dir>', 'directory of schema files')
    .option('--doc <file>', 'governance doc whose audit table must hold every audit entry')
    .option('--strict', 'fail (exit 2) on warnings too')
    .option('--mapping <file>', 'subject mapping file')
    .action(run(async (options) => (await import('./commands/drift.ts')).driftCommand(options)));

  const auditLog = program.command('audit-log').description('The strict-mode audit log: the runbook table and the registry’s hash-chained log.');
  remote(auditLog.command('record'))
    .description(`Record a promotion in the doc's audit table (newest first, one row per change request, _TBD_ last).`)
    .requiredOption('--schema-bundle-sha <sha>', 'the bundle SHA (schemagate bundle-sha)')
    .requiredOption('--change-request <ref>', 'link or reference of the change request')
    .requiredOption('--validation-window <text>', 'e.g. "48h canary"')
    .option('--notes <text>', 'rollout notes', '')
    .option('--date <day>', 'YYYY-MM-DD (default: today, UTC)')
    .option('--doc <file>', `governance doc (default ${DEFAULT_DOC})`)
    .option('--subjects <list>', 'also record the entry in the registry for these subjects (comma-separated; admin)', list)
    .option('--global', 'also record the entry in the registry for the global strict validation mode (admin)')
    .option('--dry-run', 'print the updated document and write nothing')
    .option('--user <name>', 'acting user when the registry runs without auth (default SCHEMAGATE_USER, else your login)')
    .action(run(async (options) => (await audit()).auditRecordCommand(options)));
  remote(auditLog.command('export'))
    .description('Print the registry’s log as the runbook table, or write it into --doc.')
    .option('--doc <file>', 'replace the audit table of this document')
    .action(run(async (options) => (await audit()).auditExportCommand(options)));
  remote(auditLog.command('verify'))
    .description('Verify the registry’s hash chain and its subjects’ governance; exit 2 naming the first edited, deleted or reordered entry.')
    .option('--expect-head <hash>', 'an entry hash kept outside the registry (a checkpoint): fail when the log no longer holds it')
    .action(run(async (options) => (await audit()).auditVerifyCommand(options)));
  remote(auditLog.command('check'))
    .description('Check that the doc’s audit table holds every entry of the registry’s log.')
    .option('--doc <file>', `governance doc (default ${DEFAULT_DOC})`)
    .option('--strict', 'fail on rows the registry does not know too')
    .action(run(async (options) => (await audit()).auditCheckCommand(options)));

  const cr = program.command('cr').description('Change requests: create, dry-run, approve, apply, promote.');
  const actor = (command: Command) => remote(command).option('--user <name>', 'acting user when the registry runs without auth (default SCHEMAGATE_USER, else your login)');
  actor(cr.command('create').argument('<paths...>', 'schema files or directories'))
    .description('Create a change request from schema files.')
    .requiredOption('--title <text>', 'title')
    .requiredOption('--reference <ref>', 'external reference, e.g. the pull request URL')
    .option('--description <text>', 'description')
    .option('--samples <spec>', 'NDJSON sample records: <file> or <subject>=<file>; repeatable', collect)
    .option('--major-change <subject>', 'a subject whose incompatible change is intended; repeatable', collect)
    .option('--mapping <file>', 'subject mapping file')
    .option('--quiet', 'print only the new id')
    .action(run(async (paths, options) => (await crs()).crCreateCommand(paths, options)));
  remote(cr.command('list'))
    .description('List change requests, newest first.')
    .option('--state <state>', 'only those in this state')
    .action(run(async (options) => (await crs()).crListCommand(options)));
  remote(cr.command('show').argument('<id>'))
    .description('Show a change request: state, evidence, approvals, canary window.')
    .action(run(async (id, options) => (await crs()).crShowCommand(id, options)));
  for (const [name, description] of [
    ['dry-run', 'Run and attach the dry-run (exit 2 if it fails).'],
    ['apply', 'Register the bundle, subjects to canary, the window starts.'],
    ['withdraw', 'Withdraw it (author).'],
  ] as const) {
    actor(cr.command(name).argument('<id>')).description(description).action(run(async (id, options) => (await crs()).crActionCommand(name, id, options)));
  }
  actor(cr.command('approve').argument('<id>'))
    .description('Approve in a role, with reviewer notes.')
    .requiredOption('--role <role>', 'data-platform | strategy-owner')
    .requiredOption('--notes <text>', 'reviewer notes')
    .action(run(async (id, options) => (await crs()).crActionCommand('approvals', id, options)));
  actor(cr.command('promote').argument('<id>'))
    .description('Promote to strict after a clean canary window; appends the audit entry.')
    .option('--notes <text>', 'notes for the audit entry')
    .action(run(async (id, options) => (await crs()).crActionCommand('promote', id, options)));
  actor(cr.command('reject').argument('<id>'))
    .description('Reject it, saying why.')
    .requiredOption('--notes <text>', 'why')
    .action(run(async (id, options) => (await crs()).crActionCommand('reject', id, options)));
  actor(cr.command('fail').argument('<id>'))
    .description('Mark its canary failed.')
    .option('--notes <text>', 'what failed')
    .action(run(async (id, options) => (await crs()).crActionCommand('fail', id, options)));

  remote(program.command('subjects'))
    .description('List subjects with their latest version and validation mode.')
    .option('--prefix <prefix>', 'only subjects starting with this')
    .option('--deleted', 'include soft-deleted subjects')
    .action(run(async (options) => (await import('./commands/subjects.ts')).subjectsCommand(options)));

  program
    .command('hash-password')
    .description('Print the passwordHash of a password read from stdin, for auth.users in the config file.')
    .option('--token', 'instead, make a new bearer token and print it with its tokenHash')
    .action(run(async (options) => (await import('./commands/hash-password.ts')).hashPasswordCommand(options)));

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.failure;
    const cliError = cliErrorOf(err);
    if (cliError) {
      process.stderr.write(`schemagate: ${cliError.message}\n`);
      return cliError.exitCode;
    }
    if (err instanceof ConfigError || (err instanceof Error && /store|QMTL_|qmtl\.yml/.test(err.message))) {
      process.stderr.write(`schemagate: ${err.message}\n`);
      return EXIT.failure;
    }
    throw err;
  }
  return exitCode;
}
