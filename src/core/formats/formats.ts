import type { SchemaType } from '../types.ts';
import { avroFormat } from './avro/avro-format.ts';
import { jsonSchemaFormat } from './json-schema/json-schema-format.ts';
import { protobufFormat } from './protobuf/protobuf-format.ts';
import type { SchemaFormat } from './schema-format.ts';

const FORMATS: Record<SchemaType, SchemaFormat> = {
  AVRO: avroFormat as SchemaFormat,
  JSON: jsonSchemaFormat as SchemaFormat,
  PROTOBUF: protobufFormat as SchemaFormat,
};

export function formatFor(type: SchemaType): SchemaFormat {
  return FORMATS[type];
}
