import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as packageRoot from 'schemagate';
import { resolveClientConfig, SchemaRegistryClient, SchemaRegistryError } from 'schemagate';
import * as source from '../../src/index.ts';
import { tempDir } from '../helpers/start-server.ts';

describe('the package root', () => {
  it('exports from plain Node (index.js) everything src/index.ts exports', () => {
    assert.deepEqual(Object.keys(packageRoot).sort(), Object.keys(source).sort());
  });
});

describe('SchemaRegistryClient.fromEnv', () => {
  it('prefers connectors.schema_registry_url in qmtl.yml, then QMTL_SCHEMA_REGISTRY_URL, then memory', () => {
    const cwd = tempDir();
    assert.equal(SchemaRegistryClient.fromEnv({ env: {}, cwd }).kind, 'memory');
    const fromEnv = SchemaRegistryClient.fromEnv({ env: { QMTL_SCHEMA_REGISTRY_URL: 'http://env.example:8081' }, cwd });
    assert.deepEqual([fromEnv.kind, fromEnv.url], ['remote', 'http://env.example:8081']);
    writeFileSync(join(cwd, 'qmtl.yml'), 'connectors:\n  schema_registry_url: http://file.example:8081\n');
    assert.equal(SchemaRegistryClient.fromEnv({ env: { QMTL_SCHEMA_REGISTRY_URL: 'http://env.example:8081' }, cwd }).url, 'http://file.example:8081');
    writeFileSync(join(cwd, 'other.yml'), 'connectors: { schema_registry_url: "http://named.example" }\n');
    assert.equal(SchemaRegistryClient.fromEnv({ env: { QMTL_CONFIG_FILE: 'other.yml' }, cwd }).url, 'http://named.example');
    writeFileSync(join(cwd, 'qmtl.yml'), 'connectors: {}\n');
    assert.equal(SchemaRegistryClient.fromEnv({ env: { QMTL_SCHEMA_REGISTRY_URL: 'http://env.example:8081' }, cwd }).url, 'http://env.example:8081', 'a qmtl.yml without the key does not hide the variable');
    assert.throws(() => SchemaRegistryClient.fromEnv({ env: { QMTL_CONFIG_FILE: 'missing.yml' }, cwd }), /names .*missing\.yml, which does not exist/);
  });

  it('takes the validation mode from the option, then QMTL_SCHEMA_VALIDATION_MODE, then canary', () => {
    const cwd = tempDir();
    assert.equal(SchemaRegistryClient.fromEnv({ env: {}, cwd }).validationMode, 'canary');
    assert.equal(SchemaRegistryClient.fromEnv({ env: { QMTL_SCHEMA_VALIDATION_MODE: 'strict' }, cwd }).validationMode, 'strict');
    assert.equal(SchemaRegistryClient.fromEnv({ env: { QMTL_SCHEMA_VALIDATION_MODE: 'strict' }, cwd, validationMode: 'canary' }).validationMode, 'canary');
    assert.throws(() => SchemaRegistryClient.fromEnv({ env: { QMTL_SCHEMA_VALIDATION_MODE: 'sometimes' }, cwd }), /unknown validation mode "sometimes"/);
  });

  it('reads credentials from the environment only', () => {
    assert.deepEqual(resolveClientConfig({ env: { SCHEMAGATE_USER: 'ci', SCHEMAGATE_PASSWORD: 'pw' }, cwd: tempDir() }).credentials, { username: 'ci', password: 'pw' });
    assert.deepEqual(resolveClientConfig({ env: { SCHEMAGATE_TOKEN: 't' }, cwd: tempDir() }).credentials, { token: 't' });
  });
});

/** A registry stand-in that misbehaves on purpose. */
async function fakeRegistry(handler: (url: string, method: string, count: number) => { status: number; body?: unknown } | 'hang'): Promise<{ url: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const answer = handler(req.url ?? '', req.method ?? '', requests.length);
    if (answer === 'hang') return;
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body ?? {}));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

describe('the remote client’s transport', () => {
  it('retries a read that got a 5xx, and sends a registration once', async () => {
    const fake = await fakeRegistry((url, method, count) => {
      if (method === 'GET' && url.startsWith('/subjects/p/versions/latest')) {
        return count === 1 ? { status: 503, body: { error_code: 50301, message: 'busy' } } : { status: 200, body: { subject: 'p', version: 1, id: 4, schema: '{}', schemaType: 'JSON' } };
      }
      if (method === 'POST') return { status: 500, body: { error_code: 50001, message: 'disk full' } };
      return { status: 404, body: { error_code: 40401, message: 'no' } };
    });
    try {
      const client = new SchemaRegistryClient({ url: fake.url });
      assert.equal((await client.latest('p'))?.id, 4);
      assert.equal(fake.requests.filter((r) => r.startsWith('GET /subjects/p/versions/latest')).length, 2);
      await assert.rejects(client.register('p', {}), (err: unknown) => err instanceof SchemaRegistryError && err.status === 500 && err.errorCode === 50001 && /disk full/.test(err.message));
      assert.equal(fake.requests.filter((r) => r.startsWith('POST')).length, 1, 'a write is never repeated');
    } finally {
      fake.server.closeAllConnections();
      fake.server.close();
    }
  });

  it('gives up on a registry that does not answer, with status 0', async () => {
    const fake = await fakeRegistry(() => 'hang');
    try {
      const client = new SchemaRegistryClient({ url: fake.url, timeoutMs: 150 });
      const started = Date.now();
      await assert.rejects(client.getById(1), (err: unknown) => err instanceof SchemaRegistryError && err.status === 0 && /did not answer GET \/schemas\/ids\/1/.test(err.message));
      assert.equal(fake.requests.length, 3, 'one attempt and two retries');
      assert.ok(Date.now() - started < 5_000);
    } finally {
      fake.server.closeAllConnections();
      fake.server.close();
    }
  });

  it('reports a registry that cannot be reached at all', async () => {
    const client = new SchemaRegistryClient({ url: 'http://127.0.0.1:9', timeoutMs: 500 });
    await assert.rejects(client.register('p', {}), (err: unknown) => err instanceof SchemaRegistryError && err.status === 0);
  });
});
