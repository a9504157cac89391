import { spawnSync } from 'node:child_process';
import { BIN } from './start-server.ts';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed, for --json runs. */
  json: any;
}

/** Runs the schemagate CLI as a subprocess, as a user or CI would. */
export function cli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): CliRun {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, QMTL_SCHEMA_REGISTRY_URL: undefined, QMTL_SCHEMA_VALIDATION_MODE: undefined, SCHEMAGATE_USER: undefined, ...options.env } as NodeJS.ProcessEnv,
    input: options.input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  let json: unknown;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    json = undefined;
  }
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, json };
}
