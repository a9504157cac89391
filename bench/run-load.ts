import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LoadResult, LoadSpec } from './load-client.ts';

let specs = 0;

/** Runs load-client.ts in a process of its own (so its CPU is not the server's, nor the bench's) and returns what it measured. */
export function runLoadProcess(spec: LoadSpec, scratchDir: string): Promise<LoadResult> {
  const file = join(scratchDir, `load-${process.pid}-${specs++}.json`);
  writeFileSync(file, JSON.stringify(spec));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load-client.ts', file], { cwd: resolve(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  return new Promise((done, fail) =>
    child.once('exit', (code) => {
      if (code !== 0) return fail(new Error(`the load generator exited with ${code}`));
      const result = JSON.parse(out) as LoadResult;
      if (result.non2xx > 0) return fail(new Error(`${result.non2xx} of ${result.requests} answers from ${spec.url} were not 2xx`));
      done(result);
    }),
  );
}
