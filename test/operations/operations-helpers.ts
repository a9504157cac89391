import { spawn } from 'node:child_process';
import { BIN } from '../helpers/start-server.ts';
import type { CliRun } from '../helpers/cli.ts';

/**
 * The CLI as a separate process, without blocking this one: the tests that
 * back up under load keep their writers running while the command runs
 * (test/helpers/cli.ts's spawnSync would stop this process's event loop).
 */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('error', fail);
    child.once('close', (status) => {
      clearTimeout(timer);
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      done({ status, stdout, stderr, json });
    });
  });
}

export interface Answer {
  status: number;
  body: any;
  text: string;
}

/** One REST call with auth off (governance writes name their `user` in the body). */
export async function call(url: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed, text };
}

/** An Avro record that is compatible (BACKWARD) with every smaller one: each new field has a default. */
export function growingRecord(name: string, fields: number): string {
  return JSON.stringify({
    type: 'record',
    name,
    namespace: 'ops.test',
    fields: [{ name: 'id', type: 'string' }, ...Array.from({ length: fields }, (_, k) => ({ name: `f${k}`, type: 'int', default: 0 }))],
  });
}

/** A manual audit entry (the admin path: no canary window to wait for). */
export function manualAuditEntry(subject: string, note: string) {
  return { user: 'ops', schemaBundleSha: 'c'.repeat(64), changeRequest: `https://git.example/ops/${note}`, validationWindow: '48h canary', notes: note, subjects: [subject] };
}
