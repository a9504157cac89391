import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { AvroDeserializer, AvroSerializer, SchemaRegistryClient as ConfluentClient, SerdeType } from '@confluentinc/schemaregistry';
import { SchemaRegistryClient, SchemaValidationError } from 'schemagate';
import { parsePrometheus, sampleValue } from '../helpers/prometheus-text.ts';
import { startServer, type RunningServer } from '../helpers/start-server.ts';

/**
 * The QMTL client's own examples, translated to real JSON Schemas, run the
 * same way in memory and against a live `schemagate serve`: the results
 * must be identical, down to ids and reports.
 */
let server: RunningServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

const closed = (properties: Record<string, unknown>) => ({ type: 'object', properties, additionalProperties: false });
const num = { type: 'number' };

async function failuresCounted(client: SchemaRegistryClient, metrics: Registry, subject: string, mode: string): Promise<number | undefined> {
  const text = client.kind === 'memory' ? await metrics.metrics() : await (await fetch(`${server.url}/metrics`)).text();
  return sampleValue(parsePrometheus(text), 'seamless_schema_validation_failures_total', { subject, mode });
}

/** Each seed example; returns what a user would see, for comparing the two kinds of client. */
async function seedExamples(make: (mode: 'canary' | 'strict', metrics: Registry) => SchemaRegistryClient, prefix: string) {
  const seen: unknown[] = [];

  // test_register_and_latest, and registering a second schema gives version 2.
  const plain = make('canary', new Registry());
  const s1 = await plain.register(`${prefix}prices`, closed({ a: num }));
  assert.ok(s1.id > 0);
  assert.equal(s1.version, 1);
  assert.equal((await plain.latest(`${prefix}prices`))?.id, s1.id);
  const s2 = await plain.register(`${prefix}prices`, closed({ a: num, c: num }));
  assert.equal(s2.version, 2);
  assert.equal((await plain.register(`${prefix}prices`, closed({ a: num, c: num }))).version, 2, 'the same schema again is the same version');
  assert.deepEqual((await plain.getById(s1.id))?.schema, JSON.stringify(closed({ a: num })));
  assert.equal(await plain.latest(`${prefix}none`), undefined);
  assert.equal(await plain.get(`${prefix}prices`, 9), undefined);
  assert.equal(await plain.getById(999_999), undefined);
  // Ids are left out: each in-memory client is a registry of its own, the server is one registry for all.
  const strip = (value: object) => JSON.parse(JSON.stringify(value).replaceAll(prefix === '' ? '\u0000' : prefix, ''), (key, v) => (['id', 'schemaId', 'createdAt'].includes(key) ? undefined : v));
  seen.push([s1, s2].map(strip));

  // test_canary_mode_allows_incompatible_and_emits_metric
  const canaryMetrics = new Registry();
  const canary = make('canary', canaryMetrics);
  await canary.register(`${prefix}ticks`, closed({ a: num, b: num }));
  const allowed = await canary.register(`${prefix}ticks`, closed({ a: num }));
  assert.equal(allowed.version, 2);
  const report = (await canary.lastValidation(`${prefix}ticks`))!;
  assert.equal(report.compatible, false);
  assert.ok(report.breakingChanges.some((c) => c.path === '#/properties/b'), JSON.stringify(report.breakingChanges));
  assert.equal(await failuresCounted(canary, canaryMetrics, `${prefix}ticks`, 'canary'), 1);
  seen.push(strip(report));

  // test_strict_mode_blocks_incompatible_change
  const strict = make('strict', new Registry());
  await strict.register(`${prefix}orders`, closed({ a: num, nested: closed({ b: num }) }));
  await assert.rejects(strict.register(`${prefix}orders`, closed({ a: num, nested: closed({}) })), (err: unknown) => {
    assert.ok(err instanceof SchemaValidationError);
    assert.ok(err.report.breakingChanges.some((c) => c.path.endsWith('nested/properties/b')), JSON.stringify(err.report.breakingChanges));
    assert.match(err.message, /incompatible .* strict/);
    return true;
  });
  const refused = (await strict.lastValidation(`${prefix}orders`))!;
  assert.deepEqual([refused.compatible, refused.outcome, refused.mode], [false, 'refused', 'strict']);
  assert.equal((await strict.latest(`${prefix}orders`))?.version, 1, 'nothing was registered');
  seen.push(strip(refused));

  // validate() reports without registering.
  const verdict = await canary.validate(`${prefix}ticks`, closed({ a: { type: 'string' } }));
  assert.equal(verdict.compatible, false);
  assert.equal((await canary.latest(`${prefix}ticks`))?.version, 2);
  seen.push(strip(verdict));
  return seen;
}

describe('SchemaRegistryClient', () => {
  it('runs the QMTL examples in memory and remote with identical results', async () => {
    const memory = await seedExamples((validationMode, metrics) => new SchemaRegistryClient({ validationMode, metrics }), '');
    const remote = await seedExamples((validationMode) => new SchemaRegistryClient({ validationMode, url: server.url }), 'remote-');
    assert.deepEqual(remote, memory);
  });

  it('encodes and decodes in Confluent’s wire format, Avro, JSON and Protobuf, in memory and remote', async () => {
    const avro = { type: 'record', name: 'Tick', fields: [{ name: 'bid', type: 'double' }, { name: 'venue', type: ['null', 'string'], default: null }] };
    const proto = 'syntax = "proto3";\npackage acme;\nmessage Fill {\n  string id = 1;\n  int32 qty = 2;\n}\n';
    for (const client of [new SchemaRegistryClient(), new SchemaRegistryClient({ url: server.url })]) {
      const avroSchema = await client.register('serde-tick', avro, { schemaType: 'AVRO' });
      const bytes = await client.encode('serde-tick', { bid: 1.5, venue: 'X' });
      assert.deepEqual([bytes[0], bytes.readUInt32BE(1)], [0, avroSchema.id]);
      assert.deepEqual({ ...((await client.decode(bytes)) as object) }, { bid: 1.5, venue: 'X' });
      await assert.rejects(client.encode('serde-tick', { bid: 'high' }), /does not match the schema: \/bid/);

      await client.register('serde-doc', closed({ a: num }));
      assert.deepEqual(await client.decode(await client.encode('serde-doc', { a: 2 })), { a: 2 });
      await assert.rejects(client.encode('serde-doc', { a: 2, z: 1 }), /does not match the schema/);

      await client.register('serde-fill', proto, { schemaType: 'PROTOBUF' });
      const fill = await client.encode('serde-fill', { id: 'f-1', qty: 3 });
      assert.equal(fill[5], 0, 'message index [0] is one zero byte');
      assert.deepEqual(await client.decode(fill), { id: 'f-1', qty: 3 });
      await client.close();
    }
  });

  it('encodes with the subject’s latest schema, asking the registry again only after latestTtlMs', async () => {
    const cached = new SchemaRegistryClient({ url: server.url });
    const fresh = new SchemaRegistryClient({ url: server.url, latestTtlMs: 0 });
    const v1 = await cached.register('ttl-doc', { type: 'object', properties: { a: num } });
    assert.equal((await cached.encode('ttl-doc', { a: 1 })).readUInt32BE(1), v1.id);
    const v2 = await cached.register('ttl-doc', { type: 'object', properties: { a: num, b: num } });
    assert.equal((await cached.encode('ttl-doc', { a: 1 })).readUInt32BE(1), v1.id, 'within the TTL the known latest is used');
    assert.equal((await fresh.encode('ttl-doc', { a: 1 })).readUInt32BE(1), v2.id);
    await assert.rejects(fresh.encode('ttl-none', {}), /Subject 'ttl-none' not found/);
  });

  it('speaks the same wire format as Confluent’s own serde, both ways', async () => {
    const avro = { type: 'record', name: 'Quote', namespace: 'com.acme', fields: [{ name: 'px', type: 'double' }] };
    const ours = new SchemaRegistryClient({ url: server.url });
    await ours.register('interop-value', avro, { schemaType: 'AVRO' });
    const confluent = new ConfluentClient({ baseURLs: [server.url] });
    const theirs = await new AvroDeserializer(confluent, SerdeType.VALUE, {}).deserialize('interop', await ours.encode('interop-value', { px: 101.25 }));
    assert.deepEqual({ ...theirs }, { px: 101.25 });
    const bytes = await new AvroSerializer(confluent, SerdeType.VALUE, { useLatestVersion: true }).serialize('interop', { px: 7 });
    assert.deepEqual({ ...((await ours.decode(bytes)) as object) }, { px: 7 });
  });
});

describe('SchemaRegistryClient against a registry that answers a registration as Confluent does', () => {
  it('finds the version of `{id}` alone with a lookup', async () => {
    // Confluent answers POST /subjects/{s}/versions with {"id": N}: a loopback proxy strips the rest of schemagate's answer.
    const proxy = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const upstream = await fetch(`${server.url}${req.url}`, {
        method: req.method,
        headers: { 'content-type': 'application/json' },
        ...(chunks.length > 0 && { body: Buffer.concat(chunks) }),
      });
      let body = await upstream.text();
      if (req.method === 'POST' && /\/versions(\?|$)/.test(req.url ?? '') && upstream.status === 200) body = JSON.stringify({ id: JSON.parse(body).id });
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
    try {
      const client = new SchemaRegistryClient({ url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` });
      const schema = { type: 'object', properties: { id: { type: 'string' } } };
      const first = await client.register('confluent-style', schema);
      const second = await client.register('confluent-style', { ...schema, description: 'v2' });
      assert.deepEqual([first.version, second.version], [1, 2]);
      assert.equal(second.id, (await (await fetch(`${server.url}/subjects/confluent-style/versions/2`)).json() as { id: number }).id);
    } finally {
      proxy.close();
    }
  });
});
