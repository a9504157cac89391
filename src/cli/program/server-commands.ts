import type { Command } from 'commander';
import type { Run } from './program-helpers.ts';

/** What an operator runs on the registry's host: the server, and secrets for its config file. */
export function defineServerCommands(program: Command, run: Run): void {
  program
    .command('serve')
    .description('Run the registry (Confluent REST API) on an embedded SQLite store.')
    .option('--port <port>', 'TCP port (default 8081)')
    .option('--host <host>', 'interface to bind (default 127.0.0.1)')
    .option('--data-dir <dir>', 'directory of the SQLite database (default ./schemagate-data)')
    .option('--store <spec>', 'memory | sqlite:<path> | <path> (default: <data-dir>/registry.db)')
    .option('--config <file>', 'YAML config file (see README)')
    .option('--log-level <level>', 'fatal | error | warn | info | debug (default warn)')
    .action(run(async (options) => (await import('../commands/serve.ts')).serve(options)));

  program
    .command('hash-password')
    .description('Print the passwordHash of a password read from stdin, for auth.users in the config file.')
    .option('--token', 'instead, make a new bearer token and print it with its tokenHash')
    .option('--json', 'print JSON ({passwordHash} or {token, tokenHash}) instead of text')
    .action(run(async (options) => (await import('../commands/hash-password.ts')).hashPasswordCommand(options)));
}
