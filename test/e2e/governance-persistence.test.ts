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

it('keeps reports, failure events, compat ids and modes across a restart; the in-process counter starts again at zero', async () => {
  const dataDir = tempDir();
  const first = await startServer({ dataDir });
  const schema = (fields: string[]) => ({ schema: JSON.stringify({ type: 'record', name: 'Tick', fields: fields.map((name) => ({ name, type: 'double' })) }) });
  await call(`${first.url}/subjects/ticks/versions`, 'POST', schema(['bid']));
  const canary = await call(`${first.url}/subjects/ticks/versions`, 'POST', schema(['bid', 'ask']));
  assert.equal(canary.status, 200);
  assert.equal(canary.body.schemaCompatId, 'ticks@2');
  await call(`${first.url}/governance/subjects/ticks/mode`, 'PUT', { mode: 'strict', user: 'ops' });
  const refused = await call(`${first.url}/subjects/ticks/versions`, 'POST', schema(['bid', 'ask', 'last']));
  assert.equal(refused.status, 409);
  const metrics = parsePrometheus((await call(`${first.url}/metrics`, 'GET')).text);
  assert.equal(sampleValue(metrics, 'seamless_schema_validation_failures_total', { subject: 'ticks', mode: 'canary' }), 1);
  assert.equal(sampleValue(metrics, 'seamless_schema_validation_failures_total', { subject: 'ticks', mode: 'strict' }), 1);
  await first.kill();

  const second = await startServer({ dataDir });
  try {
    const status = (await call(`${second.url}/governance/subjects/ticks`, 'GET')).body;
    assert.equal(status.validationMode, 'strict');
    assert.equal(status.audited, false);
    assert.equal(status.schemaCompatId, 'ticks@2');
    assert.deepEqual(status.failures, { total: 2, canary: 1, strict: 1, lastAt: status.failures.lastAt });
    const reports = (await call(`${second.url}/governance/subjects/ticks/reports`, 'GET')).body;
    assert.deepEqual(reports.reports.map((r: { outcome: string }) => r.outcome), ['refused', 'registered', 'registered']);
    const log = (await call(`${second.url}/governance/subjects/ticks/compat-ids`, 'GET')).body;
    assert.deepEqual(log.changelog.map((e: { compatId: string }) => e.compatId), ['ticks@1', 'ticks@2']);
    // Prometheus counters are per process; governance never reads them.
    const fresh = parsePrometheus((await call(`${second.url}/metrics`, 'GET')).text);
    assert.equal(sampleValue(fresh, 'seamless_schema_validation_failures_total', { subject: 'ticks', mode: 'strict' }), undefined);
  } finally {
    await second.stop();
  }
});
