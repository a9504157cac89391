import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { protobufFormat } from './protobuf-format.ts';
import { BUNDLED_PROTO_SOURCES } from './bundled-proto-sources.ts';

/** Confluent's ProtobufSchema.KNOWN_DEPENDENCIES, written out independently of the implementation's list. */
const CONFLUENT_KNOWN = [
  'confluent/meta.proto',
  'confluent/type/decimal.proto',
  'confluent/type/variant.proto',
  ...['calendar_period', 'color', 'date', 'datetime', 'dayofweek', 'decimal', 'expr', 'fraction', 'interval', 'latlng', 'money', 'month', 'phone_number', 'postal_address', 'quaternion', 'timeofday'].map(
    (name) => `google/type/${name}.proto`,
  ),
  ...['any', 'api', 'descriptor', 'duration', 'empty', 'field_mask', 'source_context', 'struct', 'timestamp', 'type', 'wrappers'].map((name) => `google/protobuf/${name}.proto`),
];

const parse = (text: string) => protobufFormat.parse(text, []).model;

/** `name id [repeated] type` of each field of a resolved message, oneof members marked with their oneof. */
function fieldsOf(root: protobuf.Root, name: string): string[] {
  return root.lookupType(name).fieldsArray.map((f) => [f.partOf ? `${f.partOf.name}:` : '', f.name, f.id, f.repeated ? 'repeated' : '', f.resolvedType?.fullName ?? f.type].filter(Boolean).join(' '));
}

describe('known dependencies', () => {
  for (const path of CONFLUENT_KNOWN) {
    it(`resolves import "${path}" without a reference`, () => {
      assert.doesNotThrow(() => parse(`syntax = "proto3";\nimport "${path}";\nmessage X { string a = 1; }`));
    });
  }

  it('resolves api.proto and type.proto imported together (they share types)', () => {
    const model = parse(
      'syntax = "proto3";\nimport "google/protobuf/api.proto";\nimport "google/protobuf/type.proto";\nimport "google/protobuf/any.proto";\nmessage X { google.protobuf.Api a = 1; google.protobuf.Type t = 2; google.protobuf.Any any = 3; }',
    );
    const api = model.resolvedRoot.lookupType('google.protobuf.Api');
    assert.equal(api.fieldsById[5].resolvedType?.fullName, '.google.protobuf.SourceContext');
  });

  it('declares the bundled types with the published packages, names, numbers and types', () => {
    const model = parse(
      `syntax = "proto3";\n${Object.keys(BUNDLED_PROTO_SOURCES)
        .map((p) => `import "${p}";`)
        .join('\n')}\nmessage X { string a = 1; }`,
    );
    const root = model.resolvedRoot;
    assert.deepEqual(fieldsOf(root, 'google.type.DateTime').slice(6), ['nanos 7 int32', 'time_offset: utc_offset 8 .google.protobuf.Duration', 'time_offset: time_zone 9 .google.type.TimeZone']);
    assert.deepEqual(fieldsOf(root, 'google.type.PhoneNumber'), ['kind: e164_number 1 string', 'kind: short_code 2 .google.type.PhoneNumber.ShortCode', 'extension 3 string']);
    assert.deepEqual(fieldsOf(root, 'google.type.Color'), ['red 1 float', 'green 2 float', 'blue 3 float', 'alpha 4 .google.protobuf.FloatValue']);
    assert.deepEqual(fieldsOf(root, 'google.type.Interval'), ['start_time 1 .google.protobuf.Timestamp', 'end_time 2 .google.protobuf.Timestamp']);
    assert.deepEqual(fieldsOf(root, 'google.type.PostalAddress').slice(8, 11), ['address_lines 9 repeated string', 'recipients 10 repeated string', 'organization 11 string']);
    assert.deepEqual(fieldsOf(root, 'google.type.Decimal'), ['value 1 string']);
    assert.deepEqual(fieldsOf(root, 'confluent.type.Decimal'), ['value 1 bytes', 'precision 2 uint32', 'scale 3 int32']);
    assert.deepEqual(fieldsOf(root, 'confluent.type.Variant'), ['metadata 1 bytes', 'value 2 bytes']);
    assert.deepEqual(fieldsOf(root, 'confluent.Meta').slice(3), ['rules 4 repeated .confluent.Rule']);
    assert.deepEqual({ ...root.lookupEnum('google.type.CalendarPeriod').values }, { CALENDAR_PERIOD_UNSPECIFIED: 0, DAY: 1, WEEK: 2, FORTNIGHT: 3, MONTH: 4, QUARTER: 5, HALF: 6, YEAR: 7 });
    assert.equal(root.lookupEnum('google.type.DayOfWeek').values.SUNDAY, 7);
    assert.equal(root.lookupEnum('google.type.Month').values.DECEMBER, 12);
  });

  // googleapis' own copies, when a dependency happens to install them: every
  // message and enum must match them field for field.
  const googleapis = ['../../../../node_modules/google-gax/build/protos/']
    .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
    .find((dir) => existsSync(join(dir, 'google', 'type', 'date.proto')));
  it('matches googleapis google/type files', { skip: googleapis ? false : 'google-gax (googleapis protos) is not installed' }, () => {
    for (const path of Object.keys(BUNDLED_PROTO_SOURCES).filter((p) => p.startsWith('google/type/'))) {
      const theirs = protobuf.parse(readFileSync(join(googleapis!, path), 'utf8'), new protobuf.Root(), { keepCase: true }).root;
      const ours = protobuf.parse(BUNDLED_PROTO_SOURCES[path], new protobuf.Root(), { keepCase: true }).root;
      assert.deepEqual(declarations(ours), declarations(theirs), path);
    }
  });
});

/** Messages and enums with their fields or values, options left out. */
function declarations(ns: protobuf.NamespaceBase): unknown {
  return ns.nestedArray.map((n) => {
    if (n instanceof protobuf.Type) {
      return { message: n.name, fields: n.fieldsArray.map((f) => [f.name, f.id, f.rule ?? '', f.type, f.partOf?.name ?? '']), nested: declarations(n) };
    }
    if (n instanceof protobuf.Enum) return { enum: n.name, values: { ...n.values } };
    return n instanceof protobuf.Namespace ? { namespace: n.name, nested: declarations(n) } : { other: n.name };
  });
}
