// Registrations per second of new subjects through the real server on a
// SQLite file, with 4 then 8 writers each posting one registration after
// another for a fixed time (target: ≥ 2,000/s with 8 writers on 2 cores).
// Every registration is a new subject, so none waits on another's subject
// lock: what limits them is the store's commits (see
// docs/decisions/014-stores-by-role.md, group commit).
//
//   node --import tsx bench/concurrent-registrations.ts [seconds] [rounds]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startListening } from './start-process.ts';

const SECONDS = Number(process.argv[2] ?? 5);
const ROUNDS = Number(process.argv[3] ?? 2);
const WRITERS = [4, 8];
const headers = { 'content-type': 'application/vnd.schemaregistry.v1+json' };

const avro = (i: number) => JSON.stringify({ type: 'record', name: 'Event', namespace: 'bench', fields: [{ name: 'id', type: 'string' }, { name: `f${i}`, type: 'long', default: 0 }] });

let next = 0;
/** Registers new subjects with `writers` in flight until `seconds` have passed; returns registrations per second. */
async function run(url: string, writers: number, seconds: number): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < until) {
        const i = next++;
        const res = await fetch(`${url}/subjects/concurrent-${i}/versions`, { method: 'POST', headers, body: JSON.stringify({ schema: avro(i) }) });
        if (res.status !== 200) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

const dataDir = mkdtempSync(join(tmpdir(), 'schemagate-bench-'));
const server = await startListening(['bin/schemagate.js', 'serve', '--port', '0', '--data-dir', dataDir]);
try {
  await run(server.url, 8, 1); // warm-up: JIT, the first file pages
  const totals = new Map<number, number[]>(WRITERS.map((w) => [w, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const writers of WRITERS) totals.get(writers)!.push(await run(server.url, writers, SECONDS));
  }
  console.log(`\nnew-subject registrations over HTTP, SQLite store in a temporary data dir, ${SECONDS} s × ${ROUNDS} rounds`);
  for (const [writers, rates] of totals) {
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    console.log(`${String(writers).padStart(2)} writers: ${Math.round(mean)} registrations/s (rounds: ${rates.map(Math.round).join(', ')})`);
  }
} finally {
  server.stop();
  // The server holds the file until it exits: remove the directory after it has.
  setTimeout(() => rmSync(dataDir, { recursive: true, force: true }), 500);
}
