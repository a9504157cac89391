import { userInfo } from 'node:os';
import { isRegistryError } from '../core/errors.ts';
import { resolveClientConfig, resolveValidationMode } from '../client/client-config.ts';
import { SchemaRegistryError } from '../client/client-errors.ts';
import { HttpTransport } from '../client/http-transport.ts';
import type { ValidationMode } from '../core/types.ts';
import { registryErrorInCliTerms } from './registry-errors.ts';

/** The project's runbook, where `audit-log` keeps its table unless told otherwise. */
export const DEFAULT_DOC = 'docs/operations/schema-registry-governance.md';

/** Exit codes every command uses: 0 pass, 1 warnings only, 2 failure. */
export const EXIT = { ok: 0, warnings: 1, failure: 2 } as const;

/** A command that cannot go on; main prints the message and exits with the code. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

export interface RegistryOptions {
  registry?: string;
  json?: boolean;
  /** The acting user for governance writes when the registry runs without auth. */
  user?: string;
}

/**
 * The registry a command talks to: --registry, else qmtl.yml's
 * connectors.schema_registry_url, else QMTL_SCHEMA_REGISTRY_URL. Credentials
 * from SCHEMAGATE_USER / SCHEMAGATE_PASSWORD or SCHEMAGATE_TOKEN.
 */
export function registryFrom(options: RegistryOptions, env: NodeJS.ProcessEnv = process.env): HttpTransport {
  const optional = optionalRegistry(options, env);
  if (!optional) throw new CliError(`no registry to talk to: ${HOW_TO_NAME_A_REGISTRY}`);
  return optional;
}

/** The three places a registry can be named, for messages. */
export const HOW_TO_NAME_A_REGISTRY = 'pass --registry <url>, set connectors.schema_registry_url in qmtl.yml, or set QMTL_SCHEMA_REGISTRY_URL';

/** What the CLI calls the client's options, so a setting's errors name the flag. */
const CLI_OPTION_NAMES = { url: '--registry', validationMode: '--mode' };

export function optionalRegistry(options: RegistryOptions, env: NodeJS.ProcessEnv = process.env): HttpTransport | undefined {
  const config = resolveClientConfig({ url: options.registry, env, optionNames: CLI_OPTION_NAMES });
  return config.url ? new HttpTransport(config.url, { credentials: config.credentials, timeoutMs: 30_000, source: config.urlSource }) : undefined;
}

/** The body field `user` for governance writes (a registry with auth on ignores it and uses the credentials). */
export function actingUser(options: RegistryOptions, env: NodeJS.ProcessEnv = process.env): string {
  return options.user ?? env.SCHEMAGATE_USER ?? userInfo().username;
}

/** Prints JSON with --json, else the human lines. */
export function report(options: { json?: boolean }, human: () => string[], json: () => unknown): void {
  if (options.json) process.stdout.write(`${JSON.stringify(json(), null, 2)}\n`);
  else {
    const lines = human();
    if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
  }
}

/** A registry error as a CLI failure, keeping its message (which says what to do). */
export function cliErrorOf(err: unknown): CliError | undefined {
  if (err instanceof CliError) return err;
  if (err instanceof SchemaRegistryError) return new CliError(registryErrorInCliTerms(err));
  // The core's refusals (an invalid bundle, a document without an audit table) are the user's to fix.
  if (isRegistryError(err)) return new CliError(err.message);
  return undefined;
}

/**
 * `--fail-on`: which findings fail the run. Without it, warnings exit 1 and
 * errors 2. Since most CI systems fail on any non-zero exit, `errors` lets
 * warnings pass (exit 0) and `warnings` fails on them too (exit 2).
 */
export type FailOn = 'errors' | 'warnings';

export const FAIL_ON_CHOICES: readonly FailOn[] = ['errors', 'warnings'];

export function exitFor(failures: number, warnings: number, failOn?: FailOn): number {
  if (failures > 0 || (failOn === 'warnings' && warnings > 0)) return EXIT.failure;
  return warnings > 0 && failOn !== 'errors' ? EXIT.warnings : EXIT.ok;
}

/**
 * `--mode`, else QMTL_SCHEMA_VALIDATION_MODE, else `validation_mode` in
 * qmtl.yml (as the client resolves it), with where it came from; no mode,
 * when none is set, leaves it to the registry.
 */
export function validationModeChoice(raw: string | undefined, env: NodeJS.ProcessEnv = process.env): { mode?: ValidationMode; source: string } {
  const resolved = resolveValidationMode({ validationMode: raw as ValidationMode | undefined, env, optionNames: CLI_OPTION_NAMES });
  return resolved.validationModeSource === 'default' ? { source: 'default' } : { mode: resolved.validationMode, source: resolved.validationModeSource };
}

export function validationModeOf(raw: string | undefined, env: NodeJS.ProcessEnv = process.env): ValidationMode | undefined {
  return validationModeChoice(raw, env).mode;
}
