import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/load-config.ts';
import { hashPasswordCommand } from './commands/hash-password.ts';
import { serve } from './commands/serve.ts';

/** Exit codes every command uses: 0 pass, 1 warnings only, 2 failure. */
export const EXIT = { ok: 0, warnings: 1, failure: 2 } as const;

export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
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
    .action(async (options) => {
      exitCode = await serve(options);
    });

  program
    .command('hash-password')
    .description('Print the passwordHash of a password read from stdin, for auth.users in the config file.')
    .option('--token', 'instead, make a new bearer token and print it with its tokenHash')
    .action(async (options) => {
      exitCode = await hashPasswordCommand(options);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.failure;
    if (err instanceof ConfigError || (err instanceof Error && /store|EADDRINUSE|EACCES/.test(err.message))) {
      process.stderr.write(`schemagate: ${err.message}\n`);
      return EXIT.failure;
    }
    throw err;
  }
  return exitCode;
}
