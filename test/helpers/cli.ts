import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, tempDir } from './start-server.ts';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed, for --json runs. */
  json: any;
}

/**
 * Runs the schemagate CLI as a subprocess, as a user or CI would. The
 * variables the CLI reads are cleared first, so the developer's own
 * environment never decides a test; a test sets the ones it means.
 */
export function cli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): CliRun {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: {
      ...process.env,
      QMTL_SCHEMA_REGISTRY_URL: undefined,
      QMTL_SCHEMA_VALIDATION_MODE: undefined,
      QMTL_CONFIG_FILE: undefined,
      SCHEMAGATE_USER: undefined,
      SCHEMAGATE_PASSWORD: undefined,
      SCHEMAGATE_TOKEN: undefined,
      ...options.env,
    } as NodeJS.ProcessEnv,
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

/** A fresh directory holding the files given (objects are written as JSON). */
export function workspace(files: Record<string, unknown>): string {
  const dir = tempDir('schemagate-cli-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/** A closed JSON Schema object: removing a property from it is a breaking change. */
export const closedObject = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', properties, required, additionalProperties: false });

/** Registers a JSON schema straight through the REST API (the state a test starts from). */
export async function registerJson(url: string, subject: string, schema: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/subjects/${encodeURIComponent(subject)}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ schemaType: 'JSON', schema: JSON.stringify(schema) }),
  });
  return { status: res.status, body: await res.json() };
}
