import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { CompatibilityLevel } from '../../src/core/types.ts';
import { recordGlobalStrict } from '../helpers/governance-fixtures.ts';
import { apiHarness, type ApiHarness } from '../helpers/api-harness.ts';

let api: ApiHarness;
afterEach(() => api?.close());

const record = (fields: Array<Record<string, unknown>>) => ({ type: 'record', name: 'Order', fields });
const id = { name: 'id', type: 'string' };
const withDefault = { name: 'note', type: 'string', default: '' };
const withoutDefault = { name: 'amount', type: 'double' };

describe('/config', () => {
  it('answers the global level, changes it, and keeps subject levels apart', async () => {
    api = await apiHarness();
    assert.deepEqual((await api.request('GET', '/config')).body, { compatibilityLevel: 'BACKWARD', compatibilityPolicy: 'STRICT' });
    assert.deepEqual((await api.request('PUT', '/config', { compatibility: 'full' })).body, { compatibility: 'FULL' });
    assert.equal((await api.request('GET', '/config')).body.compatibilityLevel, 'FULL');
    const subjectMissing = await api.request('GET', '/config/s');
    assert.equal(subjectMissing.status, 404);
    assert.equal(subjectMissing.body.error_code, 40408);
    assert.equal((await api.request('GET', '/config/s?defaultToGlobal=true')).body.compatibilityLevel, 'FULL');
    assert.deepEqual((await api.request('PUT', '/config/s', { compatibility: 'NONE', compatibilityPolicy: 'LENIENT' })).body, {
      compatibility: 'NONE',
      compatibilityPolicy: 'LENIENT',
    });
    assert.deepEqual((await api.request('GET', '/config/s')).body, { compatibilityLevel: 'NONE', compatibilityPolicy: 'LENIENT' });
    assert.equal((await api.request('DELETE', '/config/s')).body.compatibilityLevel, 'NONE');
    assert.equal((await api.request('DELETE', '/config/s')).body.error_code, 40401);
    assert.equal((await api.request('DELETE', '/config')).body.compatibilityLevel, 'FULL');
    assert.equal((await api.request('GET', '/config')).body.compatibilityLevel, 'BACKWARD');
  });

  it('answers compatibilityLevel for a subject that only set a policy (clients crash without it)', async () => {
    api = await apiHarness();
    await api.request('PUT', '/config/s', { compatibilityPolicy: 'LENIENT' });
    assert.deepEqual((await api.request('GET', '/config/s')).body, { compatibilityLevel: 'BACKWARD', compatibilityPolicy: 'LENIENT' });
  });

  it('refuses unknown levels and policies with 42203, and nothing changes', async () => {
    api = await apiHarness();
    for (const body of [{ compatibility: 'SIDEWAYS' }, { compatibilityPolicy: 'LOOSE' }, { compatibility: 5 }]) {
      const res = await api.request('PUT', '/config', body);
      assert.equal(res.status, 422);
      assert.equal(res.body.error_code, 42203);
    }
    assert.equal((await api.request('GET', '/config')).body.compatibilityLevel, 'BACKWARD');
  });
});

describe('/mode', () => {
  it('answers READWRITE by default, 40409 for a subject without its own mode, and refuses bad modes with 42204', async () => {
    api = await apiHarness();
    assert.deepEqual((await api.request('GET', '/mode')).body, { mode: 'READWRITE' });
    assert.equal((await api.request('GET', '/mode/s')).body.error_code, 40409);
    assert.deepEqual((await api.request('GET', '/mode/s?defaultToGlobal=true')).body, { mode: 'READWRITE' });
    assert.equal((await api.request('PUT', '/mode', { mode: 'WRITEONLY' })).body.error_code, 42204);
    assert.equal((await api.request('DELETE', '/mode/s')).body.error_code, 40401);
  });

  it('refuses registrations and deletes in READONLY (42205) and lets a subject override the global mode', async () => {
    api = await apiHarness();
    await api.register('s', record([id]));
    await api.request('PUT', '/mode', { mode: 'READONLY' });
    const refused = await api.register('s', record([id, withDefault]));
    assert.equal(refused.body.error_code, 42205);
    assert.match(refused.body.message, /read-only/);
    assert.equal((await api.request('DELETE', '/subjects/s/versions/1')).body.error_code, 42205);
    await api.request('PUT', '/mode/s', { mode: 'READWRITE' });
    assert.equal((await api.register('s', record([id, withDefault]))).status, 200);
    assert.deepEqual((await api.request('DELETE', '/mode/s')).body, { mode: 'READWRITE' });
    await api.request('PUT', '/mode', { mode: 'READONLY_OVERRIDE' });
    await api.request('PUT', '/mode/s', { mode: 'READWRITE' });
    assert.equal((await api.register('s', record([id, withDefault, { name: 'x', type: 'int', default: 0 }]))).body.error_code, 42205);
  });
});

describe('compatibility levels through one reader/writer interface', () => {
  // v1: {id}; v2: {id, note=''}; candidate: {id, amount} (no default).
  // BACKWARD: the candidate reads v2 data → amount has no default → incompatible.
  // FORWARD: v2 reads candidate data → note has a default → compatible.
  const expectations: Record<CompatibilityLevel, boolean> = {
    NONE: true,
    BACKWARD: false,
    BACKWARD_TRANSITIVE: false,
    FORWARD: true,
    FORWARD_TRANSITIVE: true,
    FULL: false,
    FULL_TRANSITIVE: false,
  };
  for (const [level, compatible] of Object.entries(expectations)) {
    it(`${level}: ${compatible ? 'compatible' : 'incompatible'}`, async () => {
      api = await apiHarness();
      await api.request('PUT', '/config/s', { compatibility: 'NONE' });
      await api.register('s', record([id]));
      await api.register('s', record([id, withDefault]));
      await api.request('PUT', '/config/s', { compatibility: level });
      const check = await api.request('POST', '/compatibility/subjects/s/versions?verbose=true', { schema: JSON.stringify(record([id, withoutDefault])) });
      assert.equal(check.body.is_compatible, compatible, JSON.stringify(check.body));
      // Strict for this registration only: an incompatible schema is refused as Confluent refuses it.
      const res = await api.register('s', record([id, withoutDefault]), {}, '?validationMode=strict');
      assert.equal(res.status, compatible ? 200 : 409, res.text);
    });
  }

  it('checks every live version under a transitive level, only the latest otherwise', async () => {
    api = await apiHarness();
    await api.request('PUT', '/config/s', { compatibility: 'NONE' });
    // v1 has a field v2 dropped; a candidate without a default for it reads v2 data but not v1 data.
    await api.register('s', record([id, { name: 'legacy', type: 'int' }]));
    await api.register('s', record([id]));
    const candidate = { schema: JSON.stringify(record([id, { name: 'legacy', type: 'string', default: 'x' }])) };
    await api.request('PUT', '/config/s', { compatibility: 'BACKWARD' });
    assert.equal((await api.request('POST', '/compatibility/subjects/s/versions', candidate)).body.is_compatible, true);
    await api.request('PUT', '/config/s', { compatibility: 'BACKWARD_TRANSITIVE' });
    const transitive = await api.request('POST', '/compatibility/subjects/s/versions?verbose=true', candidate);
    assert.equal(transitive.body.is_compatible, false);
    assert.ok(transitive.body.messages.some((m: string) => m.includes('TYPE_MISMATCH')), transitive.text);
    assert.ok(transitive.body.messages.includes('{oldSchemaVersion: 1}'));
    // Against one named version the level's direction applies to that version only.
    assert.equal((await api.request('POST', '/compatibility/subjects/s/versions/2', candidate)).body.is_compatible, true);
    assert.equal((await api.request('POST', '/compatibility/subjects/s/versions/1', candidate)).body.is_compatible, false);
  });

  it('treats a change of schema type as incompatible', async () => {
    api = await apiHarness();
    await api.register('s', record([id]));
    const res = await api.request('POST', '/compatibility/subjects/s/versions/latest?verbose=true', { schema: '{"type":"object"}', schemaType: 'JSON' });
    assert.equal(res.body.is_compatible, false);
    assert.match(res.body.messages[0], /SCHEMA_TYPE_CHANGED/);
  });
});

describe('/compatibility endpoint', () => {
  it('answers compatible for an unknown subject, 40402 for a missing version, 42202 for a malformed one', async () => {
    api = await apiHarness();
    const body = { schema: JSON.stringify(record([id])) };
    assert.deepEqual((await api.request('POST', '/compatibility/subjects/new/versions/latest', body)).body, { is_compatible: true });
    assert.deepEqual((await api.request('POST', '/compatibility/subjects/new/versions', body)).body, { is_compatible: true });
    await api.register('s', record([id]));
    assert.equal((await api.request('POST', '/compatibility/subjects/s/versions/7', body)).body.error_code, 40402);
    assert.equal((await api.request('POST', '/compatibility/subjects/s/versions/earliest', body)).body.error_code, 42202);
  });

  it('reports an invalid schema as 42201, or as a message with ?verbose=true', async () => {
    api = await apiHarness();
    await api.register('s', record([id]));
    const bad = { schema: '{"type":"record","name":"r","fields":[{"name":"f","type":"string","default":null}]}' };
    assert.equal((await api.request('POST', '/compatibility/subjects/s/versions/latest', bad)).body.error_code, 42201);
    const verbose = await api.request('POST', '/compatibility/subjects/s/versions/latest?verbose=true', bad);
    assert.equal(verbose.body.is_compatible, false);
    assert.match(verbose.body.messages[0], /invalid default/);
  });

  it('never registers anything', async () => {
    api = await apiHarness();
    await api.request('POST', '/compatibility/subjects/s/versions', { schema: JSON.stringify(record([id])) });
    assert.deepEqual((await api.request('GET', '/subjects')).body, []);
  });
});

describe('validation modes on an incompatible registration', () => {
  const v1 = record([id]);
  const breaking = record([id, withoutDefault]);

  it('canary (the default) registers it and says why in a Warning: 299 header', async () => {
    api = await apiHarness();
    await api.register('orders', v1);
    const res = await api.register('orders', breaking);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual({ id: res.body.id, version: res.body.version }, { id: 2, version: 2 });
    const warning = String(res.headers.warning);
    assert.match(warning, /^299 - ".*READER_FIELD_MISSING_DEFAULT_VALUE at \/fields\/1.*"$/);
    assert.match(warning, /version 1 of subject 'orders'/);
  });

  it('strict refuses it with HTTP 409 and error code 409, and nothing is registered', async () => {
    api = await apiHarness({ settings: { validationMode: 'strict' } });
    await recordGlobalStrict(api);
    await api.register('orders', v1);
    const res = await api.register('orders', breaking);
    assert.equal(res.status, 409);
    assert.equal(res.body.error_code, 409);
    assert.match(res.body.message, /incompatible with an earlier schema for subject "orders".*READER_FIELD_MISSING_DEFAULT_VALUE.*oldSchemaVersion: 1/);
    assert.deepEqual((await api.request('GET', '/subjects/orders/versions')).body, [1]);
  });

  it('strict answers 40901 when configured to', async () => {
    api = await apiHarness({ settings: { validationMode: 'strict', incompatibleErrorCode: 40901 } });
    await recordGlobalStrict(api);
    await api.register('orders', v1);
    const res = await api.register('orders', breaking);
    assert.equal(res.status, 409);
    assert.equal(res.body.error_code, 40901);
  });

  it('escapes a Unicode subject in the Warning header instead of failing', async () => {
    api = await apiHarness();
    await api.register('ordres-ü✓', v1);
    const res = await api.register('ordres-ü✓', breaking);
    assert.equal(res.status, 200, res.text);
    assert.match(String(res.headers.warning), /ordres-\\u00fc\\u2713/);
  });
});
