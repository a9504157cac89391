import avro from 'avsc';
import protobuf from 'protobufjs';
import { errors } from '../errors.ts';
import { avroCanonicalValue } from '../formats/avro/avro-canonical.ts';
import type { AvroType } from '../formats/avro/avro-model.ts';
import type { ProtobufModel } from '../formats/protobuf/protobuf-model.ts';
import type { ParsedSchema } from '../parse-schema.ts';
import { perSchema } from '../per-schema.ts';
import { recordValidatorFor } from '../records/record-validator.ts';

/** Turns values into a schema's payload bytes and back, validating on the way out. */
export interface PayloadCodec {
  encode(value: unknown): { payload: Uint8Array; messageIndexes?: number[] };
  decode(payload: Uint8Array, messageIndexes?: number[]): unknown;
}

/** One codec per parsed schema, built on first use. */
export const payloadCodecFor = perSchema(build);

function build(parsed: ParsedSchema): PayloadCodec {
  const validate = recordValidatorFor(parsed);
  const refuse = (value: unknown) => {
    const issues = validate(value);
    if (issues.length > 0) {
      throw errors.badRequest(`The value does not match the schema: ${issues.slice(0, 5).map((i) => `${i.path} ${i.message}`).join('; ')}`);
    }
  };
  switch (parsed.type) {
    case 'JSON':
      return {
        encode: (value) => {
          refuse(value);
          return { payload: Buffer.from(JSON.stringify(value), 'utf8') };
        },
        decode: (payload) => JSON.parse(Buffer.from(payload).toString('utf8')),
      };
    case 'AVRO': {
      const type = avro.Type.forSchema(avroCanonicalValue(parsed.model as AvroType) as avro.Schema, { wrapUnions: 'auto' });
      return {
        encode: (value) => {
          refuse(value);
          return { payload: type.toBuffer(value) };
        },
        decode: (payload) => type.fromBuffer(Buffer.from(payload)),
      };
    }
    case 'PROTOBUF': {
      const model = parsed.model as ProtobufModel;
      const first = model.messageNames[0];
      return {
        encode: (value) => {
          if (!first) throw errors.badRequest('The Protobuf schema declares no message to encode.');
          refuse(value);
          const type = model.resolvedRoot.lookupType(first);
          return { payload: type.encode(type.fromObject(value as Record<string, unknown>)).finish(), messageIndexes: [0] };
        },
        decode: (payload, indexes = [0]) => {
          const type = messageAt(model, indexes);
          return type.toObject(type.decode(payload), { enums: String, longs: String, bytes: String, defaults: true });
        },
      };
    }
  }
}

/** The message a wire-format index path names: top-level messages of the file, then nested ones. */
function messageAt(model: ProtobufModel, indexes: number[]): protobuf.Type {
  const packageNs = model.package ? model.fileRoot.lookup(model.package) : model.fileRoot;
  let scope = (packageNs as protobuf.Namespace | null)?.nestedArray ?? [];
  let found: protobuf.Type | undefined;
  for (const index of indexes) {
    found = scope.filter((n): n is protobuf.Type => n instanceof protobuf.Type)[index];
    if (!found) throw errors.badRequest(`The message index path [${indexes.join(', ')}] names no message of the schema.`);
    scope = found.nestedArray;
  }
  return model.resolvedRoot.lookupType(found!.fullName.slice(1));
}
