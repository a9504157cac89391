// `npm run bench`: every bench in sequence, each in its own process with a
// time limit, then one table of every figure against its target (issue 15).
// Benches print; none asserts. A bench hands its figures over by writing
// JSON to BENCH_FIGURES_FILE (see figures.ts); a bench that does not gets
// its line read from its output where the summary knows how.
//
//   npm run bench   (or: node --import tsx bench/run-all.ts [bench names to run, all by default])
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Figures } from './figures.ts';
import { summaryRows } from './summary-rows.ts';

const root = resolve(import.meta.dirname, '..');

/** Name, file, arguments (sized so the whole run takes minutes), and how long it may take at most. */
const BENCHES: Array<{ name: string; file: string; args: string[]; minutes: number }> = [
  { name: 'cpu', file: 'bench/cpu-per-request.ts', args: ['4', '3'], minutes: 8 },
  { name: 'profile', file: 'bench/profile-read-path.ts', args: ['4'], minutes: 4 },
  { name: 'transitive', file: 'bench/transitive-registration.ts', args: ['1000', '20'], minutes: 8 },
  // Written on another branch: run when present.
  { name: 'concurrent', file: 'bench/concurrent-registrations.ts', args: [], minutes: 6 },
  { name: 'postgres', file: 'bench/postgres-vs-sqlite.ts', args: ['4', '2'], minutes: 6 },
  { name: 'cold-start', file: 'bench/cold-start.ts', args: ['100000', '3'], minutes: 6 },
  { name: 'check', file: 'bench/check-samples.ts', args: ['300000'], minutes: 6 },
  { name: 'console', file: 'bench/console-first-paint.ts', args: ['1000', '7'], minutes: 4 },
];

function run(file: string, args: string[], minutes: number, figuresFile: string): Promise<{ code: number | null; output: string }> {
  // Its own process group, so a bench past its time is stopped with the servers it started.
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BENCH_FIGURES_FILE: figuresFile } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk;
    process.stdout.write(chunk);
  });
  const timer = setTimeout(() => {
    console.log(`\n${file} took longer than ${minutes} min: stopped`);
    process.kill(-child.pid!, 'SIGTERM');
  }, minutes * 60_000);
  return new Promise((done) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    }),
  );
}

const only = process.argv.slice(2);
const scratch = mkdtempSync(join(tmpdir(), 'schemagate-bench-run-'));
const figures: Record<string, Figures> = {};
const outputs: Record<string, string> = {};
const notes: Record<string, string> = {};
const started = performance.now();
for (const bench of BENCHES) {
  if (only.length > 0 && !only.includes(bench.name)) continue;
  if (!existsSync(join(root, bench.file))) {
    notes[bench.name] = `${bench.file} is not in this checkout`;
    continue;
  }
  console.log(`\n=== ${bench.name}: ${bench.file} ${bench.args.join(' ')} ===`);
  const figuresFile = join(scratch, `${bench.name}.json`);
  const t = performance.now();
  const { code, output } = await run(bench.file, bench.args, bench.minutes, figuresFile);
  outputs[bench.name] = output;
  if (code !== 0) notes[bench.name] = `exited with ${code}`;
  if (existsSync(figuresFile)) figures[bench.name] = JSON.parse(readFileSync(figuresFile, 'utf8')) as Figures;
  console.log(`(${bench.name}: ${((performance.now() - t) / 1000).toFixed(0)} s)`);
}

console.log(`\n=== summary (${((performance.now() - started) / 60_000).toFixed(1)} min; load average at the end ${loadavg()[0].toFixed(1)} on ${cpus().length} cores) ===`);
const rows = summaryRows(figures, outputs, notes);
const width = Math.max(...rows.map((r) => r.what.length));
for (const row of rows) {
  const verdict = row.value === undefined ? '  –  ' : row.met === undefined ? '     ' : row.met ? ' met ' : ' MISS';
  console.log(`${row.what.padEnd(width)}  ${(row.shown ?? 'not measured').padStart(14)}  ${(row.target ?? '').padEnd(12)}${verdict}  ${row.note ?? ''}`);
}
