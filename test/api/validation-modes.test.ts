import assert from 'node:assert/strict';
import { recordGlobalStrict } from '../helpers/governance-fixtures.ts';
import { afterEach, describe, it } from 'node:test';
import { apiHarness, type ApiHarness } from '../helpers/api-harness.ts';
import { parsePrometheus, sampleValue } from '../helpers/prometheus-text.ts';

let api: ApiHarness;
afterEach(() => api?.close());

const json = (schema: unknown) => ({ schema: JSON.stringify(schema), schemaType: 'JSON' });
const failures = async (subject: string, mode: string) =>
  sampleValue(parsePrometheus((await api.request('GET', '/metrics')).text), 'seamless_schema_validation_failures_total', { subject, mode });

describe("the seed's scenarios", () => {
  it('canary: removing b and closing the model registers, reports b as breaking, and counts one failure', async () => {
    api = await apiHarness();
    const v1 = await api.request('POST', '/subjects/prices/versions', json({ type: 'object', properties: { a: { type: 'number' }, b: { type: 'string' } } }));
    assert.equal(v1.body.schemaCompatId, 'prices@1');
    const v2 = await api.request('POST', '/subjects/prices/versions', json({ type: 'object', properties: { a: { type: 'number' } }, additionalProperties: false }));
    assert.equal(v2.status, 200, v2.text);
    assert.equal(v2.body.version, 2);
    const report = v2.body.report;
    assert.equal(report.compatible, false);
    assert.equal(report.mode, 'canary');
    assert.equal(report.outcome, 'registered');
    assert.equal(report.previousVersion, 1);
    assert.deepEqual(report.versionsChecked, [1]);
    assert.ok(
      report.breakingChanges.some((c: { ruleId: string; path: string }) => c.ruleId === 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL' && c.path === '#/properties/b'),
      JSON.stringify(report.breakingChanges),
    );
    assert.match(String(v2.headers.warning), /^299 - ".*PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL at #\/properties\/b.*"$/);
    assert.equal(v2.body.schemaCompatId, 'prices@2', 'an incompatible version starts a new major');
    assert.equal(await failures('prices', 'canary'), 1);
  });

  it('canary: removing a property from an open model is compatible (old data still validates), not a failure', async () => {
    api = await apiHarness();
    await api.request('POST', '/subjects/open/versions', json({ type: 'object', properties: { a: { type: 'number' }, b: { type: 'string' } } }));
    const v2 = await api.request('POST', '/subjects/open/versions', json({ type: 'object', properties: { a: { type: 'number' } } }));
    assert.equal(v2.body.report.compatible, true);
    assert.equal(v2.headers.warning, undefined);
    assert.equal(v2.body.schemaCompatId, 'open@1');
    assert.equal(await failures('open', 'canary'), undefined);
  });

  it('strict: removing b from the closed nested object is refused with 409, and the report names nested and b', async () => {
    api = await apiHarness();
    const nested = (properties: Record<string, unknown>) => ({
      type: 'object',
      properties: { nested: { type: 'object', properties, additionalProperties: false } },
    });
    await api.request('POST', '/subjects/orders/versions', json(nested({ a: { type: 'string' }, b: { type: 'integer' } })));
    assert.equal((await api.request('PUT', '/governance/subjects/orders/mode', { mode: 'strict', user: 'ops' })).status, 200);
    // Strict set by hand is unaudited until an audit entry records it.
    const audit = { user: 'ops', schemaBundleSha: 'a'.repeat(64), changeRequest: 'https://git.example/pr/3', validationWindow: '48h canary', subjects: ['orders'] };
    assert.equal((await api.request('POST', '/governance/audit-log', audit)).status, 200);
    const refused = await api.request('POST', '/subjects/orders/versions', json(nested({ a: { type: 'string' } })));
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error_code, 409);
    assert.equal(refused.body.report.outcome, 'refused');
    assert.equal(refused.body.report.mode, 'strict');
    assert.ok(
      refused.body.report.breakingChanges.some((c: { path: string }) => c.path === '#/properties/nested/properties/b'),
      JSON.stringify(refused.body.report.breakingChanges),
    );
    assert.deepEqual((await api.request('GET', '/subjects/orders/versions')).body, [1]);
    const status = (await api.request('GET', '/governance/subjects/orders')).body;
    assert.deepEqual(status.failures.strict, 1);
    assert.equal(await failures('orders', 'strict'), 1);
    const reports = (await api.request('GET', '/governance/subjects/orders/reports')).body;
    assert.equal(reports.reports[0].outcome, 'refused');
  });
});

describe('reports', () => {
  it('keeps every registration report as history, newest first, paged', async () => {
    api = await apiHarness();
    for (let i = 0; i < 5; i++) {
      await api.request('POST', '/subjects/h/versions', json({ type: 'object', title: `v${i}` }));
    }
    await api.request('POST', '/subjects/h/versions', json({ type: 'object', title: 'v4' }));
    const all = (await api.request('GET', '/governance/subjects/h/reports')).body;
    assert.equal(all.total, 5, 're-registering an existing schema writes no report');
    assert.deepEqual(all.reports.map((r: { version: number }) => r.version), [5, 4, 3, 2, 1]);
    const page = (await api.request('GET', '/governance/subjects/h/reports?offset=1&limit=2')).body;
    assert.deepEqual(page.reports.map((r: { version: number }) => r.version), [4, 3]);
    assert.equal((await api.request('GET', '/governance/subjects/none/reports')).body.error_code, 40401);
  });

  it('lists the fields a version adds', async () => {
    api = await apiHarness();
    await api.register('users', { type: 'record', name: 'User', fields: [{ name: 'id', type: 'string' }] });
    const v2 = await api.register('users', {
      type: 'record',
      name: 'User',
      fields: [{ name: 'id', type: 'string' }, { name: 'email', type: ['null', 'string'], default: null }],
    });
    assert.deepEqual(v2.body.report.addedFields, ['/fields/1']);
  });
});

describe('schema_compat_id', () => {
  it('keeps the major while versions stay compatible with their predecessor and bumps it otherwise, even under NONE', async () => {
    api = await apiHarness();
    await api.request('PUT', '/config/c', { compatibility: 'NONE' });
    const ids = [];
    for (const fields of [['id'], ['id', 'note'], ['code'], ['code', 'extra']]) {
      const schema = { type: 'record', name: 'R', fields: fields.map((name, i) => ({ name, type: 'string', ...(i > 0 && { default: '' }) })) };
      ids.push((await api.register('c', schema)).body.schemaCompatId);
    }
    assert.deepEqual(ids, ['c@1', 'c@1', 'c@2', 'c@2']);
    const log = (await api.request('GET', '/governance/subjects/c/compat-ids')).body;
    assert.equal(log.current, 'c@2');
    assert.deepEqual(log.changelog.map((e: { compatId: string; firstVersion: number; lastVersion: number }) => [e.compatId, e.firstVersion, e.lastVersion]), [
      ['c@1', 1, 2],
      ['c@2', 3, 4],
    ]);
    assert.equal(log.changelog[1].bumpedBy.version, 3);
    assert.equal(log.changelog[1].bumpedBy.previousVersion, 2);
    assert.ok(log.changelog[1].bumpedBy.breakingChanges.some((c: { ruleId: string }) => c.ruleId === 'READER_FIELD_MISSING_DEFAULT_VALUE'));
    const again = await api.register('c', { type: 'record', name: 'R', fields: [{ name: 'id', type: 'string' }] });
    assert.equal(again.body.schemaCompatId, 'c@1', 'an existing version answers with the compat id it was registered under');
  });

  it('follows the latest live version after a soft delete, and a later version never joins the deleted major', async () => {
    api = await apiHarness();
    await api.request('PUT', '/config/e', { compatibility: 'NONE' });
    const record = (...fields: string[]) => ({ type: 'record', name: 'E', fields: fields.map((name) => ({ name, type: 'string', default: '' })) });
    const status = async () => (await api.request('GET', '/governance/subjects/e')).body.schemaCompatId;
    await api.register('e', record('id'));
    await api.register('e', { type: 'record', name: 'E', fields: [{ name: 'key', type: 'int' }] }); // breaking: e@2
    assert.equal(await status(), 'e@2');
    assert.equal((await api.request('DELETE', '/subjects/e/versions/2')).status, 200);
    assert.equal(await status(), 'e@1', 'v1 is the latest live version, and it is e@1');
    assert.equal((await api.request('GET', '/governance/subjects/e/compat-ids')).body.current, 'e@1');
    // Compatible with v1, never judged against the deleted v2: a new major, saying why.
    const v3 = await api.register('e', record('id', 'note'));
    assert.equal(v3.body.schemaCompatId, 'e@3');
    const log = (await api.request('GET', '/governance/subjects/e/compat-ids')).body;
    assert.equal(log.current, 'e@3');
    assert.deepEqual(log.changelog.at(-1).bumpedBy, { version: 3, previousVersion: 1, breakingChanges: [], deletedMajor: 'e@2' });
    assert.equal((await api.request('DELETE', '/subjects/e/versions/3')).status, 200);
    assert.equal((await api.request('DELETE', '/subjects/e/versions/1')).status, 200);
    assert.equal(await status(), null, 'no live version, no current compat id');
    // The very schema the latest major ended with, registered again: the same major, no reason for consumers to move.
    assert.equal((await api.register('e', record('id', 'note'))).body.schemaCompatId, 'e@3');
    // Anything else after every version was deleted starts a new major, saying why.
    await api.request('DELETE', '/subjects/e/versions/4');
    assert.equal((await api.register('e', record('id', 'other'))).body.schemaCompatId, 'e@4');
    const last = (await api.request('GET', '/governance/subjects/e/compat-ids')).body.changelog.at(-1);
    assert.deepEqual(last.bumpedBy, { version: 5, previousVersion: null, breakingChanges: [], deletedMajor: 'e@3' });
  });
});

describe('/governance/subjects and /governance/config', () => {
  it("reports a subject's mode, level, policy, compat id, failures and audit state", async () => {
    api = await apiHarness();
    await api.register('s', { type: 'record', name: 'R', fields: [] });
    const status = (await api.request('GET', '/governance/subjects/s')).body;
    assert.deepEqual(status, {
      subject: 's',
      validationMode: 'canary',
      validationModeSource: 'default',
      compatibilityLevel: 'BACKWARD',
      compatibilityPolicy: 'STRICT',
      schemaCompatId: 's@1',
      latestVersion: 1,
      audited: true,
      failures: { total: 0, canary: 0, strict: 0, lastAt: null },
    });
    assert.equal((await api.request('PUT', '/governance/subjects/s/mode', { mode: 'strict' })).body.error_code, 42255, 'auth off: the acting user is named');
    const strict = (await api.request('PUT', '/governance/subjects/s/mode', { mode: 'strict', user: 'ops' })).body;
    assert.equal(strict.validationMode, 'strict');
    assert.equal(strict.validationModeSource, 'subject');
    assert.equal(strict.audited, false, 'strict set directly is unaudited');
    assert.equal((await api.request('PUT', '/governance/subjects/s/mode', { mode: 'loose', user: 'ops' })).body.error_code, 42250);
    assert.equal((await api.request('GET', '/governance/subjects/unknown')).body.error_code, 40401);
  });

  it('changes the global validation mode, canary window and approval roles, and refuses bad values', async () => {
    api = await apiHarness();
    assert.deepEqual((await api.request('GET', '/governance/config')).body, {
      validationMode: 'canary',
      validationModeSource: 'default',
      minCanaryWindow: '48h',
      minCanaryWindowMs: 172_800_000,
      requiredApprovals: ['data-platform', 'strategy-owner'],
    });
    const changed = (await api.request('PUT', '/governance/config', { validationMode: 'strict', minCanaryWindow: '72h' })).body;
    assert.equal(changed.validationMode, 'strict');
    assert.equal(changed.validationModeSource, 'global');
    assert.equal(changed.minCanaryWindowMs, 72 * 3_600_000);
    for (const [body, code] of [
      [{ validationMode: 'sometimes' }, 42250],
      [{ minCanaryWindow: '0h' }, 42251],
      [{ minCanaryWindow: 'soon' }, 42251],
      [{ requiredApprovals: [] }, 42251],
      [{ requiredApprovals: ['data-platform', 'data-platform'] }, 42251],
      [{ requiredApprovals: ['janitor'] }, 42251],
    ] as const) {
      const res = await api.request('PUT', '/governance/config', body);
      assert.equal(res.body.error_code, code, JSON.stringify(body));
    }
    assert.equal((await api.request('GET', '/governance/config')).body.minCanaryWindow, '72h', 'refused changes changed nothing');
    // The new global mode applies to subjects without their own — once an audit entry records it.
    const unaudited = await api.register('g', { type: 'record', name: 'R', fields: [] });
    assert.deepEqual([unaudited.status, unaudited.body.error_code], [409, 40950]);
    await recordGlobalStrict(api);
    assert.equal((await api.request('GET', '/governance/subjects/g')).status, 404, 'recording global strict creates no subject');
    assert.equal((await api.register('g', { type: 'record', name: 'R', fields: [] })).status, 200);
    const refused = await api.register('g', { type: 'record', name: 'R', fields: [{ name: 'x', type: 'int' }] });
    assert.deepEqual([refused.status, refused.body.error_code], [409, 409]);
    // Setting the global mode again to what it is keeps the record; changing it drops it.
    await api.request('PUT', '/governance/config', { validationMode: 'strict' });
    assert.equal((await api.request('GET', '/governance/subjects/g')).body.audited, true);
    await api.request('PUT', '/governance/config', { validationMode: 'canary' });
    await api.request('PUT', '/governance/config', { validationMode: 'strict' });
    assert.equal((await api.request('GET', '/governance/subjects/g')).body.audited, false);
  });
});

describe('/governance/subjects/{s}/diff', () => {
  it('lists every difference between two versions with its rule id and verdict, both ways', async () => {
    api = await apiHarness();
    await api.request('PUT', '/config/d', { compatibility: 'NONE' });
    await api.register('d', { type: 'record', name: 'R', fields: [{ name: 'a', type: 'int' }, { name: 'gone', type: 'string' }] });
    await api.register('d', { type: 'record', name: 'R', fields: [{ name: 'a', type: 'long' }, { name: 'b', type: 'string' }] });
    const diff = (await api.request('GET', '/governance/subjects/d/diff?from=1&to=latest')).body;
    assert.equal(diff.compatible, true, 'level NONE');
    assert.equal(diff.backward.compatible, false);
    const backward = diff.backward.differences.map((d: { ruleId: string; path: string; compatible: boolean }) => `${d.compatible ? '' : '!'}${d.ruleId} ${d.path}`).sort();
    assert.deepEqual(backward, ['!READER_FIELD_MISSING_DEFAULT_VALUE /fields/1', 'TYPE_PROMOTED /fields/0/type', 'WRITER_FIELD_IGNORED /']);
    assert.equal(diff.forward.compatible, false);
    assert.match(diff.summary[0], /d v1 → v2: compatible under NONE/);
    assert.equal((await api.request('GET', '/governance/subjects/d/diff?from=1')).body.error_code, 400);
    assert.equal((await api.request('GET', '/governance/subjects/d/diff?from=1&to=9')).body.error_code, 40402);
  });
});

describe('/metrics', () => {
  it('serves Prometheus text with requests by route and status, registrations by format and process metrics', async () => {
    api = await apiHarness();
    await api.register('m', { type: 'record', name: 'R', fields: [] });
    await api.request('GET', '/schemas/ids/1');
    await api.request('GET', '/schemas/ids/99');
    const res = await api.request('GET', '/metrics');
    assert.match(String(res.headers['content-type']), /text\/plain/);
    const samples = parsePrometheus(res.text);
    assert.equal(sampleValue(samples, 'schemagate_registrations_total', { format: 'AVRO' }), 1);
    assert.equal(sampleValue(samples, 'schemagate_http_requests_total', { route: '/schemas/ids/:id', status: '200' }), 1);
    assert.equal(sampleValue(samples, 'schemagate_http_requests_total', { route: '/schemas/ids/:id', status: '404' }), 1);
    assert.ok((sampleValue(samples, 'schemagate_http_request_duration_seconds_count', { route: '/subjects/:subject/versions', method: 'POST' }) ?? 0) >= 1);
    assert.ok(sampleValue(samples, 'process_cpu_user_seconds_total') !== undefined);
  });
});
