import { packageVersion } from '../package-version.ts';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/load-config.ts';
import { cliErrorOf, EXIT } from './cli-context.ts';
import { defineAuditLogCommands } from './program/audit-log-commands.ts';
import { defineChangeRequestCommands } from './program/change-request-commands.ts';
import type { Run } from './program/program-helpers.ts';
import { defineSchemaCommands } from './program/schema-commands.ts';
import { defineServerCommands } from './program/server-commands.ts';
import { defineTransferCommands } from './program/transfer-commands.ts';

export { EXIT };


/** Exit codes: 0 pass, 1 warnings only, 2 failure (also for usage errors and unreachable registries). */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const run: Run = (work) => async (...args) => {
    exitCode = await work(...args);
  };
  const program = new Command('schemagate')
    .description('A Confluent-compatible schema registry with a governed rollout path.')
    .version(packageVersion(), '-V, --version', 'print the version of schemagate')
    .exitOverride()
    .showHelpAfterError();

  defineServerCommands(program, run);
  defineSchemaCommands(program, run);
  defineChangeRequestCommands(program, run);
  defineAuditLogCommands(program, run);
  defineTransferCommands(program, run);

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
