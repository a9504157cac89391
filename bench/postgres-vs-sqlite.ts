// The Postgres store against the SQLite store, in the same run: registration
// throughput (1,000 distinct Avro schemas over 50 subjects, 10 in flight),
// then GET /schemas/ids/{id} (served from the instance's cache once read) and
// GET /subjects/{s}/versions/latest (a store read every time) from the
// fixed-path load generator in its own process (load-client.ts), alternating
// rounds, medians. Prints Postgres / SQLite ratios of requests per second
// (target, issue 15: reads ≥ 0.6), and schemagate's own CPU per request (the
// PostgreSQL server's CPU is not in it). Uses SCHEMAGATE_TEST_POSTGRES_URL,
// or starts a private cluster.
//
//   node --import tsx bench/postgres-vs-sqlite.ts [seconds] [rounds]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPostgresBin, startPostgresCluster } from '../scripts/postgres-cluster.js';
import { median, reportFigures } from './figures.ts';
import type { FixedRequest, LoadResult } from './load-client.ts';
import { runLoadProcess } from './run-load.ts';
import { startListening, type StartedProcess } from './start-process.ts';

const SECONDS = Number(process.argv[2] ?? 5);
const ROUNDS = Number(process.argv[3] ?? 2);
const SCHEMAS = 1000;
const SUBJECTS = 50;
const IN_FLIGHT = 10;
const headers = { 'content-type': 'application/vnd.schemaregistry.v1+json' };

let cluster: { url: string; stop: () => void } | undefined;
let postgresUrl = process.env.SCHEMAGATE_TEST_POSTGRES_URL;
if (!postgresUrl) {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed (or set SCHEMAGATE_TEST_POSTGRES_URL)');
  cluster = await startPostgresCluster(bin);
  postgresUrl = cluster.url;
}
const pgStore = new URL(postgresUrl);
pgStore.searchParams.set('schema', `bench_${Date.now()}`);

const sqlite = await startListening(['bin/schemagate.js', 'serve', '--port', '0', '--data-dir', mkdtempSync(join(tmpdir(), 'schemagate-bench-'))]);
const postgres = await startListening(['bin/schemagate.js', 'serve', '--port', '0', '--store', pgStore.toString()]);

const avro = (i: number) => JSON.stringify({ type: 'record', name: 'Event', namespace: 'bench', fields: [{ name: 'id', type: 'string' }, { name: `f${i}`, type: 'long', default: 0 }] });

/** Registers the same 1,000 schemas, IN_FLIGHT at a time; returns registrations per second. */
async function registrations(url: string): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < SCHEMAS) {
        const i = next++;
        const res = await fetch(`${url}/subjects/bench-${i % SUBJECTS}/versions`, { method: 'POST', headers, body: JSON.stringify({ schema: avro(i) }) });
        if (res.status !== 200) throw new Error(`registration failed: ${await res.text()}`);
        await res.arrayBuffer();
      }
    }),
  );
  return SCHEMAS / ((performance.now() - started) / 1000);
}

const scratch = mkdtempSync(join(tmpdir(), 'schemagate-bench-'));
const load = (server: StartedProcess, requests: FixedRequest[]) => runLoadProcess({ url: server.url, pid: server.pid, requests, connections: 10, seconds: SECONDS }, scratch);

const register = { sqlite: await registrations(sqlite.url), postgres: await registrations(postgres.url) };
const byId: FixedRequest[] = Array.from({ length: SCHEMAS }, (_, i) => ({ method: 'GET', path: `/schemas/ids/${i + 1}` }));
const latest: FixedRequest[] = Array.from({ length: SUBJECTS }, (_, i) => ({ method: 'GET', path: `/subjects/bench-${i}/versions/latest` }));
const runs = { idSqlite: [] as LoadResult[], idPostgres: [] as LoadResult[], latestSqlite: [] as LoadResult[], latestPostgres: [] as LoadResult[] };
for (let round = 0; round < ROUNDS; round++) {
  runs.idSqlite.push(await load(sqlite, byId));
  runs.idPostgres.push(await load(postgres, byId));
  runs.latestSqlite.push(await load(sqlite, latest));
  runs.latestPostgres.push(await load(postgres, latest));
}
sqlite.stop();
postgres.stop();
cluster?.stop();

const rate = (rs: LoadResult[]) => median(rs.map((r) => r.requests / r.seconds));
const cpu = (rs: LoadResult[]) => median(rs.map((r) => (r.serverCpuSeconds / r.requests) * 1e6));
const line = (what: string, s: number, p: number, extra = '') => console.log(`${what.padEnd(34)} sqlite ${Math.round(s)}/s   postgres ${Math.round(p)}/s   ratio ${(p / s).toFixed(2)}${extra}`);
const cpuNote = (s: LoadResult[], p: LoadResult[]) => `   schemagate CPU/request: sqlite ${cpu(s).toFixed(0)} µs, postgres ${cpu(p).toFixed(0)} µs`;
console.log(`\n${SCHEMAS} schemas over ${SUBJECTS} subjects; reads: 10 keep-alive connections, fixed paths, ${SECONDS} s × ${ROUNDS} alternating rounds, medians`);
line('registrations (10 in flight)', register.sqlite, register.postgres);
line('GET /schemas/ids/{id}', rate(runs.idSqlite), rate(runs.idPostgres), cpuNote(runs.idSqlite, runs.idPostgres));
line('GET /subjects/{s}/versions/latest', rate(runs.latestSqlite), rate(runs.latestPostgres), cpuNote(runs.latestSqlite, runs.latestPostgres));
console.log('target (issue 15): PostgreSQL reads ≥ 0.6 × SQLite');
reportFigures({
  registrationRatio: register.postgres / register.sqlite,
  idRatio: rate(runs.idPostgres) / rate(runs.idSqlite),
  latestRatio: rate(runs.latestPostgres) / rate(runs.latestSqlite),
  idSqlitePerSecond: rate(runs.idSqlite),
  latestSqlitePerSecond: rate(runs.latestSqlite),
});
