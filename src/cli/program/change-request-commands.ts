import type { Command } from 'commander';
import { actor, collect, remote, type Run } from './program-helpers.ts';

const crs = () => import('../commands/change-request.ts');

/** The bundle options create and edit share. */
function bundle(command: Command): Command {
  return command
    .option('--samples <spec>', 'NDJSON sample records: <file> (one schema) or <subject>=<file>; repeatable', collect)
    .option('--major-change <subject>', 'a subject whose incompatible change is intended (a new major); repeatable', collect)
    .option('--mapping <file>', 'subject mapping file');
}

/** `schemagate cr …`: change requests from creation to promotion. */
export function defineChangeRequestCommands(program: Command, run: Run): void {
  const cr = program.command('cr').description('Change requests: create, edit, dry-run, approve, apply, promote.');
  bundle(actor(cr.command('create').argument('<paths...>', 'schema files or directories')))
    .description('Create a change request from schema files.')
    .requiredOption('--title <text>', 'title')
    .requiredOption('--reference <ref>', 'external reference, e.g. the pull request URL')
    .option('--description <text>', 'description')
    .option('--quiet', 'print only the new id')
    .action(run(async (paths, options) => (await crs()).crCreateCommand(paths, options)));
  bundle(actor(cr.command('edit').argument('<id>').argument('<paths...>', 'schema files or directories')))
    .description('Replace the bundle of an open change request (schemas, samples, major changes); it goes back to draft, its dry-run and approvals are cleared.')
    .action(run(async (id, paths, options) => (await crs()).crEditCommand(id, paths, options)));
  remote(cr.command('list'))
    .description('List change requests, newest first.')
    .option('--state <state>', 'only those in this state')
    .option('--awaiting <who>', 'only those waiting for an approval: me (by the acting user, not their author) or a role (data-platform, strategy-owner)')
    .option('--user <name>', 'who "me" is when the registry runs without auth (default SCHEMAGATE_USER, else your login)')
    .action(run(async (options) => (await crs()).crListCommand(options)));
  remote(cr.command('show').argument('<id>'))
    .description('Show a change request: state, dry-run evidence, approvals, canary window.')
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
}
