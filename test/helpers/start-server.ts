import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const BIN = resolve(import.meta.dirname, '../../bin/schemagate.js');
const TIME_TRAVEL = pathToFileURL(resolve(import.meta.dirname, 'time-travel.mjs')).href;

export interface RunningServer {
  url: string;
  dataDir: string;
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (kill -9), then wait for the process to be gone. */
  kill(): Promise<void>;
  /** With `timeTravel`: moves the server's clock 49 hours ahead (past a default canary window). */
  timeTravel(): void;
}

/**
 * Servers still running when a test process exits: a test that failed
 * before stopping its server must not leave it behind (npm test runs with
 * --test-force-exit, so such a server cannot hold the run open either).
 */
const running = new Set<ChildProcessWithoutNullStreams>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function tempDir(prefix = 'schemagate-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Starts `schemagate serve` as a real process on a free port and waits for its ready line. */
export async function startServer(
  options: {
    dataDir?: string;
    args?: string[];
    env?: Record<string, string>;
    /** Load test/helpers/time-travel.mjs: each `timeTravel()` then moves the server's clock 49 hours ahead. */
    timeTravel?: boolean;
    /** Another schemagate bin (an installed package's) instead of this checkout's. */
    bin?: string;
  } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? tempDir();
  const node = options.timeTravel ? ['--import', TIME_TRAVEL] : [];
  const child = spawn(process.execPath, [...node, options.bin ?? BIN, 'serve', '--port', '0', '--data-dir', dataDir, ...(options.args ?? [])], {
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (out += chunk));
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      running.delete(child);
      done(code);
    }),
  );
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start within 30 s:\n${out}`)), 30_000);
    const onData = () => {
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        done(match[1]);
      }
    };
    child.stdout.on('data', onData);
    exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code} before it was ready:\n${out}`));
    });
  });
  return {
    url,
    dataDir,
    child,
    output: () => out,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    timeTravel: () => {
      if (!options.timeTravel) throw new Error('start the server with { timeTravel: true } to move its clock');
      child.kill('SIGUSR2');
    },
  };
}
