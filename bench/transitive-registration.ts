// Time per BACKWARD_TRANSITIVE registration against a subject with 1,000 live
// versions of a 50-field Avro schema (target, issue 15: p50 ≤ 10 ms), through the real
// server on SQLite. The baseline in the same run: a registration against a
// subject with a single version. The first check after start parses the
// stored versions once (cold); later ones reuse them (warm).
//
//   node --import tsx bench/transitive-registration.ts [versions] [samples]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, reportFigures } from './figures.ts';
import { startListening } from './start-process.ts';

const VERSIONS = Number(process.argv[2] ?? 1000);
const SAMPLES = Number(process.argv[3] ?? 20);
const FIELDS = 50;
const headers = { 'content-type': 'application/vnd.schemaregistry.v1+json' };

function schema(version: number): string {
  // Each version changes the defaults, so every version is a distinct, compatible schema.
  const fields = Array.from({ length: FIELDS }, (_, i) => ({ name: `field_${i}`, type: i % 3 === 0 ? 'long' : i % 3 === 1 ? 'string' : 'double', default: i % 3 === 1 ? `v${version}` : version }));
  return JSON.stringify({ type: 'record', name: 'Wide', namespace: 'bench', fields });
}

function start(dataDir: string) {
  return startListening(['bin/schemagate.js', 'serve', '--port', '0', '--data-dir', dataDir]);
}

async function post(url: string, body: unknown, method = 'POST') {
  const res = await fetch(url, { method, headers, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
  return res.json();
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await work();
  return performance.now() - t;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${median(s).toFixed(1)} ms, p90 ${s[Math.floor(s.length * 0.9)].toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
};

const dataDir = mkdtempSync(join(tmpdir(), 'schemagate-bench-'));
let server = await start(dataDir);
console.log(`registering ${VERSIONS} versions of a ${FIELDS}-field schema (level NONE while loading)…`);
await post(`${server.url}/config/wide`, { compatibility: 'NONE' }, 'PUT');
await post(`${server.url}/config/narrow`, { compatibility: 'BACKWARD_TRANSITIVE' }, 'PUT');
for (let v = 1; v <= VERSIONS; v++) await post(`${server.url}/subjects/wide/versions`, { schema: schema(v) });
await post(`${server.url}/subjects/narrow/versions`, { schema: schema(1) });
await post(`${server.url}/config/wide`, { compatibility: 'BACKWARD_TRANSITIVE' }, 'PUT');

// Restart, so the first check finds nothing parsed yet.
server.stop();
server = await start(dataDir);
const cold = await time(() => post(`${server.url}/subjects/wide/versions`, { schema: schema(VERSIONS + 1) }));
const warm: number[] = [];
const baseline: number[] = [];
for (let i = 2; i <= SAMPLES + 1; i++) {
  warm.push(await time(() => post(`${server.url}/subjects/wide/versions`, { schema: schema(VERSIONS + i) })));
  baseline.push(await time(() => post(`${server.url}/subjects/narrow/versions`, { schema: schema(i) })));
}
server.stop();

console.log(`\nBACKWARD_TRANSITIVE registration, ${FIELDS}-field Avro record, SQLite store, over HTTP`);
console.log(`against ${VERSIONS} live versions: first after start ${cold.toFixed(1)} ms (parses them once); then ${stats(warm)} (target: median ≤ 10 ms)`);
console.log(`against 1 live version (baseline):  ${stats(baseline)}`);
reportFigures({ coldMs: cold, warmP50Ms: median(warm), baselineP50Ms: median(baseline) });
