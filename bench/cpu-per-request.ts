// Server CPU time per request, the primary figure, and throughput, the
// second, for three reads: GET /schemas/ids/{id}, POST /subjects/{s} (a
// lookup of a registered schema) and GET /subjects/{s}/versions/latest.
// schemagate (SQLite, 1,000 Avro schemas over 100 subjects) against two
// baselines answering the same bytes, each in its own process: a bare
// node:http server and a bare fastify app. CPU time comes from
// /proc/<pid>/stat (all threads) over the timed window; the load comes from
// a separate process with fixed paths (load-client.ts), so the generator is
// not what caps throughput. Rounds alternate the servers; figures are
// medians over rounds. Targets (issue 15): bare ÷ schemagate CPU per request
// ≥ 0.8 for GET by id, ≥ 0.6 for the lookup.
//
//   npm run bench:cpu     (or: node --import tsx bench/cpu-per-request.ts [seconds] [rounds])
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, reportFigures } from './figures.ts';
import type { LoadResult } from './load-client.ts';
import { buildReadFixture, readEndpoints, SCHEMAS, SUBJECTS } from './read-fixture.ts';
import { runLoadProcess } from './run-load.ts';
import { startListening, type StartedProcess } from './start-process.ts';

const SECONDS = Number(process.argv[2] ?? 4);
const ROUNDS = Number(process.argv[3] ?? 3);
const CONNECTIONS = 10;

const scratch = mkdtempSync(join(tmpdir(), 'schemagate-bench-'));
const schemagate = await startListening(['bin/schemagate.js', 'serve', '--port', '0', '--data-dir', scratch]);
console.log(`registering ${SCHEMAS} Avro schemas over ${SUBJECTS} subjects…`);
const fixturePath = join(scratch, 'fixture.json');
const fixture = await buildReadFixture(schemagate.url, fixturePath);
const servers: Array<{ name: string; process: StartedProcess }> = [
  { name: 'schemagate', process: schemagate },
  { name: 'fastify', process: await startListening(['--import', 'tsx', 'bench/bare-fastify-server.ts', fixturePath]) },
  { name: 'bare', process: await startListening(['--import', 'tsx', 'bench/bare-server.ts', fixturePath]) },
];
const endpoints = readEndpoints(fixture);

const load = (server: StartedProcess, requests: (typeof endpoints)[number]['requests'], seconds: number) =>
  runLoadProcess({ url: server.url, pid: server.pid, requests, connections: CONNECTIONS, seconds }, scratch);

// schemagate runs more code than the baselines: it needs longer under load before V8 has optimised it all.
console.log('warming up (2 s per endpoint and server)…');
for (const endpoint of endpoints) for (const server of servers) await load(server.process, endpoint.requests, 2);

// results[endpoint][server] = one LoadResult per round
const results = endpoints.map(() => servers.map((): LoadResult[] => []));
for (let round = 0; round < ROUNDS; round++) {
  for (const [e, endpoint] of endpoints.entries()) {
    // Rotate who goes first, so no server always runs right after another's load.
    for (let k = 0; k < servers.length; k++) {
      const s = (k + round) % servers.length;
      results[e][s].push(await load(servers[s].process, endpoint.requests, SECONDS));
    }
  }
  console.log(`round ${round + 1}/${ROUNDS} done`);
}
for (const server of servers) server.process.stop();

const usPerRequest = (rs: LoadResult[]) => median(rs.map((r) => (r.serverCpuSeconds / r.requests) * 1e6));
const perSecond = (rs: LoadResult[]) => median(rs.map((r) => r.requests / r.seconds));
const generatorShare = (rs: LoadResult[]) => Math.max(...rs.map((r) => r.clientCpuSeconds / r.seconds));

console.log(`\n${CONNECTIONS} keep-alive connections from a separate process, ${SECONDS} s × ${ROUNDS} rotating rounds, medians; ${SCHEMAS} schemas, SQLite`);
console.log('server CPU per request (µs, all threads, from /proc/<pid>/stat) and throughput (req/s):');
console.log(`${'endpoint'.padEnd(36)}${'schemagate'.padStart(11)}${'fastify'.padStart(9)}${'bare'.padStart(7)}${'bare÷sg'.padStart(9)}   ${'sg req/s'.padStart(9)}${'bare req/s'.padStart(11)}${'ratio'.padStart(7)}  generator CPU`);
const figures: Record<string, number> = {};
const keys = ['getById', 'lookup', 'latest'];
for (const [e, endpoint] of endpoints.entries()) {
  const [sg, fy, bare] = results[e];
  const cpuRatio = usPerRequest(bare) / usPerRequest(sg);
  const rateRatio = perSecond(sg) / perSecond(bare);
  const target = e === 0 ? ' (≥ 0.8)' : e === 1 ? ' (≥ 0.6)' : '';
  console.log(
    `${endpoint.name.padEnd(36)}${usPerRequest(sg).toFixed(1).padStart(11)}${usPerRequest(fy).toFixed(1).padStart(9)}${usPerRequest(bare).toFixed(1).padStart(7)}${cpuRatio.toFixed(2).padStart(9)}   ${Math.round(perSecond(sg)).toString().padStart(9)}${Math.round(perSecond(bare)).toString().padStart(11)}${rateRatio.toFixed(2).padStart(7)}  ≤ ${Math.round(100 * Math.max(...results[e].map(generatorShare)))}% of a core${target}`,
  );
  Object.assign(figures, {
    [`${keys[e]}.sgUs`]: usPerRequest(sg),
    [`${keys[e]}.fastifyUs`]: usPerRequest(fy),
    [`${keys[e]}.bareUs`]: usPerRequest(bare),
    [`${keys[e]}.cpuRatio`]: cpuRatio,
    [`${keys[e]}.sgRps`]: perSecond(sg),
    [`${keys[e]}.bareRps`]: perSecond(bare),
    [`${keys[e]}.rateRatio`]: rateRatio,
  });
}
console.log('bare÷sg: bare node:http CPU per request ÷ schemagate\'s (1.00 = as cheap as bare); ratio: schemagate req/s ÷ bare req/s.');
reportFigures(figures);
