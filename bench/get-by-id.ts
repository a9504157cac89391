// Throughput of GET /schemas/ids/{id} and POST /subjects/{s} (lookup) on
// schemagate with 1,000 registered Avro schemas, against a bare node:http
// server answering the same bytes, measured in the same run: same
// connections, same duration, alternating rounds. Prints the ratios.
//
//   npm run bench            (or: node --import tsx bench/get-by-id.ts [seconds] [rounds])
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startListening } from './start-process.ts';

const SECONDS = Number(process.argv[2] ?? 5);
const ROUNDS = Number(process.argv[3] ?? 2);
const CONNECTIONS = 10;
const SCHEMAS = 1000;
const SUBJECTS = 100;

const avro = (i: number) =>
  JSON.stringify({
    type: 'record',
    name: `Event${i}`,
    namespace: 'bench',
    fields: [
      { name: 'id', type: 'string' },
      { name: 'at', type: 'long' },
      { name: 'amount', type: 'double', default: 0 },
      { name: 'tags', type: { type: 'array', items: 'string' }, default: [] },
    ],
  });

async function load(url: string, requests: autocannon.Request[], pick?: () => string) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: requests.map((r) => (pick ? { ...r, setupRequest: (req: autocannon.Request) => ({ ...req, path: pick() }) } : r)),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors from ${url}`);
  return result.requests.average;
}

const dataDir = mkdtempSync(join(tmpdir(), 'schemagate-bench-'));
const schemagate = await startListening(['bin/schemagate.js', 'serve', '--port', '0', '--data-dir', dataDir]);
const headers = { 'content-type': 'application/vnd.schemaregistry.v1+json' };
const byId: Record<string, string> = {};
const lookup: Record<string, string> = {};
const lookupBody: Record<string, string> = {};
console.log(`registering ${SCHEMAS} Avro schemas over ${SUBJECTS} subjects…`);
for (let i = 0; i < SCHEMAS; i++) {
  const subject = `bench-${i % SUBJECTS}`;
  const body = JSON.stringify({ schema: avro(i) });
  const res = await fetch(`${schemagate.url}/subjects/${subject}/versions`, { method: 'POST', headers, body });
  if (res.status !== 200) throw new Error(`registration failed: ${await res.text()}`);
  const { id } = (await res.json()) as { id: number };
  byId[id] = await (await fetch(`${schemagate.url}/schemas/ids/${id}`)).text();
  if (i >= SCHEMAS - SUBJECTS) {
    // The newest schema of each subject is the one looked up.
    lookupBody[subject] = body;
    lookup[subject] = await (await fetch(`${schemagate.url}/subjects/${subject}`, { method: 'POST', headers, body })).text();
  }
}
const fixture = join(dataDir, 'fixture.json');
writeFileSync(fixture, JSON.stringify({ byId, lookup }));
const bare = await startListening(['--import', 'tsx', 'bench/bare-server.ts', fixture]);

const ids = Object.keys(byId);
const subjects = Object.keys(lookupBody);
const randomId = () => `/schemas/ids/${ids[Math.floor(Math.random() * ids.length)]}`;
const getRequests: autocannon.Request[] = [{ method: 'GET', path: '/schemas/ids/1' }];
const lookupRequests: autocannon.Request[] = subjects.slice(0, 10).map((s) => ({ method: 'POST', path: `/subjects/${s}`, headers, body: lookupBody[s] }));

const totals = { getSchemagate: 0, getBare: 0, lookupSchemagate: 0, lookupBare: 0 };
for (let round = 1; round <= ROUNDS; round++) {
  totals.getSchemagate += await load(schemagate.url, getRequests, randomId);
  totals.getBare += await load(bare.url, getRequests, randomId);
  totals.lookupSchemagate += await load(schemagate.url, lookupRequests);
  totals.lookupBare += await load(bare.url, lookupRequests);
  console.log(`round ${round}/${ROUNDS} done`);
}
schemagate.stop();
bare.stop();

const avg = (n: number) => Math.round(n / ROUNDS);
const ratio = (a: number, b: number) => (a / b).toFixed(2);
console.log(`\n${CONNECTIONS} connections, ${SECONDS} s × ${ROUNDS} alternating rounds, ${SCHEMAS} schemas`);
console.log(`GET /schemas/ids/{id}   schemagate ${avg(totals.getSchemagate)} req/s   bare node:http ${avg(totals.getBare)} req/s   ratio ${ratio(totals.getSchemagate, totals.getBare)} (target ≥ 0.80)`);
console.log(`POST /subjects/{s}      schemagate ${avg(totals.lookupSchemagate)} req/s   bare node:http ${avg(totals.lookupBare)} req/s   ratio ${ratio(totals.lookupSchemagate, totals.lookupBare)}`);
