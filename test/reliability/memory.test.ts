import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { startServer, type RunningServer } from '../helpers/start-server.ts';
import { pool, rssMb, send } from './reliability-helpers.ts';

/**
 * A reader posting distinct ~1 MB schemas to the compatibility endpoints,
 * as the issue measured it (11 MB retained per request, 4.3 GB after 450,
 * then out of memory): nothing parsed for a request that registers nothing
 * is kept, so the server's memory stays where it was.
 */
const REQUESTS = 500;
/** Retained growth allowed after the first requests warmed the workers (docs/operations/limits.md). */
const GROWTH_BOUND_MB = 256;

const avro = (n: number) =>
  JSON.stringify({ type: 'record', name: `R${n}`, fields: Array.from({ length: 6000 }, (_, i) => ({ name: `f${n}_${i}_abcdefghijklmnopqr`, type: ['null', 'string'], default: null, doc: 'd'.repeat(60) })) });
const json = (n: number) => JSON.stringify({ type: 'object', properties: Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`p${n}_${i}`, { type: 'string', description: 'x'.repeat(2500) }])) });

let server: RunningServer;
before(async () => {
  server = await startServer();
  assert.equal((await send(server.url, 'POST', '/subjects/big-avro/versions', JSON.stringify({ schema: avro(0) }))).status, 200);
  assert.equal((await send(server.url, 'POST', '/subjects/big-json/versions', JSON.stringify({ schemaType: 'JSON', schema: json(0) }))).status, 200);
});
after(async () => {
  await server.stop();
});

it(`keeps its memory flat through ${REQUESTS} distinct ~1 MB schemas sent to the compatibility endpoints`, async (t) => {
  const request = (n: number) =>
    n % 4 === 3
      ? send(server.url, 'POST', '/compatibility/subjects/big-json/versions/latest', JSON.stringify({ schemaType: 'JSON', schema: json(n) }))
      : send(server.url, 'POST', `/compatibility/subjects/big-avro/versions${n % 2 ? '' : '/latest'}`, JSON.stringify({ schema: avro(n) }));
  // Warm-up: both workers have parsed the stored versions and sized their heaps.
  await pool([1, 2, 3, 4, 5, 6, 7, 8], 2, (n) => request(n));
  const before = rssMb(server.child.pid!);
  let peak = before;
  const started = performance.now();
  const statuses = await pool(
    Array.from({ length: REQUESTS }, (_, i) => i + 9),
    2,
    async (n) => {
      const res = await request(n);
      peak = Math.max(peak, rssMb(server.child.pid!));
      return res.status;
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const afterRss = rssMb(server.child.pid!);
  t.diagnostic(`${REQUESTS} requests of ${(avro(1).length / 1024).toFixed(0)} KiB (Avro) and ${(json(1).length / 1024).toFixed(0)} KiB (JSON Schema) in ${seconds.toFixed(1)} s`);
  t.diagnostic(`RSS: ${before.toFixed(0)} MiB after warm-up, peak ${peak.toFixed(0)} MiB, ${afterRss.toFixed(0)} MiB after (growth ${(afterRss - before).toFixed(0)} MiB, bound ${GROWTH_BOUND_MB} MiB)`);
  assert.deepEqual([...new Set(statuses)], [200]);
  assert.equal((await send(server.url, 'GET', '/healthz')).status, 200);
  assert.ok(afterRss - before < GROWTH_BOUND_MB, `retained growth ${(afterRss - before).toFixed(0)} MiB`);
});
