import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { protobufFormat } from '../../formats/protobuf/protobuf-format.ts';
import type { ResolvedReference } from '../../formats/schema-format.ts';
import { diffProtobuf } from './compare-protobuf.ts';

/**
 * A field's type is the type it resolves to, however it is written: fully
 * qualified (`.pkg.Msg`), relative to the package or an enclosing message
 * (`Msg`, `pkg.Msg`, `Outer.Inner`), for local, referenced and known
 * (google/protobuf, google/type, confluent) types alike.
 */
const IMPORTS = ['google/protobuf/timestamp.proto', 'google/type/date.proto', 'google/type/dayofweek.proto', 'google/type/timeofday.proto', 'other.proto'];

const OTHER: ResolvedReference = {
  name: 'other.proto',
  subject: 'other',
  version: 1,
  schemaType: 'PROTOBUF',
  schema: 'syntax = "proto3";\npackage other;\nmessage Addr { string street = 1; }',
  references: [],
};

/** A file in `packageName` whose message R has one field of the given type (at tag 1), with local types to refer to. */
function file(type: string, packageName = 'pkg'): string {
  return `syntax = "proto3";
package ${packageName};
${IMPORTS.map((p) => `import "${p}";`).join('\n')}
message Msg { string a = 1; }
message Other { string a = 1; }
message Outer {
  message Inner { int64 n = 1; }
  ${type} nested = 1;
}
message R {
  ${type} f = 1;
}`;
}

function diff(originalType: string, updateType: string, packageName?: string): string[] {
  const original = protobufFormat.parse(file(originalType, packageName), [OTHER]).model;
  const update = protobufFormat.parse(file(updateType, packageName), [OTHER]).model;
  return diffProtobuf(original, update).map((d) => `${d.ruleId} ${d.path}`);
}

/** Field R.f only: Outer.nested resolves relative names inside Outer, so some spellings only make sense there. */
function diffOfR(originalType: string, updateType: string, packageName?: string): string[] {
  return diff(originalType, updateType, packageName).filter((d) => d.endsWith('#/R/1') || !d.includes('#/Outer/'));
}

describe('protobuf field types compare by resolved name', () => {
  const same: Array<[string, string, string?]> = [
    ['Msg', '.pkg.Msg'],
    ['pkg.Msg', 'Msg'],
    ['.pkg.Outer.Inner', 'Outer.Inner'],
    ['pkg.Outer.Inner', '.pkg.Outer.Inner'],
    ['map<string, Msg>', 'map<string, .pkg.Msg>'],
    ['google.protobuf.Timestamp', '.google.protobuf.Timestamp'],
    ['.google.type.Date', 'google.type.Date'],
    ['other.Addr', '.other.Addr'],
    ['repeated google.type.TimeOfDay', 'repeated .google.type.TimeOfDay'],
    // Inside package google.foo, `protobuf.Timestamp` is google.protobuf.Timestamp.
    ['protobuf.Timestamp', '.google.protobuf.Timestamp', 'google.foo'],
    ['type.DayOfWeek', 'google.type.DayOfWeek', 'google.foo'],
  ];
  for (const [a, b, pkg] of same) {
    it(`${a} and ${b}${pkg ? ` (in package ${pkg})` : ''} are the same type: no difference`, () => {
      assert.deepEqual(diffOfR(a, b, pkg), []);
      assert.deepEqual(diffOfR(b, a, pkg), []);
    });
  }

  it('Inner written inside Outer and .pkg.Outer.Inner are the same type', () => {
    const text = (type: string) => `syntax = "proto3";\npackage pkg;\nmessage Outer {\n  message Inner { int64 n = 1; }\n  ${type} inner = 1;\n}`;
    const diffs = (a: string, b: string) => diffProtobuf(protobufFormat.parse(text(a), []).model, protobufFormat.parse(text(b), []).model);
    assert.deepEqual(diffs('Inner', '.pkg.Outer.Inner'), []);
    assert.deepEqual(diffs('pkg.Outer.Inner', 'Inner'), []);
  });

  const different: Array<[string, string]> = [
    ['Msg', '.pkg.Other'],
    ['.pkg.Msg', 'Other'],
    ['google.protobuf.Timestamp', '.google.type.Date'],
    ['.google.type.Date', 'google.type.TimeOfDay'],
    ['other.Addr', '.pkg.Msg'],
    ['map<string, Msg>', 'map<string, .pkg.Other>'],
  ];
  for (const [a, b] of different) {
    it(`${a} → ${b} is a different type: FIELD_NAMED_TYPE_CHANGED`, () => {
      assert.deepEqual(diffOfR(a, b), ['FIELD_NAMED_TYPE_CHANGED #/R/1']);
    });
  }

  it('reads a known enum (google.type.DayOfWeek) as a number, as Confluent does', () => {
    assert.deepEqual(diffOfR('google.type.DayOfWeek', 'int32'), []);
    assert.deepEqual(diffOfR('.google.type.DayOfWeek', 'string'), ['FIELD_SCALAR_KIND_CHANGED #/R/1']);
  });

  it('compares known types of the same local name field by field (confluent.type.Decimal → google.type.Decimal)', () => {
    const text = (type: string) => `syntax = "proto3";\nimport "confluent/type/decimal.proto";\nimport "google/type/decimal.proto";\nmessage R { ${type} d = 1; }`;
    const original = protobufFormat.parse(text('confluent.type.Decimal'), []).model;
    const update = protobufFormat.parse(text('google.type.Decimal'), []).model;
    // bytes → string keeps the wire kind; precision and scale are gone.
    assert.deepEqual(
      diffProtobuf(original, update).map((d) => `${d.ruleId} ${d.path}`),
      ['FIELD_REMOVED #/Decimal/2', 'FIELD_REMOVED #/Decimal/3'],
    );
  });

  it('uses a reference passed under a known file name instead of the bundled file', () => {
    const text = 'syntax = "proto3";\nimport "google/type/date.proto";\nmessage R { google.type.Date d = 1; }';
    const ownDate: ResolvedReference = {
      name: 'google/type/date.proto',
      subject: 'my-date',
      version: 1,
      schemaType: 'PROTOBUF',
      schema: 'syntax = "proto3";\npackage google.type;\nmessage Date { string iso = 1; }',
      references: [],
    };
    const original = protobufFormat.parse(text, []).model;
    const update = protobufFormat.parse(text, [ownDate]).model;
    const diffs = diffProtobuf(original, update).map((d) => d.ruleId);
    assert.ok(diffs.includes('FIELD_NAMED_TYPE_CHANGED'), diffs.join(', '));
  });
});
