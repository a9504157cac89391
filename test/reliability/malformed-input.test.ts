import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshPostgresUrl, POSTGRES_SKIP } from '../helpers/postgres.ts';
import { startServer, tempDir, type RunningServer } from '../helpers/start-server.ts';
import { badRequests, RAW_REQUESTS, type BadRequest } from './bad-requests.ts';
import { pool, rssMb, send, sendRaw } from './reliability-helpers.ts';

/** The retained memory the limits document states for the default configuration (docs/operations/limits.md). */
const RSS_BOUND_MB = 1024;
const REQUESTS = 10_000;

let server: RunningServer;

/** On the default SQLite file, and on PostgreSQL, which takes less in text (no NUL) and in its parameters. */
for (const [name, skip, store] of [['SQLite', false, ''], ['PostgreSQL', POSTGRES_SKIP, 'postgres']] as const) describe(`bad requests: ${name}`, { skip }, () => {
  before(async () => {
    const dir = tempDir();
    // Short request timeouts: the truncated bodies among the raw requests are answered 408 within seconds.
    writeFileSync(join(dir, 'schemagate.yaml'), `server: { requestTimeout: 3s, headersTimeout: 2s }\n${store && `store: ${freshPostgresUrl()}\n`}`);
    server = await startServer({ dataDir: dir, args: ['--config', join(dir, 'schemagate.yaml')] });
    const seed = async (subject: string, body: unknown) => assert.equal((await send(server.url, 'POST', `/subjects/${subject}/versions`, JSON.stringify(body))).status, 200);
    await seed('seed-avro', { schema: JSON.stringify({ type: 'record', name: 'Seed', fields: [{ name: 'id', type: 'string' }] }) });
    await seed('seed-json', { schemaType: 'JSON', schema: JSON.stringify({ type: 'object', properties: { id: { type: 'string' } } }) });
    await seed('seed-proto', { schemaType: 'PROTOBUF', schema: 'syntax = "proto3"; message Seed { string id = 1; }' });
  });
  after(async () => {
    await server.stop();
  });

  it(`answers ${REQUESTS.toLocaleString('en')} generated bad requests across every route without a 5xx, and stays within its memory bound`, async (t) => {
    const requests = [...badRequests(REQUESTS)];
    const started = performance.now();
    const failures: Array<{ request: BadRequest; status: number; text: string }> = [];
    const byStatus = new Map<number, number>();
    const resets: string[] = [];
    const slow: Array<[number, string]> = [];
    await pool(requests, 8, async (request) => {
      let res;
      try {
        res = await send(server.url, request.method, request.path, request.body, request.headers);
      } catch (err) {
        // The server may answer an oversize body early and close the connection while the client still writes it.
        resets.push(`${(err as Error).message}: ${request.method} ${request.path.slice(0, 60)} (${request.body?.length ?? 0} bytes)`);
        return;
      }
      slow.push([res.ms, `${request.method} ${request.path.slice(0, 50)} ${String(request.body).slice(0, 80)} → ${res.status} ${res.text.slice(0, 100)}`]);
      byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
      if (res.status >= 500) failures.push({ request: { ...request, body: String(request.body).slice(0, 200) }, status: res.status, text: res.text.slice(0, 300) });
    });
    slow.sort((a, b) => b[0] - a[0]);
    for (const bytes of RAW_REQUESTS) {
      const status = await sendRaw(server.url, bytes);
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      if (status >= 500) failures.push({ request: { kind: 'raw', method: '?', path: bytes.subarray(0, 60).toString('latin1') }, status, text: '' });
    }
    const seconds = (performance.now() - started) / 1000;
    const rss = rssMb(server.child.pid!);
    t.diagnostic(`${requests.length + RAW_REQUESTS.length} bad requests in ${seconds.toFixed(1)} s; answers by status: ${[...byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ')}`);
    t.diagnostic(`slowest: ${slow.slice(0, 3).map(([ms, what]) => `${ms.toFixed(0)} ms ${what.slice(0, 90)}`).join(' | ')}`);
    t.diagnostic(`connections the server closed while a body was still being sent (oversize bodies): ${resets.length}`);
    t.diagnostic(`server RSS afterwards: ${rss.toFixed(0)} MiB (bound ${RSS_BOUND_MB} MiB)`);
    const groups = new Map<string, string>();
    for (const f of failures) groups.set(`${f.text} ← ${f.request.method} ${f.request.path.replace(/\/[^/?]*/g, '/…').slice(0, 40)}`, String(f.request.body).slice(0, 120));
    assert.deepEqual([...groups].slice(0, 20), [], `${failures.length} answers were 5xx`);
    assert.ok(resets.every((r) => /bytes\)$/.test(r) && Number(/\((\d+) bytes\)$/.exec(r)![1]) > 2 * 1024 * 1024), `only oversize bodies lose their connection: ${resets.join('; ')}`);
    assert.equal((await send(server.url, 'GET', '/healthz')).status, 200, 'the server is alive');
    // The seed subjects may have been deleted by a generated DELETE; their schemas are still served by id.
    assert.equal((await send(server.url, 'GET', '/schemas/ids/2')).status, 200, 'and still serves what it held');
    assert.ok(rss < RSS_BOUND_MB, `RSS ${rss.toFixed(0)} MiB`);
  });
});
