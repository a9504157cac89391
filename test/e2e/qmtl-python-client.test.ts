import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { recordGlobalStrict } from '../helpers/governance-fixtures.ts';
import { startServer, tempDir, type RunningServer } from '../helpers/start-server.ts';

/**
 * QMTL's Python RemoteSchemaRegistryClient posts `{"schema": "<json text>"}`
 * with no schemaType. Confluent's rule reads that as AVRO and refuses every
 * JSON Schema; `registry.defaultSchemaType: JSON` lets the client work.
 * The requests come from a Python process making exactly QMTL's calls.
 */
const CLIENT = resolve(import.meta.dirname, '../fixtures/qmtl-client/remote_client.py');
const python = spawnSync('python3', ['--version']).status === 0 ? 'python3' : undefined;
const skip = python ? false : 'python3 is not installed (the QMTL client is Python)';

const dir = tempDir('schemagate-qmtl-');
function schemaFile(name: string, schema: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(schema));
  return file;
}
const v1 = schemaFile('v1.json', { type: 'object', properties: { id: { type: 'string' }, price: { type: 'number' } }, required: ['id'] });
const v2 = schemaFile('v2.json', { type: 'object', properties: { id: { type: 'string' }, price: { type: 'number', description: 'last trade price' } } });
const broken = schemaFile('broken.json', { type: 'object', properties: { id: { type: 'integer' }, price: { type: 'number' } }, required: ['id'] });

function qmtl(server: RunningServer, ...args: string[]): { status: number; body: any } {
  const run = spawnSync(python!, [CLIENT, server.url, ...args], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

function configFile(yaml: string): string {
  const file = join(tempDir('schemagate-qmtl-config-'), 'schemagate.yml');
  writeFileSync(file, yaml);
  return file;
}

describe('QMTL’s Python client against a registry whose default schema type is JSON', { skip }, () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ args: ['--config', configFile('registry:\n  defaultSchemaType: JSON\n')] });
  });
  after(async () => {
    await server?.stop();
  });

  it('registers, reads the latest version and reads by id, in canary', async () => {
    const first = qmtl(server, 'register', 'qmtl.trades', v1);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const second = qmtl(server, 'register', 'qmtl.trades', v2);
    assert.equal(second.status, 200);
    const latest = qmtl(server, 'latest', 'qmtl.trades');
    assert.equal(latest.status, 200);
    assert.equal(latest.body.version, 2);
    assert.equal(latest.body.schemaType, 'JSON');
    assert.equal(latest.body.id, second.body.id);
    const byId = qmtl(server, 'get-by-id', String(first.body.id));
    assert.equal(byId.status, 200);
    assert.deepEqual(JSON.parse(byId.body.schema), JSON.parse(JSON.stringify({ type: 'object', properties: { id: { type: 'string' }, price: { type: 'number' } }, required: ['id'] })));
    // Canary: an incompatible schema registers, and the failure is recorded.
    const incompatible = qmtl(server, 'register', 'qmtl.trades', broken);
    assert.equal(incompatible.status, 200);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, /seamless_schema_validation_failures_total\{subject="qmtl\.trades",mode="canary"\} 1/);
    assert.equal(qmtl(server, 'latest', 'qmtl.unknown').status, 404);
  });

  it('is refused an incompatible schema in strict, with the registry’s error code', async () => {
    await server.stop();
    server = await startServer({ dataDir: server.dataDir, args: ['--config', configFile('registry:\n  defaultSchemaType: JSON\n  validationMode: strict\n')] });
    await recordGlobalStrict({
      request: async (method, url, body) => {
        const res = await fetch(`${server.url}${url}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: res.status, text: await res.text() };
      },
    });
    assert.equal(qmtl(server, 'register', 'qmtl.quotes', v1).status, 200);
    const refused = qmtl(server, 'register', 'qmtl.quotes', broken);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error_code, 409);
    assert.equal(qmtl(server, 'latest', 'qmtl.quotes').body.version, 1, 'the refused schema left nothing behind');
    assert.equal(qmtl(server, 'register', 'qmtl.quotes', v2).status, 200, 'a compatible change still registers');
  });
});

describe('the default schema type, as Confluent clients need it', { skip }, () => {
  let server: RunningServer;
  after(async () => {
    await server?.stop();
  });

  it('stays AVRO unless set, and a JSON Schema sent without schemaType is told why it was refused', async () => {
    server = await startServer();
    const refused = qmtl(server, 'register', 'qmtl.trades', v1);
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error_code, 42201);
    assert.match(refused.body.message, /named no "schemaType", so it was read as AVRO: send "schemaType", or set registry\.defaultSchemaType/);
    await server.stop();
  });

  it('can be set per subject prefix, so Avro clients and QMTL share one registry', async () => {
    server = await startServer({ args: ['--config', configFile('registry:\n  defaultSchemaTypeByPrefix:\n    "qmtl.": JSON\n')] });
    assert.equal(qmtl(server, 'register', 'qmtl.trades', v1).status, 200);
    const avro = await fetch(`${server.url}/subjects/payments-value/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schema: JSON.stringify({ type: 'record', name: 'Payment', fields: [{ name: 'id', type: 'string' }] }) }),
    });
    assert.equal(avro.status, 200, await avro.clone().text());
    const latest = (await (await fetch(`${server.url}/subjects/payments-value/versions/latest`)).json()) as { schemaType?: string };
    assert.equal(latest.schemaType ?? 'AVRO', 'AVRO');
    assert.equal(qmtl(server, 'latest', 'qmtl.trades').body.schemaType, 'JSON');
  });

  it('refuses an unknown type in the config file at start', async () => {
    const run = spawnSync(process.execPath, [resolve(import.meta.dirname, '../../bin/schemagate.js'), 'serve', '--port', '0', '--store', 'memory', '--config', configFile('registry:\n  defaultSchemaType: XML\n')], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /registry\.defaultSchemaType: unknown schema type "XML"; use AVRO, JSON or PROTOBUF/);
  });
});
