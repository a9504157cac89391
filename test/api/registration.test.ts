import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { apiHarness, avroRecord, idv, type ApiHarness } from '../helpers/api-harness.ts';

let api: ApiHarness;
beforeEach(async () => {
  api = await apiHarness();
});
afterEach(() => api.close());

describe('registration and global ids', () => {
  it('numbers ids globally and versions per subject, and gives the same schema the same id under two subjects', async () => {
    assert.deepEqual(idv((await api.register('a', avroRecord(1))).body), { id: 1, version: 1 });
    assert.deepEqual(idv((await api.register('a', avroRecord(1, [{ name: 'g', type: 'int', default: 0 }]))).body), { id: 2, version: 2 });
    assert.deepEqual(idv((await api.register('b', avroRecord(1))).body), { id: 1, version: 1 });
    assert.deepEqual((await api.request('GET', '/subjects')).body, ['a', 'b']);
    assert.deepEqual((await api.request('GET', '/subjects/a/versions')).body, [1, 2]);
  });

  it('answers the existing id when the same schema is registered again, without a new version', async () => {
    await api.register('a', avroRecord(1));
    assert.deepEqual(idv((await api.register('a', avroRecord(1))).body), { id: 1, version: 1 });
    assert.deepEqual((await api.request('GET', '/subjects/a/versions')).body, [1]);
  });

  it('treats whitespace and key order as the same schema, in every format', async () => {
    const cases: Array<[string, string, string]> = [
      ['AVRO', '{"type":"record","name":"R","fields":[{"name":"f","type":"string"}]}', '{ "fields" : [ {"type": {"type":"string"}, "name":"f"} ],\n "name": "R", "type": "record" }'],
      ['JSON', '{"type":"object","properties":{"a":{"type":"string"}}}', '{\n  "properties": { "a": { "type": "string" } },\n  "type": "object"\n}'],
      ['PROTOBUF', 'syntax = "proto3";\nmessage M { string a = 1; }', 'syntax = "proto3";\n// a comment\nmessage   M {\n  string a = 1;\n}\n'],
    ];
    for (const [schemaType, first, second] of cases) {
      const subject = `s-${schemaType}`;
      const one = await api.register(subject, first, { schemaType });
      const two = await api.register(subject, second, { schemaType });
      assert.equal(one.status, 200, one.text);
      assert.equal(two.body.id, one.body.id, `${schemaType}: same id`);
      assert.equal(two.body.version, 1, `${schemaType}: no new version`);
    }
  });

  it('keeps Avro names in and out of namespaces the same schema', async () => {
    const a = await api.register('n', { type: 'record', name: 'x.R', fields: [{ name: 'f', type: 'int' }] });
    const b = await api.register('n', { type: 'record', name: 'R', namespace: 'x', fields: [{ name: 'f', type: 'int' }] });
    assert.equal(b.body.id, a.body.id);
  });

  it('stores the text compact, or canonical with ?normalize=true', async () => {
    await api.register('plain', '{ "type": "record", "name": "R", "fields": [ {"name": "f", "type": "string"} ] }');
    assert.equal((await api.request('GET', '/subjects/plain/versions/1')).body.schema, '{"type":"record","name":"R","fields":[{"name":"f","type":"string"}]}');
    await api.register('norm', '{ "type": "record", "name": "R2", "fields": [ {"type": {"type":"string"}, "name": "f"} ] }', {}, '?normalize=true');
    assert.equal((await api.request('GET', '/subjects/norm/versions/1')).body.schema, '{"fields":[{"name":"f","type":"string"}],"name":"R2","type":"record"}');
  });

  it('defaults the schema type to AVRO and reports other types in reads', async () => {
    await api.register('j', { type: 'string' }, { schemaType: 'JSON' });
    const byVersion = (await api.request('GET', '/subjects/j/versions/1')).body;
    assert.equal(byVersion.schemaType, 'JSON');
    await api.register('av', avroRecord(5));
    assert.equal('schemaType' in (await api.request('GET', '/subjects/av/versions/1')).body, false);
    assert.equal((await api.register('bad', '{}', { schemaType: 'XML' })).body.error_code, 42201);
  });

  it('refuses a version number that is not the next one', async () => {
    await api.register('v', avroRecord(1));
    const res = await api.register('v', avroRecord(2, [{ name: 'g', type: 'int', default: 1 }]), { version: 5 });
    assert.equal(res.status, 422);
    assert.equal(res.body.error_code, 42201);
    assert.match(res.body.message, /next version of subject 'v' is 2/);
  });
});

describe('invalid schemas (42201) say what is wrong and where', () => {
  const invalid: Array<[string, unknown, RegExp]> = [
    ['AVRO', '{"type":"record","name":"r","fields":[{"type":"str","name":"field1"}]}', /at \/fields\/0\/type: unknown type 'str'/],
    ['AVRO', '{"type":"record","name":"r","fields":[{"name":"f","type":"string","default":null}]}', /at \/fields\/0\/default: invalid default for field 'f'/],
    ['AVRO', '{"type":"enum","name":"E","symbols":["A","A"]}', /at \/symbols\/1: duplicate enum symbol 'A'/],
    ['AVRO', '{"type":"record","name":"1bad","fields":[]}', /at \/name: invalid name '1bad'/],
    ['AVRO', '{"type":"record"', /not valid JSON/],
    ['JSON', '{"type":"objekt"}', /at #\/type: must be equal to one of the allowed values/],
    ['JSON', '{"properties":{"a":{"$ref":"#/definitions/missing"}}}', /can't resolve reference #\/definitions\/missing/],
    ['JSON', '[1,2]', /a JSON Schema is an object or a boolean/],
    ['JSON', '{"$schema":"http://example.com/custom","type":"string"}', /at #\/\$schema: unsupported \$schema/],
    ['PROTOBUF', 'syntax = "proto3";\nmessage A { string a = 1 }', /illegal token '}'.*line 2/],
    ['PROTOBUF', 'syntax = "proto3";\nmessage A { Missing a = 1; }', /no such Type or Enum 'Missing'/],
    ['PROTOBUF', 'syntax = "proto3";\nimport "other.proto";\nmessage A { string a = 1; }', /import "other.proto" cannot be resolved/],
  ];
  for (const [schemaType, schema, message] of invalid) {
    it(`${schemaType}: ${String(schema).slice(0, 60)}`, async () => {
      const res = await api.register('bad', schema, { schemaType });
      assert.equal(res.status, 422, res.text);
      assert.equal(res.body.error_code, 42201);
      assert.match(res.body.message, message);
      assert.equal((await api.request('GET', '/subjects')).body.length, 0, 'nothing was registered');
    });
  }

  it('refuses a request without a schema', async () => {
    const res = await api.request('POST', '/subjects/s/versions', { schemaType: 'AVRO' });
    assert.equal(res.body.error_code, 42201);
    assert.match(res.body.message, /no "schema" field/);
  });

  it('resolves Protobuf well-known imports without references', async () => {
    const res = await api.register(
      'wk',
      'syntax = "proto3";\nimport "google/protobuf/timestamp.proto";\nimport "confluent/meta.proto";\nmessage A { google.protobuf.Timestamp at = 1; }',
      { schemaType: 'PROTOBUF' },
    );
    assert.equal(res.status, 200, res.text);
  });
});

describe('references', () => {
  it('resolves version -1 to the latest version at registration and serves the resolved version', async () => {
    await api.register('ref', { type: 'record', name: 'com.acme.Address', fields: [{ name: 'street', type: 'string' }] });
    await api.register('ref', { type: 'record', name: 'com.acme.Address', fields: [{ name: 'street', type: 'string' }, { name: 'zip', type: 'string', default: '' }] });
    const res = await api.register(
      'user',
      { type: 'record', name: 'com.acme.User', fields: [{ name: 'home', type: 'com.acme.Address' }] },
      { references: [{ name: 'com.acme.Address', subject: 'ref', version: -1 }] },
    );
    assert.equal(res.status, 200, res.text);
    const stored = (await api.request('GET', `/schemas/ids/${res.body.id}`)).body;
    assert.deepEqual(stored.references, [{ name: 'com.acme.Address', subject: 'ref', version: 2 }]);
    assert.deepEqual((await api.request('GET', '/subjects/ref/versions/2/referencedby')).body, [res.body.id]);
    assert.deepEqual((await api.request('GET', '/subjects/ref/versions/1/referencedby')).body, []);
  });

  it('refuses a schema whose reference does not exist, or that uses a name no reference defines', async () => {
    const missing = await api.register('u', avroRecord(1), { references: [{ name: 'x', subject: 'nope', version: 1 }] });
    assert.equal(missing.body.error_code, 42201);
    assert.match(missing.body.message, /reference 'x' points at subject 'nope' version 1, which does not exist/);
    const unknown = await api.register('u', { type: 'record', name: 'U', fields: [{ name: 'a', type: 'com.acme.Address' }] });
    assert.equal(unknown.body.error_code, 42201);
  });

  it('gives the same id to a schema whose references are listed in another order', async () => {
    await api.register('r1', { type: 'record', name: 'ns.A', fields: [] });
    await api.register('r2', { type: 'record', name: 'ns.B', fields: [] });
    const schema = { type: 'record', name: 'ns.C', fields: [{ name: 'a', type: 'ns.A' }, { name: 'b', type: 'ns.B' }] };
    const one = await api.register('c', schema, { references: [{ name: 'ns.A', subject: 'r1', version: 1 }, { name: 'ns.B', subject: 'r2', version: 1 }] });
    const two = await api.request('POST', '/subjects/c', {
      schema: JSON.stringify(schema),
      references: [{ name: 'ns.B', subject: 'r2', version: 1 }, { name: 'ns.A', subject: 'r1', version: 1 }],
    });
    assert.equal(two.status, 200, two.text);
    assert.equal(two.body.id, one.body.id);
  });

  it('resolves JSON Schema and Protobuf references by name', async () => {
    await api.register('addr-json', { type: 'object', properties: { street: { type: 'string' } } }, { schemaType: 'JSON' });
    const json = await api.register(
      'user-json',
      { type: 'object', properties: { home: { $ref: 'address.json' } } },
      { schemaType: 'JSON', references: [{ name: 'address.json', subject: 'addr-json', version: 1 }] },
    );
    assert.equal(json.status, 200, json.text);
    await api.register('addr-proto', 'syntax = "proto3";\npackage acme;\nmessage Address { string street = 1; }', { schemaType: 'PROTOBUF' });
    const proto = await api.register(
      'user-proto',
      'syntax = "proto3";\npackage acme;\nimport "address.proto";\nmessage User { Address home = 1; }',
      { schemaType: 'PROTOBUF', references: [{ name: 'address.proto', subject: 'addr-proto', version: 1 }] },
    );
    assert.equal(proto.status, 200, proto.text);
  });
});

describe('lookup: POST /subjects/{subject}', () => {
  it('finds the version of a registered schema, 40403 for an unknown schema, 40401 for an unknown subject', async () => {
    await api.register('s', avroRecord(1));
    const found = await api.request('POST', '/subjects/s', { schema: JSON.stringify(avroRecord(1)) });
    assert.deepEqual(found.body, { subject: 's', version: 1, id: 1, schema: JSON.stringify(avroRecord(1)) });
    const notFound = await api.request('POST', '/subjects/s', { schema: JSON.stringify(avroRecord(2)) });
    assert.equal(notFound.status, 404);
    assert.equal(notFound.body.error_code, 40403);
    const noSubject = await api.request('POST', '/subjects/other', { schema: JSON.stringify(avroRecord(1)) });
    assert.equal(noSubject.body.error_code, 40401);
  });

  it('answers 40403 for a schema whose reference does not exist (it cannot have been registered)', async () => {
    await api.register('s', avroRecord(1));
    const res = await api.request('POST', '/subjects/s', { schema: JSON.stringify(avroRecord(1)), references: [{ name: 'x', subject: 'ghost', version: 3 }] });
    assert.equal(res.body.error_code, 40403);
    const reg = await api.register('s', avroRecord(1), { references: [{ name: 'x', subject: 'ghost', version: 3 }] });
    assert.deepEqual(reg.body.reference, { name: 'x', subject: 'ghost', version: 3 });
  });

  it('finds soft-deleted versions only with ?deleted=true', async () => {
    await api.register('s', avroRecord(1));
    await api.register('s', avroRecord(1, [{ name: 'x', type: 'int', default: 0 }]));
    await api.request('DELETE', '/subjects/s/versions/1');
    const body = { schema: JSON.stringify(avroRecord(1)) };
    assert.equal((await api.request('POST', '/subjects/s', body)).body.error_code, 40403);
    const deleted = await api.request('POST', '/subjects/s?deleted=true', body);
    assert.equal(deleted.body.version, 1);
    assert.equal(deleted.body.deleted, true);
  });
});

describe('IMPORT mode', () => {
  it('registers with the given id and version only in IMPORT mode, and continues numbering after it', async () => {
    const schema = JSON.stringify(avroRecord(9));
    const refused = await api.request('POST', '/subjects/imp/versions', { schema, id: 42 });
    assert.equal(refused.body.error_code, 42205);
    assert.match(refused.body.message, /not in import mode/);
    assert.deepEqual((await api.request('PUT', '/mode/imp', { mode: 'IMPORT' })).body, { mode: 'IMPORT' });
    const imported = await api.request('POST', '/subjects/imp/versions', { schema, id: 42, version: 3 });
    assert.deepEqual(idv(imported.body), { id: 42, version: 3 });
    assert.equal((await api.request('POST', '/subjects/imp/versions', { schema: JSON.stringify(avroRecord(10)) })).body.error_code, 42205);
    const clash = await api.request('POST', '/subjects/imp/versions', { schema: JSON.stringify(avroRecord(11)), id: 42, version: 4 });
    assert.equal(clash.body.error_code, 42205);
    const mismatch = await api.request('POST', '/subjects/imp/versions', { schema, id: 43, version: 4 });
    assert.equal(mismatch.body.error_code, 42207);
    await api.request('PUT', '/mode/imp', { mode: 'READWRITE' });
    assert.deepEqual(idv((await api.register('next', avroRecord(12))).body), { id: 43, version: 1 });
  });

  it('refuses to enter IMPORT while subjects exist, unless forced', async () => {
    await api.register('s', avroRecord(1));
    assert.equal((await api.request('PUT', '/mode', { mode: 'IMPORT' })).body.error_code, 42205);
    assert.deepEqual((await api.request('PUT', '/mode?force=true', { mode: 'IMPORT' })).body, { mode: 'IMPORT' });
  });
});
