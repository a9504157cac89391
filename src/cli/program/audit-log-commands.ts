import type { Command } from 'commander';
import { DEFAULT_DOC } from '../cli-context.ts';
import { list, remote, type Run } from './program-helpers.ts';

const audit = () => import('../commands/audit-log.ts');

/** `schemagate audit-log …`: the runbook's table and the registry's hash-chained log. */
export function defineAuditLogCommands(program: Command, run: Run): void {
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
}
