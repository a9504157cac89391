import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { OFFLINE_RESOLVER, parseBundle } from '../../src/core/bundle/parse-bundle.ts';
import { apiHarness, type ApiHarness } from '../helpers/api-harness.ts';

let api: ApiHarness;
afterEach(() => api?.close());

const QMTL = resolve(import.meta.dirname, '../../../shared/examples/qmtl/reference-schemas');
/** The SHA of the QMTL reference bundle: the same on any machine, from files or through the registry. */
const QMTL_BUNDLE_SHA = '18fcd253f62815f9c30e9619b7f7f98c3f4d433e9a14281a8e3409d6639e5592';

const price = { $id: 'https://example.com/schemas/price.schema.json', type: 'object', properties: { amount: { type: 'number' }, currency: { type: 'string' } }, required: ['amount'] };
const order = {
  $id: 'https://example.com/schemas/order.schema.json',
  type: 'object',
  properties: { id: { type: 'string' }, total: { $ref: 'https://example.com/schemas/price.schema.json' } },
  required: ['id', 'total'],
  additionalProperties: false,
};
const entry = (subject: string, schema: unknown) => ({ subject, schemaType: 'JSON', schema: JSON.stringify(schema) });

describe('POST /governance/dry-run', () => {
  it('checks a bundle whose schemas reference each other, validates samples, and changes nothing', async () => {
    api = await apiHarness();
    const res = await api.request('POST', '/governance/dry-run', {
      schemas: [entry('price', price), entry('order', order)],
      samples: {
        order: [{ id: 'o-1', total: { amount: 3.5 } }, { id: 'o-2', total: { currency: 'EUR' } }, { id: 7, total: { amount: 1 }, extra: true }],
      },
    });
    assert.equal(res.status, 200, res.text);
    assert.match(res.body.bundleSha, /^[0-9a-f]{64}$/);
    assert.equal(res.body.ok, false, 'two sample records are invalid');
    const orderResult = res.body.subjects.find((s: { subject: string }) => s.subject === 'order');
    assert.equal(orderResult.valid, true);
    assert.equal(orderResult.wouldRegister, true);
    assert.equal(orderResult.report.outcome, 'dry-run');
    assert.equal(orderResult.report.compatible, true);
    assert.deepEqual({ total: orderResult.samples.total, valid: orderResult.samples.valid, invalid: orderResult.samples.invalid }, { total: 3, valid: 1, invalid: 2 });
    assert.deepEqual(orderResult.samples.invalidRecords.map((r: { index: number }) => r.index), [1, 2]);
    assert.ok(orderResult.samples.invalidRecords[0].issues.some((i: { path: string; message: string }) => i.path === '/total' && /amount/.test(i.message)));
    assert.deepEqual((await api.request('GET', '/subjects')).body, [], 'a dry-run registers nothing');
    assert.equal((await api.request('GET', '/governance/subjects/order/reports')).body.error_code, 40401, 'and stores no report');
  });

  it('reports, per subject, what registering now would do under its level and mode', async () => {
    api = await apiHarness();
    await api.request('POST', '/subjects/price/versions', { ...entry('price', price) });
    const breaking = { ...price, properties: { amount: { type: 'string' } } };
    const canary = (await api.request('POST', '/governance/dry-run', { schemas: [entry('price', breaking)] })).body;
    assert.equal(canary.subjects[0].report.compatible, false);
    assert.equal(canary.subjects[0].wouldRegister, true, 'canary registers incompatible schemas');
    assert.equal(canary.ok, true);
    await api.request('PUT', '/governance/subjects/price/mode', { mode: 'strict', user: 'ops' });
    const strict = (await api.request('POST', '/governance/dry-run', { schemas: [entry('price', breaking)] })).body;
    assert.equal(strict.subjects[0].wouldRegister, false);
    assert.equal(strict.subjects[0].report.mode, 'strict');
    assert.equal(strict.ok, false);
    const same = (await api.request('POST', '/governance/dry-run', { schemas: [entry('price', price)] })).body;
    assert.equal(same.subjects[0].existingVersion, 1);
    assert.deepEqual((await api.request('GET', '/subjects/price/versions')).body, [1]);
  });

  it('answers an invalid schema per subject, without a bundle SHA', async () => {
    api = await apiHarness();
    const res = (await api.request('POST', '/governance/dry-run', { schemas: [entry('price', price), entry('bad', { type: 'objekt' })] })).body;
    assert.equal(res.bundleSha, null);
    assert.equal(res.ok, false);
    const bad = res.subjects.find((s: { subject: string }) => s.subject === 'bad');
    assert.equal(bad.valid, false);
    assert.match(bad.error, /at #\/type: must be equal to one of the allowed values/);
  });

  it('refuses malformed bundles with clear errors', async () => {
    api = await apiHarness();
    for (const [body, code] of [
      [{}, 42252],
      [{ schemas: [] }, 42252],
      [{ schemas: [{ schemaType: 'JSON', schema: '{}' }] }, 42252],
      [{ schemas: [entry('a', {}), entry('a', {})] }, 42252],
      [{ schemas: [entry('a', {})], samples: { b: [{}] } }, 42252],
      [{ schemas: [entry('a', {})], samples: { a: 'not a list' } }, 42252],
      [[1, 2], 400],
    ] as const) {
      const res = await api.request('POST', '/governance/dry-run', body);
      assert.equal(res.body.error_code, code, `${JSON.stringify(body)}: ${res.text}`);
    }
  });

  it('validates 10,000 sample records in one request and lists only the first invalid ones', async () => {
    api = await apiHarness();
    const records = Array.from({ length: 10_000 }, (_, i) => (i % 10 === 0 ? { id: i } : i % 777 === 0 ? 'not an object' : { id: `r-${i}` }));
    const res = await api.request('POST', '/governance/dry-run', {
      schemas: [entry('rows', { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] })],
      samples: { rows: records },
    });
    assert.equal(res.status, 200, res.text);
    const samples = res.body.subjects[0].samples;
    const invalid = records.filter((r) => typeof r !== 'object' || typeof (r as { id: unknown }).id !== 'string').length;
    assert.deepEqual({ total: samples.total, invalid: samples.invalid, valid: samples.valid }, { total: 10_000, invalid, valid: 10_000 - invalid });
    assert.equal(samples.invalidRecords.length, 100);
    assert.ok(res.text.length < 100_000, `the answer stays small (${res.text.length} bytes)`);
  });

  it('validates Avro and Protobuf samples by their schema', async () => {
    api = await apiHarness();
    const res = (
      await api.request('POST', '/governance/dry-run', {
        schemas: [
          { subject: 'avro', schema: JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'n', type: 'long' }] }) },
          { subject: 'proto', schemaType: 'PROTOBUF', schema: 'syntax = "proto3";\nmessage P { string s = 1; int32 n = 2; }' },
        ],
        samples: { avro: [{ n: 1 }, { n: 'one' }], proto: [{ s: 'x', n: 1 }, { s: 1 }] },
      })
    ).body;
    for (const subject of res.subjects) {
      assert.equal(subject.samples.valid, 1, subject.subject);
      assert.equal(subject.samples.invalid, 1, subject.subject);
    }
  });
});

describe('the QMTL bundle', { skip: existsSync(QMTL) ? false : `no bundle at ${QMTL}` }, () => {
  const files = existsSync(QMTL) ? readdirSync(QMTL).filter((f) => f.endsWith('.schema.json')).sort() : [];
  const schemas = files.map((f) => ({ subject: f.replace('.schema.json', ''), schemaType: 'JSON' as const, schema: readFileSync(resolve(QMTL, f), 'utf8'), references: [] }));

  it('has the same bundle SHA through the registry as from the files, and it is pinned', async () => {
    api = await apiHarness();
    const res = (await api.request('POST', '/governance/dry-run', { schemas })).body;
    assert.equal(res.ok, true, JSON.stringify(res.subjects.filter((s: { valid: boolean }) => !s.valid)));
    const fromFiles = await parseBundle(schemas, OFFLINE_RESOLVER);
    assert.equal(fromFiles.sha, res.bundleSha);
    assert.equal(res.bundleSha, QMTL_BUNDLE_SHA);
  });

  it('does not depend on the order of the files or their formatting', async () => {
    const reordered = [...schemas].reverse().map((s) => ({ ...s, schema: JSON.stringify(JSON.parse(s.schema), null, 4) }));
    assert.equal((await parseBundle(reordered, OFFLINE_RESOLVER)).sha, QMTL_BUNDLE_SHA);
  });
});
