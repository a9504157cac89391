import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProtobufModel } from './formats/protobuf/protobuf-model.ts';
import { parseSchema } from './parse-schema.ts';

const parse = (schemaType: 'AVRO' | 'JSON' | 'PROTOBUF', schema: string) => parseSchema({ schemaType, schema, references: [] });

describe('parseSchema: identity of a schema', () => {
  it('gives Avro schemas that differ only in spelling one fingerprint, and real differences another', () => {
    const base = parse('AVRO', '{"type":"record","name":"R","namespace":"a","fields":[{"name":"f","type":"int","order":"ascending"}]}');
    assert.equal(parse('AVRO', '{"fields":[{"type":{"type":"int"},"name":"f"}],"name":"a.R","type":"record"}').fingerprint, base.fingerprint);
    for (const different of [
      '{"type":"record","name":"R","namespace":"b","fields":[{"name":"f","type":"int"}]}',
      '{"type":"record","name":"R","namespace":"a","fields":[{"name":"f","type":"long"}]}',
      '{"type":"record","name":"R","namespace":"a","doc":"d","fields":[{"name":"f","type":"int"}]}',
      '{"type":"record","name":"R","namespace":"a","fields":[{"name":"f","type":"int","default":1}]}',
    ]) {
      assert.notEqual(parse('AVRO', different).fingerprint, base.fingerprint, different);
    }
  });

  it('writes a recursive Avro record once and refers to it by name', () => {
    const list = parse('AVRO', '{"type":"record","name":"Node","fields":[{"name":"next","type":["null","Node"]}]}');
    assert.equal(list.canonical, '{"fields":[{"name":"next","type":["null","Node"]}],"name":"Node","type":"record"}');
  });

  it('keeps Protobuf declaration order in the identity (message indexes depend on it)', () => {
    const ab = parse('PROTOBUF', 'syntax = "proto3"; message A { int32 x = 1; } message B { int32 y = 1; }');
    const ba = parse('PROTOBUF', 'syntax = "proto3"; message B { int32 y = 1; } message A { int32 x = 1; }');
    assert.notEqual(ab.fingerprint, ba.fingerprint);
    assert.deepEqual((ab.model as ProtobufModel).messageNames, ['A', 'B']);
    const commented = parse('PROTOBUF', '// header\nsyntax = "proto3";\n/* block */ message A {\n  int32 x = 1; // trailing\n}\nmessage B { int32 y = 1; }');
    assert.equal(commented.fingerprint, ab.fingerprint);
  });

  it('keeps the JSON type apart: the same text as AVRO and JSON is two schemas', () => {
    assert.notEqual(parse('AVRO', '{"type":"string"}').fingerprint, parse('JSON', '{"type":"string"}').fingerprint);
  });

  it('reads the JSON Schema draft from $schema and validates against it', () => {
    assert.ok(parse('JSON', '{"$schema":"http://json-schema.org/draft-04/schema#","type":"object","properties":{"a":{"type":"integer","minimum":0,"exclusiveMinimum":true}}}'));
    assert.ok(parse('JSON', '{"$schema":"http://json-schema.org/draft-06/schema#","type":"number","exclusiveMinimum":0}'));
    assert.ok(parse('JSON', '{"$schema":"https://json-schema.org/draft/2019-09/schema","type":"object","dependentRequired":{"a":["b"]}}'));
    assert.ok(parse('JSON', '{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"array","prefixItems":[{"type":"string"}]}'));
    assert.throws(
      () => parse('JSON', '{"$schema":"http://json-schema.org/draft-04/schema#","type":"number","exclusiveMinimum":0}'),
      /draft-04/,
    );
    assert.ok(parse('JSON', 'true'));
  });
});
