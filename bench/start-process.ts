import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** Starts a node process from the repository root that prints "listening on <url>"; resolves with the URL. */
export function startListening(args: string[]): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, args, { cwd: resolve(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((done, fail) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) done({ url: match[1], stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => fail(new Error(`exited with ${code} before listening`)));
  });
}
