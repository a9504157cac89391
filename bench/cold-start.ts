// Cold start: `schemagate serve` on a SQLite database holding 100,000
// versions (1,000 subjects × 100 versions of distinct Avro schemas), from
// spawn to its "listening on" line, and its resident memory then. The
// baseline in the same run: the same command on an empty data directory.
// Alternating rounds, medians. Target (issue 15): under 1 s with 100,000.
// Timed as the package runs: the compiled build (built first, into dist/,
// as `npm run build` does), not the sources through tsx.
//
// The database is written through the store API (parsed and fingerprinted
// as the registry does, one registration per transaction, no fsync), not over HTTP:
// 100,000 HTTP registrations would take minutes. The rows the registry's
// governance adds to each registration (reports, compat ids) are left out.
//
//   npm run bench:cold-start   (or: node --import tsx bench/cold-start.ts [versions] [rounds])
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseSchema } from '../src/core/parse-schema.ts';
import { openStore } from '../src/store/open-store.ts';
import { SqliteStore } from '../src/store/sqlite-store.ts';
import { median, reportFigures } from './figures.ts';
import { processRssBytes } from './proc-cpu.ts';
import { startListening } from './start-process.ts';

const VERSIONS = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const PER_SUBJECT = 100;

const avro = (subject: number, version: number) =>
  JSON.stringify({
    type: 'record',
    name: `Event${subject}`,
    namespace: 'bench',
    fields: [
      { name: 'id', type: 'string' },
      { name: 'at', type: 'long' },
      // Each version adds a field: every version is a distinct schema.
      ...Array.from({ length: 1 + (version % 8) }, (_, f) => ({ name: `f${f}`, type: 'long', default: version })),
    ],
  });

async function fill(dataDir: string): Promise<void> {
  const store = await openStore(undefined, dataDir);
  // A bench database need not survive a power cut: without an fsync per registration it is written in seconds, not minutes.
  if (store instanceof SqliteStore) store.db.pragma('synchronous = OFF');
  const createdAt = new Date().toISOString();
  try {
    for (let i = 0; i < VERSIONS; i++) {
      const subject = Math.floor(i / PER_SUBJECT);
      const version = (i % PER_SUBJECT) + 1;
      const parsed = parseSchema({ schemaType: 'AVRO', schema: avro(subject, version), references: [] });
      await store.registerVersion({
        subject: `cold-${subject}`,
        schema: { schemaType: parsed.type, schema: parsed.text, references: parsed.references, fingerprint: parsed.fingerprint },
        expectedMaxVersion: version - 1,
        createdAt,
      });
    }
  } finally {
    await store.close();
  }
}

async function coldStart(dataDir: string): Promise<{ ms: number; rssMb: number }> {
  const server = await startListening(['bench/built-cli.mjs', 'serve', '--port', '0', '--data-dir', dataDir]);
  const rssMb = processRssBytes(server.pid) / 2 ** 20;
  // Ready means answering: one request after the line, outside the timing.
  const health = await fetch(`${server.url}/healthz`);
  if (health.status !== 200) throw new Error(`/healthz answered ${health.status}`);
  server.stop();
  await server.exited;
  return { ms: server.readyMs, rssMb };
}

const full = mkdtempSync(join(tmpdir(), 'schemagate-bench-'));
const empty = mkdtempSync(join(tmpdir(), 'schemagate-bench-'));
console.log(`writing ${VERSIONS.toLocaleString('en')} versions over ${Math.ceil(VERSIONS / PER_SUBJECT)} subjects through the SQLite store…`);
const writing = performance.now();
await fill(full);
console.log(`written in ${((performance.now() - writing) / 1000).toFixed(1)} s`);
console.log('building dist/ (tsc -p tsconfig.build.json)…');
const root = resolve(import.meta.dirname, '..');
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
await coldStart(empty); // the first start warms the file cache: not counted

const runs = { full: [] as Array<{ ms: number; rssMb: number }>, empty: [] as Array<{ ms: number; rssMb: number }> };
for (let round = 0; round < ROUNDS; round++) {
  runs.full.push(await coldStart(full));
  runs.empty.push(await coldStart(empty));
}
const ms = (rs: typeof runs.full) => median(rs.map((r) => r.ms));
const mb = (rs: typeof runs.full) => median(rs.map((r) => r.rssMb));
console.log(`\nschemagate serve, spawn to "listening on", ${ROUNDS} alternating rounds, medians (the compiled build, as installed)`);
console.log(`${VERSIONS.toLocaleString('en')} versions: ${ms(runs.full).toFixed(0)} ms, RSS ${mb(runs.full).toFixed(0)} MB at ready (target < 1000 ms)`);
console.log(`empty data dir (baseline): ${ms(runs.empty).toFixed(0)} ms, RSS ${mb(runs.empty).toFixed(0)} MB at ready`);
reportFigures({ coldStartMs: ms(runs.full), coldStartRssMb: mb(runs.full), emptyStartMs: ms(runs.empty), emptyStartRssMb: mb(runs.empty) });
