import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parsePrometheus, sampleValue } from '../helpers/prometheus-text.ts';
import { startServer, tempDir } from '../helpers/start-server.ts';

const headers = { 'content-type': 'application/vnd.schemaregistry.v1+json' };
async function call(url: string, method: string, body?: unknown) {
  const res = await fetch(url, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, text, body: text.startsWith('{') || text.startsWith('[') ? (JSON.parse(text) as any) : undefined };
}

it('keeps reports, failure events, compat ids, modes and the audit log across a restart; the in-process counter starts again at zero', async () => {
  const dataDir = tempDir();
  const first = await startServer({ dataDir });
  try {
    await firstRun(first.url);
  } finally {
    await first.kill();
  }

  const second = await startServer({ dataDir });
  try {
    const status = (await call(`${second.url}/governance/subjects/ticks`, 'GET')).body;
    assert.equal(status.validationMode, 'strict');
    assert.equal(status.audited, true, 'the audit entry recorded before the kill cleared it');
    assert.equal(status.schemaCompatId, 'ticks@2');
    assert.deepEqual(status.failures, { total: 2, canary: 1, strict: 1, lastAt: status.failures.lastAt });
    const reports = (await call(`${second.url}/governance/subjects/ticks/reports`, 'GET')).body;
    assert.deepEqual(reports.reports.map((r: { outcome: string }) => r.outcome), ['refused', 'registered', 'registered']);
    const log = (await call(`${second.url}/governance/subjects/ticks/compat-ids`, 'GET')).body;
    assert.deepEqual(log.changelog.map((e: { compatId: string }) => e.compatId), ['ticks@1', 'ticks@2']);
    const audit = (await call(`${second.url}/governance/audit-log`, 'GET')).body;
    assert.deepEqual(audit.entries.map((e: { changeRequest: string }) => e.changeRequest), ['https://git.example/ops/17']);
    assert.equal((await call(`${second.url}/governance/audit-log/verify`, 'GET')).body.ok, true);
    // Prometheus counters are per process; governance never reads them.
    const fresh = parsePrometheus((await call(`${second.url}/metrics`, 'GET')).text);
    assert.equal(sampleValue(fresh, 'seamless_schema_validation_failures_total', { subject: 'ticks', mode: 'strict' }), undefined);
  } finally {
    await second.stop();
  }
});

async function firstRun(url: string) {
  const schema = (fields: string[]) => ({ schema: JSON.stringify({ type: 'record', name: 'Tick', fields: fields.map((name) => ({ name, type: 'double' })) }) });
  await call(`${url}/subjects/ticks/versions`, 'POST', schema(['bid']));
  const canary = await call(`${url}/subjects/ticks/versions`, 'POST', schema(['bid', 'ask']));
  assert.equal(canary.status, 200);
  assert.equal(canary.body.schemaCompatId, 'ticks@2');
  await call(`${url}/governance/subjects/ticks/mode`, 'PUT', { mode: 'strict', user: 'ops' });
  assert.equal((await call(`${url}/subjects/ticks/versions`, 'POST', schema(['bid', 'ask', 'last']))).body.error_code, 40950, 'unaudited strict blocks registrations');
  const audit = await call(`${url}/governance/audit-log`, 'POST', {
    user: 'ops',
    schemaBundleSha: 'c'.repeat(64),
    changeRequest: 'https://git.example/ops/17',
    validationWindow: '48h canary',
    notes: 'strict set by hand during the incident',
    subjects: ['ticks'],
  });
  assert.equal(audit.status, 200, audit.text);
  const refused = await call(`${url}/subjects/ticks/versions`, 'POST', schema(['bid', 'ask', 'last']));
  assert.equal(refused.status, 409);
  const metrics = parsePrometheus((await call(`${url}/metrics`, 'GET')).text);
  assert.equal(sampleValue(metrics, 'seamless_schema_validation_failures_total', { subject: 'ticks', mode: 'canary' }), 1);
  assert.equal(sampleValue(metrics, 'seamless_schema_validation_failures_total', { subject: 'ticks', mode: 'strict' }), 1);
}
