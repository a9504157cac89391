// Where schemagate's CPU goes on the read path: the server runs under V8's
// CPU profiler (--cpu-prof) while one endpoint is loaded, and every sample
// taken under load is put down to a layer (profile-layers.ts): fastify,
// Node's HTTP, each hook of src/server, the route handler, the registry
// below. Printed as microseconds of main-thread CPU per request. The
// profiler slows everything a little, so read the split, not the sum;
// cpu-per-request.ts has the unprofiled totals.
//
//   npm run bench:profile   (or: node --import tsx bench/profile-read-path.ts [seconds] [endpoint numbers, 0-2, comma-separated])
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportFigures } from './figures.ts';
import { layersOf } from './profile-layers.ts';
import { buildReadFixture, readEndpoints, SCHEMAS } from './read-fixture.ts';
import { runLoadProcess } from './run-load.ts';
import { startListening } from './start-process.ts';

const SECONDS = Number(process.argv[2] ?? 4);
const ONLY = process.argv[3]?.split(',').map(Number);
const scratch = mkdtempSync(join(tmpdir(), 'schemagate-bench-'));
const dataDir = join(scratch, 'data');
const serve = ['bin/schemagate.js', 'serve', '--port', '0', '--data-dir', dataDir];

// The schemas are registered by an unprofiled server; each endpoint then gets a fresh, profiled one on the same data.
const loader = await startListening(serve);
console.log(`registering ${SCHEMAS} Avro schemas…`);
const endpoints = readEndpoints(await buildReadFixture(loader.url, join(scratch, 'fixture.json')));
loader.stop();
await loader.exited;

const figures: Record<string, number> = {};
for (const [e, endpoint] of endpoints.entries()) {
  if (ONLY && !ONLY.includes(e)) continue;
  const profiles = join(scratch, `profile-${e}`);
  mkdirSync(profiles);
  const server = await startListening(serve, { nodeOptions: ['--cpu-prof', '--cpu-prof-dir', profiles, '--cpu-prof-interval', '200'] });
  const load = (seconds: number) => runLoadProcess({ url: server.url, pid: server.pid, requests: endpoint.requests, connections: 10, seconds }, scratch);
  await load(1); // warm-up: outside the window the samples are taken from
  const result = await load(SECONDS);
  server.stop();
  await server.exited;
  // The main thread's profile is the one of thread 0 (CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile).
  const main = readdirSync(profiles).find((f) => f.split('.')[4] === '0');
  if (!main) throw new Error(`no main-thread profile in ${profiles}`);
  const layers = layersOf(join(profiles, main), result.windowUs[0], result.windowUs[1], result.requests);
  const total = layers.reduce((sum, l) => sum + l.usPerRequest, 0);
  console.log(`\n${endpoint.name}: ${total.toFixed(1)} µs of main-thread CPU per request under the profiler (${Math.round(result.requests / result.seconds)} req/s)`);
  for (const { layer, usPerRequest } of layers) {
    if (usPerRequest < 0.05) continue;
    console.log(`  ${layer.padEnd(44)}${usPerRequest.toFixed(1).padStart(7)} µs  ${((100 * usPerRequest) / total).toFixed(0).padStart(3)}%`);
  }
  for (const { layer, usPerRequest } of layers) figures[`${e}:${layer}`] = usPerRequest;
}
console.log(`\nprofiles kept in ${scratch} (open in Chrome DevTools or speedscope)`);
reportFigures(figures);
