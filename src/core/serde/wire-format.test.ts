import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import protobuf from 'protobufjs';
import { isRegistryError } from '../errors.ts';
import type { ProtobufModel } from '../formats/protobuf/protobuf-model.ts';
import { parseSchema } from '../parse-schema.ts';
import { payloadCodecFor } from './payload-codec.ts';
import { readFrame, writeFrame } from './wire-format.ts';

describe('Confluent wire format', () => {
  it('frames a payload with the magic byte, the id and, for Protobuf, the message indexes', () => {
    const payload = Buffer.from([7, 8, 9]);
    const plain = writeFrame({ schemaId: 258, payload });
    assert.deepEqual([...plain], [0, 0, 0, 1, 2, 7, 8, 9]);
    assert.deepEqual(readFrame(plain, false), { schemaId: 258, payload });
    const first = writeFrame({ schemaId: 1, messageIndexes: [0], payload });
    assert.deepEqual([...first.subarray(5)], [0, 7, 8, 9], '[0] is a single zero byte');
    const nested = writeFrame({ schemaId: 1, messageIndexes: [1, 2], payload });
    assert.deepEqual([...nested.subarray(5)], [4, 2, 4, 7, 8, 9], 'count and indexes as zig-zag varints');
    assert.deepEqual(readFrame(nested, true).messageIndexes, [1, 2]);
    assert.deepEqual(readFrame(first, true).messageIndexes, [0]);
  });

  it('refuses bytes that are not in the format', () => {
    for (const bytes of [Buffer.from([1, 0, 0, 0, 1]), Buffer.from([0, 0])]) {
      assert.throws(() => readFrame(bytes, false), (err) => isRegistryError(err) && /zero magic byte/.test(err.message));
    }
    assert.throws(() => readFrame(Buffer.from([0, 0, 0, 0, 1, 0x80]), true), /Malformed Protobuf message indexes/);
  });

  it('decodes the Protobuf message the index path names, nested ones included', () => {
    const parsed = parseSchema({
      schemaType: 'PROTOBUF',
      schema: 'syntax = "proto3";\npackage p;\nmessage A { string a = 1; }\nmessage B {\n  message Inner { int32 n = 1; }\n  string b = 1;\n}\n',
      references: [],
    });
    const inner = (parsed.model as ProtobufModel).resolvedRoot.lookupType('p.B.Inner') as protobuf.Type;
    const bytes = inner.encode(inner.fromObject({ n: 5 })).finish();
    assert.deepEqual(payloadCodecFor(parsed).decode(bytes, [1, 0]), { n: 5 });
    assert.throws(() => payloadCodecFor(parsed).decode(bytes, [3]), /names no message/);
  });
});
