import type { Command } from 'commander';

/** Wraps a command's action so that main gets its exit code. */
export type Run = (work: (...args: any[]) => Promise<number>) => (...args: any[]) => Promise<void>;

/** A repeatable option: `--samples a --samples b`. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** A comma-separated, repeatable option: `--subjects a,b --subjects c`. */
export const list = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];

/** --registry and --json on every command that talks to a registry. */
export function remote(command: Command): Command {
  return command
    .option('--registry <url>', 'registry URL (else connectors.schema_registry_url in qmtl.yml, else QMTL_SCHEMA_REGISTRY_URL); credentials from SCHEMAGATE_USER/SCHEMAGATE_PASSWORD or SCHEMAGATE_TOKEN')
    .option('--json', 'print JSON instead of text');
}

/** A governance write: a registry, and the acting user when the registry runs without auth. */
export function actor(command: Command): Command {
  return remote(command).option('--user <name>', 'acting user when the registry runs without auth (default SCHEMAGATE_USER, else your login)');
}
