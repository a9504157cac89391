import { createRequire } from 'node:module';
import protobuf from 'protobufjs';

const require = createRequire(import.meta.url);

/**
 * Imports every Confluent-compatible registry resolves without a reference:
 * Google's well-known types (shipped with protobufjs) and the files
 * Confluent's own serializers import (confluent/meta.proto for field
 * metadata, confluent/type/decimal.proto, and the google/type messages).
 */
const CONFLUENT_META = `syntax = "proto3";
package confluent;
import "google/protobuf/descriptor.proto";
message Meta {
  string doc = 1;
  map<string, string> params = 2;
  repeated string tags = 3;
}
extend google.protobuf.FileOptions { Meta file_meta = 1088; }
extend google.protobuf.MessageOptions { Meta message_meta = 1088; }
extend google.protobuf.FieldOptions { Meta field_meta = 1088; }
extend google.protobuf.EnumOptions { Meta enum_meta = 1088; }
extend google.protobuf.EnumValueOptions { Meta enum_value_meta = 1088; }`;

const CONFLUENT_DECIMAL = `syntax = "proto3";
package confluent.type;
message Decimal {
  bytes value = 1;
  uint32 precision = 2;
  int32 scale = 3;
}`;

const GOOGLE_TYPE: Record<string, string> = {
  'google/type/date.proto': 'syntax = "proto3"; package google.type; message Date { int32 year = 1; int32 month = 2; int32 day = 3; }',
  'google/type/timeofday.proto':
    'syntax = "proto3"; package google.type; message TimeOfDay { int32 hours = 1; int32 minutes = 2; int32 seconds = 3; int32 nanos = 4; }',
  'google/type/money.proto':
    'syntax = "proto3"; package google.type; message Money { string currency_code = 1; int64 units = 2; int32 nanos = 3; }',
  'google/type/latlng.proto': 'syntax = "proto3"; package google.type; message LatLng { double latitude = 1; double longitude = 2; }',
  'google/type/dayofweek.proto':
    'syntax = "proto3"; package google.type; enum DayOfWeek { DAY_OF_WEEK_UNSPECIFIED = 0; MONDAY = 1; TUESDAY = 2; WEDNESDAY = 3; THURSDAY = 4; FRIDAY = 5; SATURDAY = 6; SUNDAY = 7; }',
  'google/type/month.proto':
    'syntax = "proto3"; package google.type; enum Month { MONTH_UNSPECIFIED = 0; JANUARY = 1; FEBRUARY = 2; MARCH = 3; APRIL = 4; MAY = 5; JUNE = 6; JULY = 7; AUGUST = 8; SEPTEMBER = 9; OCTOBER = 10; NOVEMBER = 11; DECEMBER = 12; }',
};

const PROTOBUFJS_BUNDLED = ['api', 'descriptor', 'source_context', 'type'];

export function isWellKnownImport(path: string): boolean {
  return (
    protobuf.common.get(path) !== null ||
    PROTOBUFJS_BUNDLED.some((name) => path === `google/protobuf/${name}.proto`) ||
    path === 'confluent/meta.proto' ||
    path === 'confluent/type/decimal.proto' ||
    path in GOOGLE_TYPE
  );
}

/** Adds a well-known file (and what it imports) to a root; true when it was one. */
export function addWellKnownImport(root: protobuf.Root, path: string, added: Set<string>): boolean {
  if (added.has(path)) return true;
  const common = protobuf.common.get(path);
  if (common) {
    added.add(path);
    root.addJSON(common.nested as Record<string, protobuf.AnyNestedObject>);
    return true;
  }
  const bundled = PROTOBUFJS_BUNDLED.find((name) => path === `google/protobuf/${name}.proto`);
  if (bundled) {
    added.add(path);
    const json = require(`protobufjs/google/protobuf/${bundled}.json`) as { nested: Record<string, protobuf.AnyNestedObject> };
    root.addJSON(json.nested);
    return true;
  }
  const text = path === 'confluent/meta.proto' ? CONFLUENT_META : path === 'confluent/type/decimal.proto' ? CONFLUENT_DECIMAL : GOOGLE_TYPE[path];
  if (text === undefined) return false;
  added.add(path);
  const parsed = protobuf.parse(text, root, { keepCase: true });
  for (const dependency of parsed.imports ?? []) addWellKnownImport(root, dependency, added);
  return true;
}
