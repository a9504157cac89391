// The Postgres store against the SQLite store, in the same run: registration
// throughput (1,000 distinct Avro schemas over 50 subjects, 10 in flight),
// then GET /schemas/ids/{id} (served from the instance's cache once read) and
// GET /subjects/{s}/versions/latest (a store read every time) with
// autocannon, alternating rounds. Prints Postgres / SQLite ratios. Uses
// SCHEMAGATE_TEST_POSTGRES_URL, or starts a private cluster.
//
//   node --import tsx bench/postgres-vs-sqlite.ts [seconds] [rounds]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { findPostgresBin, startPostgresCluster } from '../scripts/postgres-cluster.js';
import { startListening } from './start-process.ts';

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

async function load(url: string, pick: () => string): Promise<number> {
  const result = await autocannon({ url, connections: 10, duration: SECONDS, requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: pick() }) }] });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors from ${url}`);
  return result.requests.average;
}

const register = { sqlite: await registrations(sqlite.url), postgres: await registrations(postgres.url) };
const randomId = () => `/schemas/ids/${1 + Math.floor(Math.random() * SCHEMAS)}`;
const randomLatest = () => `/subjects/bench-${Math.floor(Math.random() * SUBJECTS)}/versions/latest`;
const totals = { idSqlite: 0, idPostgres: 0, latestSqlite: 0, latestPostgres: 0 };
for (let round = 0; round < ROUNDS; round++) {
  totals.idSqlite += await load(sqlite.url, randomId);
  totals.idPostgres += await load(postgres.url, randomId);
  totals.latestSqlite += await load(sqlite.url, randomLatest);
  totals.latestPostgres += await load(postgres.url, randomLatest);
}
sqlite.stop();
postgres.stop();
cluster?.stop();

const line = (what: string, s: number, p: number) => console.log(`${what.padEnd(34)} sqlite ${Math.round(s)}/s   postgres ${Math.round(p)}/s   ratio ${(p / s).toFixed(2)}`);
console.log(`\n${SCHEMAS} schemas over ${SUBJECTS} subjects; reads: 10 connections, ${SECONDS} s × ${ROUNDS} alternating rounds`);
line('registrations (10 in flight)', register.sqlite, register.postgres);
line('GET /schemas/ids/{id}', totals.idSqlite / ROUNDS, totals.idPostgres / ROUNDS);
line('GET /subjects/{s}/versions/latest', totals.latestSqlite / ROUNDS, totals.latestPostgres / ROUNDS);
