import { spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BIN } from '../helpers/start-server.ts';

/**
 * Everything a client can read of a registry through Confluent's REST API:
 * subjects (soft-deleted ones too), each version's body (id, type,
 * references, schema, deleted flag), which versions are live, each
 * subject's own config and mode (the status too: 404 means none), the
 * global config and mode, and every schema by id. Two registries that dump
 * equal look the same to every client. Read with plain fetch, not with the
 * code under test.
 */
export async function dumpRegistry(url: string): Promise<unknown> {
  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    return { status: res.status, body: (await res.json()) as any };
  };
  const subjects = ((await get('/subjects?deleted=true')).body as string[]).sort();
  const ids = new Set<number>();
  const out: Record<string, unknown> = {};
  for (const subject of subjects) {
    const s = encodeURIComponent(subject);
    const all = (await get(`/subjects/${s}/versions?deleted=true`)).body as number[];
    const live = await get(`/subjects/${s}/versions`);
    const versions = [];
    for (const v of all) {
      const body = (await get(`/subjects/${s}/versions/${v}?deleted=true`)).body;
      ids.add(body.id);
      versions.push(body);
    }
    out[subject] = {
      versions,
      live: live.status === 200 ? live.body : [],
      config: await get(`/config/${s}?defaultToGlobal=false`),
      mode: await get(`/mode/${s}?defaultToGlobal=false`),
    };
  }
  const schemas: Record<number, unknown> = {};
  for (const id of [...ids].sort((a, b) => a - b)) schemas[id] = (await get(`/schemas/ids/${id}`)).body;
  return { config: (await get('/config')).body, mode: (await get('/mode')).body, subjects: out, schemas };
}

/** How many versions a registry holds, soft-deleted ones included. */
export async function versionCount(url: string): Promise<number> {
  let n = 0;
  for (const subject of (await (await fetch(`${url}/subjects?deleted=true`)).json()) as string[]) {
    n += ((await (await fetch(`${url}/subjects/${encodeURIComponent(subject)}/versions?deleted=true`)).json()) as number[]).length;
  }
  return n;
}

export interface HoldingProxy {
  url: string;
  /** Resolves when the first registration beyond the allowance arrives (and is held, never answered). */
  held: Promise<void>;
  close(): Promise<void>;
}

/**
 * A proxy in front of a registry that passes the first `allowed`
 * registrations (POST /subjects/{s}/versions) and holds the next one open
 * forever: an import through it stops at a known point, deterministically,
 * however fast the machine, and can then be killed there.
 */
export async function holdingProxy(upstream: string, allowed: number): Promise<HoldingProxy> {
  let passed = 0;
  let onHeld!: () => void;
  const held = new Promise<void>((resolve) => (onHeld = resolve));
  const server: Server = createServer((req, res) => {
    if (req.method === 'POST' && /^\/subjects\/[^/]+\/versions(\?|$)/.test(req.url ?? '')) {
      if (passed >= allowed) {
        onHeld();
        return;
      }
      passed++;
    }
    const forward = request(`${upstream}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Starts the CLI without waiting for it (the test process must keep
 * serving the proxy meanwhile, which spawnSync would block); `kill` ends
 * it with SIGKILL, as a crash or `kill -9` would.
 */
export function startCli(args: string[], env: Record<string, string | undefined> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  return {
    output: () => output,
    exited,
    kill: async () => {
      child.kill('SIGKILL');
      return exited;
    },
  };
}
