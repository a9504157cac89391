import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { apiHarness, type ApiHarness } from '../helpers/api-harness.ts';

/** Issue 12: Protobuf as Confluent reads it — its bundled imports, and type names however written. */
let api: ApiHarness;
beforeEach(async () => {
  api = await apiHarness();
});
afterEach(() => api.close());

const PROTOBUF = { schemaType: 'PROTOBUF' };

function proto(imports: string[], body: string): string {
  return `syntax = "proto3";\npackage pkg;\n${imports.map((p) => `import "${p}";`).join('\n')}\n${body}\n`;
}

async function check(subject: string, schema: string): Promise<{ is_compatible: boolean; messages?: string[] }> {
  const res = await api.request('POST', `/compatibility/subjects/${subject}/versions/latest?verbose=true`, { schema, ...PROTOBUF });
  assert.equal(res.status, 200, res.text);
  return res.body;
}

describe('Protobuf imports Confluent bundles', () => {
  it('registers a schema importing google/type/datetime.proto without references', async () => {
    const res = await api.register('events', proto(['google/type/datetime.proto'], 'message Event { google.type.DateTime at = 1; google.type.TimeZone zone = 2; }'), PROTOBUF);
    assert.equal(res.status, 200, res.text);
  });

  it('registers one schema importing every google/type and confluent file Confluent bundles', async () => {
    const imports = [
      'confluent/meta.proto',
      'confluent/type/decimal.proto',
      'confluent/type/variant.proto',
      ...['calendar_period', 'color', 'date', 'datetime', 'dayofweek', 'decimal', 'expr', 'fraction', 'interval', 'latlng', 'money', 'month', 'phone_number', 'postal_address', 'quaternion', 'timeofday'].map(
        (name) => `google/type/${name}.proto`,
      ),
      'google/protobuf/api.proto',
      'google/protobuf/type.proto',
    ];
    const body = `message All {
  google.type.CalendarPeriod period = 1;
  google.type.Color color = 2;
  google.type.Date date = 3;
  google.type.DateTime date_time = 4;
  google.type.DayOfWeek day = 5;
  google.type.Decimal decimal = 6;
  google.type.Expr expr = 7;
  google.type.Fraction fraction = 8;
  google.type.Interval interval = 9;
  google.type.LatLng where = 10;
  google.type.Money money = 11;
  google.type.Month month = 12;
  google.type.PhoneNumber phone = 13;
  google.type.PostalAddress address = 14;
  google.type.Quaternion rotation = 15;
  google.type.TimeOfDay time = 16;
  confluent.type.Decimal amount = 17 [(confluent.field_meta) = { params: [ { key: "precision", value: "9" } ] }];
  confluent.type.Variant variant = 18;
  google.protobuf.Api api = 19;
  google.protobuf.Type type = 20;
}`;
    const res = await api.register('all', proto(imports, body), PROTOBUF);
    assert.equal(res.status, 200, res.text);
  });
});

describe('Protobuf type names, relative or fully qualified', () => {
  it('finds .google.protobuf.Timestamp compatible with google.protobuf.Timestamp, and registers it under strict validation', async () => {
    await api.register('ts', proto(['google/protobuf/timestamp.proto'], 'message Event { google.protobuf.Timestamp at = 1; }'), PROTOBUF);
    const v2 = proto(['google/protobuf/timestamp.proto'], 'message Event { .google.protobuf.Timestamp at = 1; }');
    assert.deepEqual(await check('ts', v2), { is_compatible: true, messages: [] });
    const res = await api.register('ts', v2, PROTOBUF, '?validationMode=strict');
    assert.equal(res.status, 200, res.text);
  });

  it('finds .pkg.Msg compatible with Msg, and Outer.Inner with .pkg.Outer.Inner', async () => {
    const body = (msg: string, inner: string) => `message Msg { string a = 1; }\nmessage Outer {\n  message Inner { int64 n = 1; }\n  ${inner} inner = 1;\n}\nmessage R { ${msg} m = 1; }`;
    await api.register('local', proto([], body('Msg', 'Inner')), PROTOBUF);
    assert.deepEqual(await check('local', proto([], body('.pkg.Msg', '.pkg.Outer.Inner'))), { is_compatible: true, messages: [] });
  });

  it('reads a known enum as a number: google.type.DayOfWeek → int32 is compatible', async () => {
    await api.register('day', proto(['google/type/dayofweek.proto'], 'message Shift { google.type.DayOfWeek day = 1; }'), PROTOBUF);
    assert.equal((await check('day', proto([], 'message Shift { int32 day = 1; }'))).is_compatible, true);
  });

  it('still refuses a genuinely different type, however written', async () => {
    await api.register('diff', proto(['google/protobuf/timestamp.proto', 'google/protobuf/duration.proto'], 'message Event { google.protobuf.Timestamp at = 1; }'), PROTOBUF);
    const verdict = await check('diff', proto(['google/protobuf/timestamp.proto', 'google/protobuf/duration.proto'], 'message Event { .google.protobuf.Duration at = 1; }'));
    assert.equal(verdict.is_compatible, false);
    assert.ok(verdict.messages?.some((m) => m.includes('FIELD_NAMED_TYPE_CHANGED')), JSON.stringify(verdict));
  });
});
