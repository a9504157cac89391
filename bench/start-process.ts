import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface StartedProcess {
  url: string;
  pid: number;
  /** Milliseconds from spawn to the "listening on" line. */
  readyMs: number;
  stop: () => void;
  /** Resolves once the process has exited (after stop, or by itself). */
  exited: Promise<number | null>;
}

/** Starts a node process from the repository root that prints "listening on <url>"; resolves with the URL. */
export function startListening(args: string[], options: { nodeOptions?: string[] } = {}): Promise<StartedProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), ...args], { cwd: resolve(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((done, fail) => {
    let out = '';
    let ready = false;
    child.stdout.on('data', (chunk) => {
      if (ready) return;
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        ready = true;
        done({ url: match[1], pid: child.pid!, readyMs: performance.now() - started, stop: () => child.kill('SIGTERM'), exited });
      }
    });
    void exited.then((code) => {
      if (!ready) fail(new Error(`${args.join(' ')} exited with ${code} before listening`));
    });
  });
}
