import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { apiHarness, avroRecord, type ApiHarness } from '../helpers/api-harness.ts';

let api: ApiHarness;
beforeEach(async () => {
  api = await apiHarness({ settings: { maxSchemaBytes: 64 * 1024 } });
});
afterEach(() => api.close());

/** Every bad request gets a JSON error body with a code from the table, never a 500. */
function assertClientError(res: { status: number; body: any; text: string }, status: number, code: number) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.body.error_code, code, res.text);
  assert.equal(typeof res.body.message, 'string');
  assert.ok(res.body.message.length > 10, 'the message explains');
}

describe('malformed requests', () => {
  it('answers malformed JSON with 400 and where it broke', async () => {
    const res = await api.request('POST', '/subjects/s/versions', '{"schema": "x",');
    assertClientError(res, 400, 400);
    assert.match(res.body.message, /not valid JSON/);
  });

  it('answers a non-JSON content type with 415', async () => {
    assertClientError(await api.request('POST', '/subjects/s/versions', 'schema=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 415);
    assertClientError(await api.request('POST', '/subjects/s/versions', '<schema/>', { 'content-type': 'text/xml' }), 415, 415);
  });

  it('accepts every JSON media type Confluent clients send, with a charset too', async () => {
    const body = JSON.stringify({ schema: '"string"' });
    for (const type of ['application/vnd.schemaregistry.v1+json', 'application/vnd.schemaregistry+json', 'application/json', 'application/json; charset=utf-8', 'application/vnd.schemaregistry.v1+json; charset=utf-8', 'application/octet-stream']) {
      const res = await api.request('POST', '/subjects/s/versions', body, { 'content-type': type });
      assert.equal(res.status, 200, `${type}: ${res.text}`);
    }
  });

  it('ignores unknown fields, as Confluent does', async () => {
    const res = await api.request('POST', '/subjects/s/versions', { schema: '"string"', flavour: 'vanilla', ruleSet: null, metadata: { a: 1 } });
    assert.equal(res.status, 200, res.text);
  });

  it('answers an empty body where one is needed with 400, and accepts one on DELETE with a content type', async () => {
    assertClientError(await api.request('POST', '/subjects/s/versions', ''), 400, 400);
    assertClientError(await api.request('PUT', '/config', ''), 400, 400);
    assertClientError(await api.request('PUT', '/mode', ''), 400, 400);
    await api.register('s', avroRecord(1));
    const res = await api.request('DELETE', '/subjects/s', undefined, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
    assert.deepEqual(res.body, [1]);
  });

  it('answers bodies of the wrong shape with 400 or 42201, never a crash', async () => {
    for (const body of ['[]', '"just a string"', '42', 'null', 'true']) {
      const res = await api.request('POST', '/subjects/s/versions', body);
      assert.ok([400, 422].includes(res.status), `${body}: ${res.text}`);
      assert.ok([400, 42201].includes(res.body.error_code), `${body}: ${res.text}`);
    }
    assertClientError(await api.request('POST', '/subjects/s/versions', { schema: 42 }), 422, 42201);
    assertClientError(await api.request('POST', '/subjects/s/versions', { schema: '"string"', references: 'x' }), 422, 42201);
    assertClientError(await api.request('POST', '/subjects/s/versions', { schema: '"string"', references: [{ name: 'a' }] }), 422, 42201);
    assertClientError(await api.request('POST', '/subjects/s/versions', { schema: '"string"', id: 'seven' }), 422, 42201);
    assertClientError(await api.request('PUT', '/config', [1]), 400, 400);
    assertClientError(await api.request('PUT', '/mode', { mode: 7 }), 422, 42204);
  });

  it('answers unknown endpoints with 404 and an error body', async () => {
    assertClientError(await api.request('GET', '/nothing/here'), 404, 404);
    assertClientError(await api.request('PATCH', '/subjects/s/versions'), 404, 404);
  });

  it('answers /associations with 404 and an error body', async () => {
    assertClientError(await api.request('GET', '/associations/resources/-/orders?resourceType=topic'), 404, 40410);
    assertClientError(await api.request('POST', '/associations', {}), 404, 40410);
  });

  it('refuses bad query parameters with 400', async () => {
    assertClientError(await api.request('GET', '/subjects?offset=-4'), 400, 400);
    assertClientError(await api.request('GET', '/subjects?limit=1e9'), 400, 400);
  });
});

describe('subject names', () => {
  const names = ['a/b', '100%', 'ünïcødé-✓-値', 'with space', 'a?b#c'];
  for (const name of names) {
    it(`stores and serves ${JSON.stringify(name)}`, async () => {
      const reg = await api.register(name, avroRecord(1));
      assert.equal(reg.status, 200, reg.text);
      const read = await api.request('GET', `/subjects/${encodeURIComponent(name)}/versions/latest`);
      assert.equal(read.body.subject, name);
      assert.deepEqual((await api.request('GET', '/subjects')).body, [name]);
    });
  }

  it('refuses control characters and reserved names with 42208', async () => {
    assertClientError(await api.register('\rbad\nsubject\t', avroRecord(1)), 422, 42208);
    assertClientError(await api.register('__GLOBAL', avroRecord(1)), 422, 42208);
  });

  it('refuses a 10 KB subject name with 42208 and says what the limit is', async () => {
    const res = await api.register('x'.repeat(10 * 1024), avroRecord(1));
    assertClientError(res, 422, 42208);
    assert.match(res.body.message, /10240 characters long; the limit is 4096/);
    const unicode = await api.register('値'.repeat(10 * 1024), avroRecord(1));
    assertClientError(unicode, 422, 42208);
    assert.equal((await api.request('GET', `/subjects/${'y'.repeat(10 * 1024)}/versions`)).body.error_code, 40401);
  });

  it('answers a malformed percent-encoding with 400', async () => {
    assertClientError(await api.request('GET', '/subjects/100%/versions'), 400, 400);
    assertClientError(await api.request('GET', '/subjects/%E0%A4%A/versions'), 400, 400);
  });
});

describe('versions', () => {
  for (const version of ['0', '-2', 'abc', '99999999999', '1.5', '2147483648', ' ']) {
    it(`answers version ${JSON.stringify(version)} with 42202`, async () => {
      await api.register('s', avroRecord(1));
      assertClientError(await api.request('GET', `/subjects/s/versions/${encodeURIComponent(version)}`), 422, 42202);
      assertClientError(await api.request('DELETE', `/subjects/s/versions/${encodeURIComponent(version)}`), 422, 42202);
    });
  }
});

describe('size and depth limits', () => {
  it('refuses a schema over the configured size with 42209 and keeps nothing', async () => {
    const big = avroRecord(1, [{ name: 'doc', type: 'string', default: 'x'.repeat(70 * 1024) }]);
    const res = await api.register('big', big);
    assertClientError(res, 422, 42209);
    assert.match(res.body.message, /the limit is 65536 bytes/);
    assert.deepEqual((await api.request('GET', '/subjects')).body, []);
  });

  it('refuses a request body far over the limit with 42209, quoting the limit that applied and where it comes from', async () => {
    const res = await api.request('POST', '/subjects/s/versions', JSON.stringify({ schema: 'x'.repeat(1024 * 1024) }));
    assertClientError(res, 422, 42209);
    assert.match(res.body.message, /the limit is 196608 bytes \(twice registry\.maxSchemaBytes plus 64 KiB/);
    assert.match((await api.register('big', 'x'.repeat(70 * 1024))).body.message, /the limit is 65536 bytes \(registry\.maxSchemaBytes\)/);
    // A change request or dry-run carries sample records: its own, larger limit applies, and the refusal says which.
    const dry = await apiHarness({ settings: { maxSchemaBytes: 64 * 1024, maxDryRunBytes: 256 * 1024 } });
    try {
      const body = JSON.stringify({ title: 't', reference: 'r', user: 'u', schemas: [{ subject: 's', schema: '"string"' }], samples: { s: Array(40_000).fill('sample') } });
      for (const path of ['/governance/change-requests', '/governance/dry-run']) {
        const refused = await dry.request('POST', path, body);
        assertClientError(refused, 422, 42209);
        assert.match(refused.body.message, /the limit is 262144 bytes \(registry\.maxDryRunBytes\)/);
      }
    } finally {
      await dry.close();
    }
  });

  it('refuses deeply nested schemas of every format with 42201', async () => {
    const deepJson = '{"type":"array","items":'.repeat(2000) + '{"type":"string"}' + '}'.repeat(2000);
    assertClientError(await api.register('deep', deepJson, { schemaType: 'JSON' }), 422, 42201);
    assertClientError(await api.register('deep', deepJson), 422, 42201);
    const deepProto = 'syntax = "proto3";\n' + 'message M {'.repeat(2000) + '}'.repeat(2000);
    const proto = await api.register('deep', deepProto, { schemaType: 'PROTOBUF' });
    assertClientError(proto, 422, 42201);
    assert.match(proto.body.message, /nests 2000 levels deep/);
    const deepBody = '['.repeat(100_000) + ']'.repeat(100_000);
    assert.ok([400, 422].includes((await api.request('POST', '/subjects/deep/versions', deepBody)).status));
    // The server is still answering.
    assert.equal((await api.request('GET', '/subjects')).status, 200);
  });
});
